# Every dependency comes from a Debian package (scripts/install-deps.sh);
# nothing is downloaded at configure or build time.
find_package(absl REQUIRED CONFIG)
find_package(simdjson REQUIRED CONFIG)
find_package(PkgConfig REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
if(NOT TARGET vigil_re2)
  add_library(vigil_re2 INTERFACE)
  target_link_libraries(vigil_re2 INTERFACE PkgConfig::RE2)
endif()
if(VIGIL_BUILD_TESTS)
  # No library layer uses nlohmann/json; a test reads JSON lines with it.
  find_package(nlohmann_json 3.10 REQUIRED CONFIG)
  find_package(GTest REQUIRED CONFIG)
endif()
if(VIGIL_BUILD_BENCH)
  find_package(benchmark REQUIRED CONFIG)
endif()
find_package(Threads REQUIRED)
