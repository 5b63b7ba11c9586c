vigil_add_fuzzer(exceptions_fuzzer ${CMAKE_CURRENT_SOURCE_DIR}/exceptions_fuzzer.cc vigil_policy)
