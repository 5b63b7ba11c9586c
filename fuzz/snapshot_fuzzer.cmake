vigil_add_fuzzer(snapshot_fuzzer ${CMAKE_CURRENT_SOURCE_DIR}/snapshot_fuzzer.cc vigil_graph)
target_compile_definitions(snapshot_fuzzer PRIVATE VIGIL_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
