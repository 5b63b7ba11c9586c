vigil_add_fuzzer(aws_config_fuzzer ${CMAKE_CURRENT_SOURCE_DIR}/aws_config_fuzzer.cc vigil_connect)
target_compile_definitions(aws_config_fuzzer PRIVATE VIGIL_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
