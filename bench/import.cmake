# The aws-cli import benchmark (1M VPCs and 1M flow logs as the AWS CLI
# prints them; the folder is generated into the build dir when absent).
add_executable(import_bench ${CMAKE_CURRENT_SOURCE_DIR}/import_bench.cc)
target_link_libraries(import_bench PRIVATE vigil_connect benchmark::benchmark
                      vigil_internal_flags)
target_include_directories(import_bench PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(import_bench PRIVATE
  VIGIL_BENCH_AWS_SCHEMA="${PROJECT_SOURCE_DIR}/schemas/aws.graphql"
  VIGIL_BENCH_DATA_DIR="${CMAKE_CURRENT_BINARY_DIR}")
