vigil_add_fuzzer(json_value_fuzzer ${CMAKE_CURRENT_SOURCE_DIR}/json_value_fuzzer.cc vigil_base)
