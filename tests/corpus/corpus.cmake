# This file registers the corpus test: real public Argo Rollouts manifests (tests/corpus/argo) through
# check, simulate, plan, compile and the import round trip, each ending as its expected class says.
add_test(NAME corpus/argo COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tests/corpus/run_corpus.py
                                  $<TARGET_FILE:rewind>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(corpus/argo PROPERTIES LABELS corpus TIMEOUT 600)
