# This file registers the tests of `rewind fmt`: goldens (tests/golden/fmt/<name>.rwd → .rwd.fmt,
# and for comments.rwd the --diff and --check outputs), and the fixed-point test over every example,
# golden policy and docs snippet.
file(GLOB FMT_INPUTS CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/tests/golden/fmt/*.rwd)
foreach(input IN LISTS FMT_INPUTS)
  get_filename_component(file ${input} NAME)
  rewind_golden(NAME golden/fmt/${file} EXPECTED ${input}.fmt STREAM stdout EXIT 0 ARGS fmt ${input})
endforeach()
rewind_golden(NAME golden/fmt/comments.rwd.diff EXPECTED tests/golden/fmt/comments.rwd.diff STREAM stdout EXIT 0
              ARGS fmt --diff tests/golden/fmt/comments.rwd)
rewind_golden(NAME golden/fmt/check EXPECTED tests/golden/fmt/check.txt STREAM stdout EXIT 1
              ARGS fmt --check tests/golden/fmt/analyses.rwd tests/golden/fmt/comments.rwd)
add_test(NAME e2e/fmt-fixpoint COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tests/fmt/fixpoint.py
         $<TARGET_FILE:rewind> WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e/fmt-fixpoint PROPERTIES LABELS e2e TIMEOUT 600)
