# The synthetic-graph generator and the graph load benchmark.
#   vigil_gen --vpcs 1000000 --out /tmp/vpc-1m.json
#   graph_load_bench   (generates <build>/bench/vpc-1m.json when absent)
# (target vigil_gen_vpc: `vigil_gen` is the library of src/gen)
add_executable(vigil_gen_vpc ${PROJECT_SOURCE_DIR}/tools/gen_graph.cc)
set_target_properties(vigil_gen_vpc PROPERTIES OUTPUT_NAME vigil_gen)
target_link_libraries(vigil_gen_vpc PRIVATE vigil_internal_flags)

add_executable(graph_load_bench ${CMAKE_CURRENT_SOURCE_DIR}/graph_load_bench.cc)
target_link_libraries(graph_load_bench PRIVATE vigil_graph simdjson::simdjson
                      benchmark::benchmark)
target_include_directories(graph_load_bench PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(graph_load_bench PRIVATE
  VIGIL_GEN_PATH="$<TARGET_FILE:vigil_gen_vpc>"
  VIGIL_BENCH_SCHEMA="${CMAKE_CURRENT_SOURCE_DIR}/data/vpc.graphql"
  VIGIL_BENCH_DATA_DIR="${CMAKE_CURRENT_BINARY_DIR}")
add_dependencies(graph_load_bench vigil_gen_vpc)
target_link_libraries(graph_load_bench PRIVATE vigil_internal_flags)
