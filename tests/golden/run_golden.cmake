# This file runs one golden test: it runs the real `rewind` binary from the repository root (so
# paths in the output are relative and stable), compares standard output or standard error with
# the expected file beside the input, and checks the exit status.
#
#   cmake -DREWIND=... -DSOURCE_DIR=... -DEXPECTED=rel/path -DSTREAM=stdout|stderr
#         -DEXIT_CODE=N "-DARGS=a;b;c" -P run_golden.cmake
# With UPDATE_GOLDEN=1 in the environment the expected file is rewritten instead.
foreach(var REWIND SOURCE_DIR EXPECTED STREAM EXIT_CODE ARGS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_golden.cmake: ${var} is not set")
  endif()
endforeach()

set(ENV{NO_COLOR} 1)
execute_process(
  COMMAND ${REWIND} ${ARGS}
  WORKING_DIRECTORY ${SOURCE_DIR}
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
  RESULT_VARIABLE status
  TIMEOUT 120)

if(STREAM STREQUAL "stderr")
  set(actual "${err}")
else()
  set(actual "${out}")
endif()
set(expected_file ${SOURCE_DIR}/${EXPECTED})

if(DEFINED ENV{UPDATE_GOLDEN} AND NOT "$ENV{UPDATE_GOLDEN}" STREQUAL "" AND NOT "$ENV{UPDATE_GOLDEN}" STREQUAL "0")
  file(WRITE ${expected_file} "${actual}")
  file(REMOVE ${expected_file}.actual)
  message(STATUS "updated ${EXPECTED}")
else()
  if(NOT EXISTS ${expected_file})
    file(WRITE ${expected_file}.actual "${actual}")
    message(FATAL_ERROR "missing golden ${EXPECTED}; wrote ${EXPECTED}.actual (run with UPDATE_GOLDEN=1 to accept)")
  endif()
  file(READ ${expected_file} expected)
  if(NOT expected STREQUAL actual)
    file(WRITE ${expected_file}.actual "${actual}")
    execute_process(COMMAND diff -u ${expected_file} ${expected_file}.actual OUTPUT_VARIABLE diff)
    message(FATAL_ERROR "golden mismatch for ${EXPECTED} (wrote ${EXPECTED}.actual):\n${diff}")
  endif()
  file(REMOVE ${expected_file}.actual)
endif()

if(NOT status STREQUAL "${EXIT_CODE}")
  message(FATAL_ERROR "rewind ${ARGS}: exit status ${status}, expected ${EXIT_CODE}\nstderr:\n${err}")
endif()
