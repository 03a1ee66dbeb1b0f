# This file registers the HTML report's tests: golden pages for two examples (a canary and a
# blue-green rollback; `UPDATE_GOLDEN=1 ctest -R golden/html` refreshes them), and the end-to-end
# test that opens reports in real headless Chromium (skips without chromium, fails so under CI).
rewind_golden(NAME golden/html/success-rate-incident EXPECTED tests/golden/html/success-rate-incident.html
              STREAM stdout EXIT 0 ARGS simulate examples/success-rate/policy.rwd
              --trace examples/success-rate/incident.trace.csv --format html)
rewind_golden(NAME golden/html/bluegreen-prepromotion-incident
              EXPECTED tests/golden/html/bluegreen-prepromotion-incident.html STREAM stdout EXIT 0
              ARGS simulate examples/bluegreen-prepromotion/policy.rwd
              --trace examples/bluegreen-prepromotion/incident.trace.csv --format html)
add_test(NAME e2e/html-chromium COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tests/report/chromium_test.py
         $<TARGET_FILE:rewind> WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e/html-chromium PROPERTIES LABELS e2e TIMEOUT 600)
