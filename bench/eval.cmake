add_executable(eval_bench ${CMAKE_CURRENT_SOURCE_DIR}/eval_bench.cc)
target_link_libraries(eval_bench PRIVATE vigil vigil_re2 benchmark::benchmark vigil_internal_flags)
target_include_directories(eval_bench PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(eval_bench PRIVATE
  VIGIL_BENCH_SCHEMA="${CMAKE_CURRENT_SOURCE_DIR}/data/vpc.graphql")
