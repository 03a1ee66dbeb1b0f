# This file registers the test of `cmake --install` (binary, man page, shell completions).
add_test(NAME e2e/install COMMAND bash ${PROJECT_SOURCE_DIR}/tests/install/install_test.sh ${PROJECT_BINARY_DIR}
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e/install PROPERTIES LABELS e2e TIMEOUT 300)
