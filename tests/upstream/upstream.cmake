# This file registers the scenarios ported from Argo Rollouts' own tests: each folder under
# tests/upstream/ holds policy.yaml (naming the upstream test it ports), trace.csv, events.csv when
# the upstream test acts by hand, and expected.txt, the replay `rewind simulate` must print. A
# simulate.diag beside them is the warnings simulate must print on standard error.
# `UPDATE_GOLDEN=1 ctest -R upstream` refreshes them.
file(GLOB UPSTREAM_POLICIES CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR}
     ${PROJECT_SOURCE_DIR}/tests/upstream/*/policy.yaml)
foreach(policy IN LISTS UPSTREAM_POLICIES)
  get_filename_component(dir ${policy} DIRECTORY)
  get_filename_component(name ${dir} NAME)
  set(args simulate ${policy} --trace ${dir}/trace.csv)
  if(EXISTS ${PROJECT_SOURCE_DIR}/${dir}/events.csv)
    list(APPEND args --events ${dir}/events.csv)
  endif()
  rewind_golden(NAME upstream/${name} EXPECTED ${dir}/expected.txt STREAM stdout EXIT 0 ARGS ${args})
  if(EXISTS ${PROJECT_SOURCE_DIR}/${dir}/simulate.diag)
    rewind_golden(NAME upstream/${name}/diag EXPECTED ${dir}/simulate.diag STREAM stderr EXIT 0 ARGS ${args})
  endif()
endforeach()
