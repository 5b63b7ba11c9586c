# Benchmarks over `vigil gen` organisations with their peers (hand-written
# loops, SQLite) in the same binary, and the regression gate
# (docs/benchmarks.md).
#   org_bench --benchmark_format=json > results.json
#   seed_gate            (also the ctest bench.seed_gate)
find_package(SQLite3 REQUIRED)
add_executable(org_bench ${CMAKE_CURRENT_SOURCE_DIR}/org_bench.cc)
target_link_libraries(org_bench PRIVATE vigil vigil_gen SQLite::SQLite3 benchmark::benchmark)
target_include_directories(org_bench PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(org_bench PRIVATE
  VIGIL_BENCH_PACK="${PROJECT_SOURCE_DIR}/packs/cis-aws"
  VIGIL_BENCH_DATA_DIR="${CMAKE_CURRENT_BINARY_DIR}")
target_link_libraries(org_bench PRIVATE vigil_internal_flags)

add_executable(seed_gate ${CMAKE_CURRENT_SOURCE_DIR}/seed_gate.cc)
target_link_libraries(seed_gate PRIVATE vigil vigil_gen SQLite::SQLite3)
target_include_directories(seed_gate PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(seed_gate PRIVATE
  VIGIL_BENCH_PACK="${PROJECT_SOURCE_DIR}/packs/cis-aws"
  VIGIL_BENCH_RECORDED_RATIO="${CMAKE_CURRENT_SOURCE_DIR}/seed_ratio.txt")
target_link_libraries(seed_gate PRIVATE vigil_internal_flags)
# Timing is meaningless under sanitizers: the gate runs in optimised trees.
if(VIGIL_BUILD_TESTS AND NOT VIGIL_SANITIZE AND CMAKE_BUILD_TYPE STREQUAL "Release")
  add_test(NAME bench.seed_gate COMMAND seed_gate)
  set_tests_properties(bench.seed_gate PROPERTIES TIMEOUT 120 RUN_SERIAL TRUE)
endif()
