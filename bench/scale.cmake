add_executable(scale_bench ${CMAKE_CURRENT_SOURCE_DIR}/scale_bench.cc)
target_link_libraries(scale_bench PRIVATE vigil benchmark::benchmark vigil_internal_flags)
target_include_directories(scale_bench PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(scale_bench PRIVATE
  VIGIL_BENCH_AWS_SCHEMA="${PROJECT_SOURCE_DIR}/schemas/aws.graphql")
