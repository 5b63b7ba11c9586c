vigil_add_fuzzer(sdl_parser_fuzzer ${CMAKE_CURRENT_SOURCE_DIR}/sdl_parser_fuzzer.cc vigil_schema)
