vigil_add_fuzzer(policy_test_fuzzer ${CMAKE_CURRENT_SOURCE_DIR}/policy_test_fuzzer.cc vigil_policy)
target_compile_definitions(policy_test_fuzzer PRIVATE VIGIL_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
