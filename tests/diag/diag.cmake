# This file registers the test of the machine diagnostic formats: SARIF of every golden input against
# the SARIF 2.1.0 schema, JSON against the text form (skips without the schema, fails so under CI).
add_test(NAME e2e/sarif-schema COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tests/diag/validate_sarif.py
         $<TARGET_FILE:rewind> WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e/sarif-schema PROPERTIES LABELS e2e TIMEOUT 600)
