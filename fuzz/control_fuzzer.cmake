vigil_add_fuzzer(control_fuzzer ${CMAKE_CURRENT_SOURCE_DIR}/control_fuzzer.cc vigil_policy)
target_compile_definitions(control_fuzzer PRIVATE VIGIL_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
