vigil_add_fuzzer(aws_cli_file_fuzzer ${CMAKE_CURRENT_SOURCE_DIR}/aws_cli_file_fuzzer.cc vigil_connect)
target_compile_definitions(aws_cli_file_fuzzer PRIVATE VIGIL_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
