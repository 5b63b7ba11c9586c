# vigil_internal_flags: the compile and link flags of vigil's own targets.
#
# Every target this project builds (layers, the CLI, tests, benchmarks,
# fuzzers) links it PRIVATE; nothing else sees it. The layers link it as
# $<BUILD_INTERFACE:...>, so the installed package (vigilTargets.cmake) does
# not carry it and a consumer of find_package(vigil) inherits none of these
# flags. Inside the build tree, a static library's private links are link
# dependencies of its users, so the sanitizer *link* options also reach any
# executable linking a layer, which is what a sanitizer runtime needs.
#
#   VIGIL_WERROR=ON        warnings are errors (scripts/test.sh sets it)
#   VIGIL_SANITIZE=a,b     -fsanitize=a,b on compile and link lines
#   VIGIL_BUILD_FUZZERS=ON the layers are instrumented for libFuzzer too
option(VIGIL_WERROR "Treat compiler warnings as errors" OFF)
set(VIGIL_SANITIZE "" CACHE STRING "Sanitizers to build with, e.g. address,undefined")

add_library(vigil_internal_flags INTERFACE)

target_compile_options(vigil_internal_flags INTERFACE
  -Wall -Wextra -Wno-unused-parameter
  $<$<BOOL:${VIGIL_WERROR}>:-Werror>)

# GCC 12 gives false positives inside libstdc++'s own std::string and
# std::vector code once it is inlined at -O2/-O3: -Wrestrict on a memcpy in
# char_traits.h said to overlap for sizes that cannot occur (GCC bug 105329;
# seen from std::string operator+ in schema/naming.cc and
# tests/graph/store_test.cc) and -Warray-bounds on vector's growth path in
# stl_construct.h/stl_pair.h (GCC bugs 106199, 107852; seen from
# `v.resize(1)` on a longer vector in exec/result.cc and emplace_back in
# tests/exec/reference_evaluator.cc). Each names only libstdc++ lines. They
# are off for GCC 12 only; clang and other GCC versions keep them. (The
# -Wstringop-* false positives of GCC 12 do not occur in this code base.)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU"
   AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12
   AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(vigil_internal_flags INTERFACE -Wno-restrict -Wno-array-bounds)
endif()

if(VIGIL_SANITIZE)
  target_compile_options(vigil_internal_flags INTERFACE
    -fsanitize=${VIGIL_SANITIZE} -fno-omit-frame-pointer
    -fno-sanitize-recover=all)
  target_link_options(vigil_internal_flags INTERFACE -fsanitize=${VIGIL_SANITIZE})
  # GCC's sanitizer instrumentation makes -Wmaybe-uninitialized report false
  # positives (GCC's manual on -fsanitize says so; e.g. inside libstdc++'s
  # <regex>, GCC bug 105562), so a sanitized GCC build does without it; the
  # Release build keeps it.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(vigil_internal_flags INTERFACE -Wno-maybe-uninitialized)
  endif()
endif()

if(VIGIL_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "VIGIL_BUILD_FUZZERS needs clang (CXX=clang++)")
  endif()
  # Coverage instrumentation for everything the fuzzers run, not just their
  # own files (harmless when VIGIL_SANITIZE already has it).
  target_compile_options(vigil_internal_flags INTERFACE -fsanitize=fuzzer-no-link)
endif()
