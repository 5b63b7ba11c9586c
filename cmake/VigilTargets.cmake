# vigil_add_layer(NAME SOURCES ... DEPS ... PRIVATE_DEPS ...): the static
# library vigil_<NAME> (alias vigil::<NAME>) for one layer of the pipeline,
# registered in VIGIL_LAYER_TARGETS (what vigil::vigil links and what is
# installed). DEPS are public, PRIVATE_DEPS private. Every layer is built
# after the layering check (vigil_check_layers, scripts/check_layers.py),
# so an include from a lower layer to a higher one fails the build.
set(VIGIL_LAYER_TARGETS "" CACHE INTERNAL "")
function(vigil_add_layer name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(vigil_${name} STATIC ${ARG_SOURCES})
  add_library(vigil::${name} ALIAS vigil_${name})
  target_include_directories(vigil_${name}
    PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
           $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
           $<INSTALL_INTERFACE:include>)
  target_link_libraries(vigil_${name}
    PUBLIC ${ARG_DEPS}
    PRIVATE ${ARG_PRIVATE_DEPS} $<BUILD_INTERFACE:vigil_internal_flags>)
  set_target_properties(vigil_${name} PROPERTIES EXPORT_NAME ${name})
  add_dependencies(vigil_${name} vigil_check_layers)
  set(VIGIL_LAYER_TARGETS ${VIGIL_LAYER_TARGETS} vigil_${name} CACHE INTERNAL "")
endfunction()

# The layering check (docs/architecture.md): scripts/check_layers.py scans
# the #include lines of src/ and include/vigil/ and fails on an include from
# a lower layer to a higher one. It runs on every build (it takes a few tens
# of milliseconds) and as the ctest test `codebase.layers`. Consumer builds
# without Python can turn it off.
option(VIGIL_CHECK_LAYERS "Check the layering of src/ on every build" ON)
set(_vigil_check_layers_cmd "")
if(VIGIL_CHECK_LAYERS)
  if(VIGIL_DEVELOPER_MODE)
    find_package(Python3 REQUIRED COMPONENTS Interpreter)
  else()
    find_package(Python3 COMPONENTS Interpreter)
  endif()
  if(Python3_Interpreter_FOUND)
    set(_vigil_check_layers_cmd
      COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/check_layers.py
              --root ${PROJECT_SOURCE_DIR} --quiet)
  else()
    message(STATUS "vigil: no python3, the layering check is off")
  endif()
endif()
add_custom_target(vigil_check_layers ${_vigil_check_layers_cmd}
  COMMENT "Checking the layering of src/ (scripts/check_layers.py)"
  VERBATIM)
