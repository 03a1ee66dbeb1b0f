# This file registers the CLI end-to-end tests (they run the real binary from the repository root).
add_test(NAME e2e/cli COMMAND ${CMAKE_CURRENT_LIST_DIR}/cli_test.sh $<TARGET_FILE:rewind>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e/cli PROPERTIES LABELS e2e TIMEOUT 600)

# Every snippet of the language reference compiles, or fails exactly as documented.
add_test(NAME e2e/docs-snippets
         COMMAND bash ${PROJECT_SOURCE_DIR}/docs/check_examples.sh --rewind $<TARGET_FILE:rewind>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e/docs-snippets PROPERTIES LABELS e2e TIMEOUT 600)

# The Argo backend's YAML (goldens and every example) against the Argo Rollouts CRD schemas; skips
# (and passes) when ../shared/reference is absent.
add_test(NAME e2e/argo-crds COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tests/emit/validate_crds.py
         $<TARGET_FILE:rewind> WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e/argo-crds PROPERTIES LABELS e2e TIMEOUT 600)

# `rewind import` round trips: compile(import(X)) == compile(X) for every example policy and every
# upstream Argo Rollouts example (skipped when ../shared/reference is absent).
add_test(NAME e2e/import-roundtrip COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tests/import/roundtrip.py
         $<TARGET_FILE:rewind> WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e/import-roundtrip PROPERTIES LABELS e2e TIMEOUT 900)

# Flagger: golden Canary/MetricTemplate output against the Flagger CRD schemas, and every upstream
# example Canary round tripped through import and compile (skipped when ../shared/reference is absent).
add_test(NAME e2e/flagger-crds COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tests/emit/validate_flagger.py
         $<TARGET_FILE:rewind> WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e/flagger-crds PROPERTIES LABELS e2e TIMEOUT 600)
