# Install rules and the exported CMake package:
#
#   cmake --install build --prefix /opt/vigil
#   # in another project:
#   find_package(vigil 0.1 CONFIG REQUIRED)   # CMAKE_PREFIX_PATH=/opt/vigil
#   target_link_libraries(app PRIVATE vigil::vigil)
#
# Installs the layer static libraries (VIGIL_LAYER_TARGETS, exported as
# vigil::<layer>), the INTERFACE target vigil (vigil::vigil), the public
# headers include/vigil/**, the `vigil` command when built, the data
# (schemas/ and packs/ in <datadir>/vigil, where the command looks for its
# bundled pack and schema; the package sets VIGIL_DATA_DIR to it), the
# manual (docs/ in <docdir>, share/doc/vigil), and
# <libdir>/cmake/vigil/{vigilConfig,vigilConfigVersion,vigilTargets}.cmake.
# vigilConfig.cmake re-finds the dependencies (Threads, absl, simdjson, re2
# through pkg-config, and nlohmann_json when a layer links it).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

option(VIGIL_INSTALL "Generate vigil's install rules" ${PROJECT_IS_TOP_LEVEL})
if(NOT VIGIL_INSTALL)
  return()
endif()

set(VIGIL_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/vigil"
    CACHE STRING "Where vigilConfig.cmake is installed (relative to the prefix)")
# <prefix>/share/vigil: DefaultDataPath() of the command (src/cli) looks for
# the bundled schemas and packs there, beside <prefix>/bin/vigil.
set(VIGIL_INSTALL_DATADIR "${CMAKE_INSTALL_DATADIR}/vigil")

# Public headers use C++20; consumers of the installed package need it too.
target_compile_features(vigil INTERFACE cxx_std_20)

# ---- collect the targets to export ----------------------------------------
# The layers, vigil, vigil_re2, and any other in-project library a layer links
# (publicly or privately: a static library's private deps are link deps of
# its users). Imported targets are dependencies, re-found by vigilConfig.
set(_vigil_export "")
set(_vigil_todo ${VIGIL_LAYER_TARGETS} vigil)
set(_vigil_dep_items "")
while(_vigil_todo)
  list(POP_FRONT _vigil_todo _t)
  if(NOT TARGET ${_t})
    continue()
  endif()
  get_target_property(_aliased ${_t} ALIASED_TARGET)
  if(_aliased)
    set(_t ${_aliased})
  endif()
  get_target_property(_imported ${_t} IMPORTED)
  if(_imported)
    list(APPEND _vigil_dep_items ${_t})
    continue()
  endif()
  if(_t IN_LIST _vigil_export)
    continue()
  endif()
  list(APPEND _vigil_export ${_t})
  get_target_property(_type ${_t} TYPE)
  set(_links "")
  get_target_property(_iface ${_t} INTERFACE_LINK_LIBRARIES)
  if(_iface)
    list(APPEND _links ${_iface})
  endif()
  if(NOT _type STREQUAL "INTERFACE_LIBRARY")
    get_target_property(_priv ${_t} LINK_LIBRARIES)
    if(_priv)
      list(APPEND _links ${_priv})
    endif()
  endif()
  foreach(_l IN LISTS _links)
    # $<LINK_ONLY:x> is how a static library's private deps appear.
    string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" _l "${_l}")
    if(_l MATCHES "^\\$<" OR _l MATCHES "^-")
      continue()  # other generator expressions and flags: left as they are
    endif()
    if(TARGET ${_l})
      list(APPEND _vigil_todo ${_l})
    endif()
  endforeach()
endwhile()

# Which dependencies must vigilConfig.cmake find? Always the ones the public
# headers or the layers' public links need; nlohmann_json only when used.
set(VIGIL_CONFIG_FIND_NLOHMANN_JSON OFF)
foreach(_d IN LISTS _vigil_dep_items)
  if(_d MATCHES "^nlohmann_json::")
    set(VIGIL_CONFIG_FIND_NLOHMANN_JSON ON)
  elseif(NOT _d MATCHES "^(absl::|simdjson::|Threads::|PkgConfig::RE2$)")
    message(WARNING "vigil: exported targets link ${_d}, which the installed "
                    "vigilConfig.cmake does not know how to find")
  endif()
endforeach()
list(REMOVE_DUPLICATES _vigil_dep_items)

foreach(_t IN LISTS _vigil_export)
  get_target_property(_type ${_t} TYPE)
  get_target_property(_name ${_t} EXPORT_NAME)
  if(NOT _name)
    # vigil_re2 -> vigil::re2, vigil_foo -> vigil::foo, vigil -> vigil::vigil
    string(REGEX REPLACE "^vigil_(.+)$" "\\1" _name "${_t}")
    set_target_properties(${_t} PROPERTIES EXPORT_NAME ${_name})
  endif()
  if(NOT _type STREQUAL "INTERFACE_LIBRARY" AND NOT _t STREQUAL "vigil")
    target_compile_features(${_t} PUBLIC cxx_std_20)
  endif()
endforeach()

install(TARGETS ${_vigil_export}
  EXPORT vigilTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT vigil_development
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT vigil_runtime
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT vigil_runtime
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/vigil
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  COMPONENT vigil_development
  FILES_MATCHING PATTERN "*.h")

# ---- data and documentation ------------------------------------------------
install(DIRECTORY ${PROJECT_SOURCE_DIR}/schemas ${PROJECT_SOURCE_DIR}/packs
  DESTINATION ${VIGIL_INSTALL_DATADIR}
  COMPONENT vigil_data)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/
  DESTINATION ${CMAKE_INSTALL_DOCDIR}
  COMPONENT vigil_doc)
install(FILES ${PROJECT_SOURCE_DIR}/README.md
  DESTINATION ${CMAKE_INSTALL_DOCDIR}
  COMPONENT vigil_doc)

# ---- the `vigil` command ----------------------------------------------------
if(VIGIL_BUILD_CLI)
  install(TARGETS vigil_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
          COMPONENT vigil_runtime)
endif()

# ---- the package -------------------------------------------------------------
install(EXPORT vigilTargets
  NAMESPACE vigil::
  DESTINATION ${VIGIL_INSTALL_CMAKEDIR}
  FILE vigilTargets.cmake
  COMPONENT vigil_development)

configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/vigilConfig.cmake.in
  ${PROJECT_BINARY_DIR}/vigilConfig.cmake
  INSTALL_DESTINATION ${VIGIL_INSTALL_CMAKEDIR}
  PATH_VARS VIGIL_INSTALL_DATADIR CMAKE_INSTALL_DOCDIR)
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/vigilConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/vigilConfig.cmake
  ${PROJECT_BINARY_DIR}/vigilConfigVersion.cmake
  DESTINATION ${VIGIL_INSTALL_CMAKEDIR}
  COMPONENT vigil_development)

unset(_vigil_export)
unset(_vigil_todo)
unset(_vigil_dep_items)
