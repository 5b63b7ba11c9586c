# vigil_add_layer(NAME SOURCES... DEPS ...): a static library for one layer
# of the pipeline, registered in VIGIL_LAYER_TARGETS for vigil::vigil.
set(VIGIL_LAYER_TARGETS "" CACHE INTERNAL "")
function(vigil_add_layer name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(vigil_${name} STATIC ${ARG_SOURCES})
  add_library(vigil::${name} ALIAS vigil_${name})
  target_include_directories(vigil_${name}
    PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
           $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
           $<INSTALL_INTERFACE:include>)
  target_link_libraries(vigil_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  vigil_set_warnings(vigil_${name})
  set_target_properties(vigil_${name} PROPERTIES EXPORT_NAME ${name})
  set(VIGIL_LAYER_TARGETS ${VIGIL_LAYER_TARGETS} vigil_${name} CACHE INTERNAL "")
endfunction()

function(vigil_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
endfunction()
