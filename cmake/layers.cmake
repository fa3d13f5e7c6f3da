# Layers the build enforces (docs/architecture.md, "Layers").
#
# bitacora_layer(<target> OWN <paths...> [DEPS <layer targets...>] [FORBID <regex>])
#
# Makes the static library <target> from the .cc files under its OWN paths (folders or single
# files, relative to the project root) and compiles it against an *include view*: a folder of
# symbolic links to its own paths and to every path its DEPS may see, transitively. The project
# root is not on its include path, so a header of a layer it may not use is "file not found" at
# compile time. FORBID is a regular expression over its third-party includes (e.g. "rocksdb/" for
# the domain), checked by a build step before the library compiles.
function(bitacora_layer target)
  cmake_parse_arguments(L "" "FORBID" "OWN;DEPS" ${ARGN})
  set(sources "")
  foreach(path ${L_OWN})
    if(IS_DIRECTORY ${PROJECT_SOURCE_DIR}/${path})
      file(GLOB_RECURSE found CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${path}/*.cc
           ${PROJECT_SOURCE_DIR}/${path}/*.h)
      list(APPEND sources ${found})
    else()
      list(APPEND sources ${PROJECT_SOURCE_DIR}/${path})
    endif()
  endforeach()
  set(compiled ${sources})
  list(FILTER compiled INCLUDE REGEX "\\.cc$")
  add_library(${target} STATIC ${compiled})

  set(visible ${L_OWN})
  foreach(dep ${L_DEPS})
    get_target_property(seen ${dep} BITACORA_VISIBLE_PATHS)
    list(APPEND visible ${seen})
  endforeach()
  list(REMOVE_DUPLICATES visible)
  set_target_properties(${target} PROPERTIES BITACORA_VISIBLE_PATHS "${visible}")
  set(view ${CMAKE_BINARY_DIR}/include-views/${target})
  file(REMOVE_RECURSE ${view})
  foreach(path ${visible})
    get_filename_component(parent ${view}/${path} DIRECTORY)
    file(MAKE_DIRECTORY ${parent})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${path} ${view}/${path} SYMBOLIC)
  endforeach()
  target_include_directories(${target} PRIVATE ${view})
  target_link_libraries(${target} PUBLIC ${L_DEPS} PRIVATE bitacora_warnings)

  set_target_properties(${target} PROPERTIES BITACORA_FORBIDDEN_INCLUDES "${L_FORBID}")
  if(L_FORBID)
    set(stamp ${CMAKE_CURRENT_BINARY_DIR}/${target}.includes-checked)
    add_custom_command(
      OUTPUT ${stamp}
      COMMAND ${CMAKE_COMMAND} -DFORBID=${L_FORBID} -DLAYER=${target} -DSTAMP=${stamp}
              "-DFILES=${sources}" -P ${PROJECT_SOURCE_DIR}/cmake/check_includes.cmake
      DEPENDS ${sources} ${PROJECT_SOURCE_DIR}/cmake/check_includes.cmake
      COMMENT "Checking ${target}'s includes against its layer" VERBATIM)
    add_custom_target(${target}_includes DEPENDS ${stamp})
    add_dependencies(${target} ${target}_includes)
  endif()
endfunction()
