# shopdesk_layer(NAME DIRS dir... LIBS lib...)
# Builds src/<dirs>/*.cc (except *_test.cc) into the static library shopdesk_NAME and
# the layer's unit tests (*_test.cc in the same dirs) into NAME_tests, registered with
# CTest under the label "unit". Tests run with the source tree as working directory so
# they can read testdata/ and ../shared/data.
function(shopdesk_layer name)
  cmake_parse_arguments(L "" "" "DIRS;LIBS" ${ARGN})
  set(srcs)
  set(tests)
  foreach(dir IN LISTS L_DIRS)
    file(GLOB dir_srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/${dir}/*.cc)
    foreach(f IN LISTS dir_srcs)
      if(f MATCHES "_test\\.cc$")
        list(APPEND tests ${f})
      else()
        list(APPEND srcs ${f})
      endif()
    endforeach()
  endforeach()
  if(srcs)
    add_library(shopdesk_${name} STATIC ${srcs})
    target_include_directories(shopdesk_${name} PUBLIC ${CMAKE_SOURCE_DIR}/src)
    target_link_libraries(shopdesk_${name} PUBLIC ${L_LIBS})
  else()  # a layer still being written
    add_library(shopdesk_${name} INTERFACE)
    target_include_directories(shopdesk_${name} INTERFACE ${CMAKE_SOURCE_DIR}/src)
    target_link_libraries(shopdesk_${name} INTERFACE ${L_LIBS})
  endif()
  if(tests)
    add_executable(${name}_tests ${tests})
    target_link_libraries(${name}_tests PRIVATE shopdesk_${name} shopdesk_testing
                          GTest::gtest GTest::gmock GTest::gtest_main)
    add_test(NAME ${name}_tests COMMAND ${name}_tests --gtest_brief=1
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    set_tests_properties(${name}_tests PROPERTIES LABELS unit
             ENVIRONMENT "SHOPDESK_BINARY=$<TARGET_FILE:shopdesk>")
  endif()
endfunction()
