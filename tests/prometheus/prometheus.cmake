# This file registers the end-to-end tests against a real Prometheus server (Debian's `prometheus`
# package): the examples replayed live and from recorded traces, staleness, NaN/±Inf, vectors, args.
# The script exits 77 (skipped) only when the prometheus binary is absent.
add_test(NAME e2e/prometheus COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/prom_e2e.py $<TARGET_FILE:rewind>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e/prometheus PROPERTIES LABELS e2e TIMEOUT 900 SKIP_RETURN_CODE 77 RUN_SERIAL TRUE)
