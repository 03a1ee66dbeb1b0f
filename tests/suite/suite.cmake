# This file registers the tests of `rewind test` and `rewind tune`: every example's suite, the golden
# reports of suites and tuning runs, the end-to-end script (formats, exit codes, shards and merge,
# --jobs), tuning checked against `rewind test` of edited policies, and the Kubernetes Indexed Job.

# Every example folder's suite passes (CI runs the examples' expected outcomes).
file(GLOB EXAMPLE_SUITES CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/examples/*/suite.yaml)
foreach(suite IN LISTS EXAMPLE_SUITES)
  get_filename_component(dir ${suite} DIRECTORY)
  add_test(NAME suite/${dir} COMMAND $<TARGET_FILE:rewind> test ${suite} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(suite/${dir} PROPERTIES LABELS suite ENVIRONMENT NO_COLOR=1)
endforeach()

# Suites: tests/golden/suite/<name>.suite.yaml → `rewind test -v` in <name>.suite.yaml.out, and the
# JSON and JUnit reports in .json and .xml; a `fail.` prefix means cases fail (exit 1). An `error.`
# prefix means the suite is refused: exit 1, the diagnostics on stderr → <name>.suite.yaml.diag.
file(GLOB SUITE_INPUTS CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/tests/golden/suite/*.suite.yaml)
foreach(input IN LISTS SUITE_INPUTS)
  get_filename_component(file ${input} NAME)
  if(file MATCHES "^error\\.")
    rewind_golden(NAME golden/suite/${file} EXPECTED ${input}.diag STREAM stderr EXIT 1 ARGS test ${input})
    continue()
  endif()
  set(exit 0)
  if(file MATCHES "^fail\\.")
    set(exit 1)
  endif()
  rewind_golden(NAME golden/suite/${file} EXPECTED ${input}.out STREAM stdout EXIT ${exit} ARGS test -v ${input})
  rewind_golden(NAME golden/suite/${file}.json EXPECTED ${input}.json STREAM stdout EXIT ${exit}
                ARGS test --format json ${input})
  rewind_golden(NAME golden/suite/${file}.junit EXPECTED ${input}.xml STREAM stdout EXIT ${exit}
                ARGS test --format junit ${input})
endforeach()

# The HTML report of a failing suite: its table and the drawn replays of its failed cases.
rewind_golden(NAME golden/suite/fail.expectations.suite.yaml.html
              EXPECTED tests/golden/suite/fail.expectations.suite.yaml.html STREAM stdout EXIT 1
              ARGS test --format html tests/golden/suite/fail.expectations.suite.yaml)

# Tuning: tests/golden/tune/<name>.args (the arguments, one per line) → the text report in
# <name>.out and the JSON report in <name>.json.
file(GLOB TUNE_INPUTS CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/tests/golden/tune/*.args)
foreach(input IN LISTS TUNE_INPUTS)
  get_filename_component(name ${input} NAME_WE)
  get_filename_component(dir ${input} DIRECTORY)
  file(STRINGS ${PROJECT_SOURCE_DIR}/${input} args)
  rewind_golden(NAME golden/tune/${name} EXPECTED ${dir}/${name}.out STREAM stdout EXIT 0 ARGS ${args})
  rewind_golden(NAME golden/tune/${name}.json EXPECTED ${dir}/${name}.json STREAM stdout EXIT 0
                ARGS ${args} --format json)
endforeach()

add_test(NAME e2e/suites COMMAND ${CMAKE_CURRENT_LIST_DIR}/suite_test.sh $<TARGET_FILE:rewind>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e/suites PROPERTIES LABELS e2e TIMEOUT 300)

add_test(NAME e2e/tune-equals-test COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/tune_equals_test.py
         $<TARGET_FILE:rewind> WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e/tune-equals-test PROPERTIES LABELS e2e TIMEOUT 300)

add_test(NAME e2e/kubernetes-job COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/indexed_job_test.py
         $<TARGET_FILE:rewind> WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e/kubernetes-job PROPERTIES LABELS e2e TIMEOUT 300)

# What docs/testing.md quotes (outputs, goldens, suite files) is what the program and the
# repository hold.
add_test(NAME e2e/testing-doc COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/docs_test.py $<TARGET_FILE:rewind>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e/testing-doc PROPERTIES LABELS e2e)
