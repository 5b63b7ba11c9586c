vigil_add_fuzzer(parameters_fuzzer ${CMAKE_CURRENT_SOURCE_DIR}/parameters_fuzzer.cc vigil_policy)
target_compile_definitions(parameters_fuzzer PRIVATE VIGIL_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
