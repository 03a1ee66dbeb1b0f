# This file registers the golden-file tests: diagnostics, ASTs, plans and simulation reports, each
# expected output stored beside its input. `UPDATE_GOLDEN=1 ctest -R golden` refreshes them.
set(GOLDEN_RUNNER ${CMAKE_CURRENT_LIST_DIR}/run_golden.cmake)

# rewind_golden(NAME name EXPECTED rel STREAM stdout|stderr EXIT code ARGS args...)
function(rewind_golden)
  cmake_parse_arguments(G "" "NAME;EXPECTED;STREAM;EXIT" "ARGS" ${ARGN})
  add_test(NAME ${G_NAME}
           COMMAND ${CMAKE_COMMAND} -DREWIND=$<TARGET_FILE:rewind> -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
                   -DEXPECTED=${G_EXPECTED} -DSTREAM=${G_STREAM} -DEXIT_CODE=${G_EXIT}
                   "-DARGS=${G_ARGS}" -P ${GOLDEN_RUNNER})
  set_tests_properties(${G_NAME} PROPERTIES LABELS golden)
endfunction()

# Diagnostics: tests/golden/diag/<name>.rwd → <name>.rwd.diag; an `error.` prefix means exit 1.
file(GLOB DIAG_INPUTS CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/tests/golden/diag/*.rwd)
foreach(input IN LISTS DIAG_INPUTS)
  get_filename_component(name ${input} NAME_WE)
  get_filename_component(file ${input} NAME)
  set(exit 0)
  if(file MATCHES "^error\\.")
    set(exit 1)
  endif()
  rewind_golden(NAME golden/diag/${file} EXPECTED ${input}.diag STREAM stderr EXIT ${exit}
                ARGS check ${input})
endforeach()

# ASTs: tests/golden/ast/<name>.rwd → <name>.rwd.ast
file(GLOB AST_INPUTS CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/tests/golden/ast/*.rwd)
foreach(input IN LISTS AST_INPUTS)
  get_filename_component(file ${input} NAME)
  rewind_golden(NAME golden/ast/${file} EXPECTED ${input}.ast STREAM stdout EXIT 0
                ARGS plan --emit ast ${input})
endforeach()

# Plans: tests/golden/plan/<name>.rwd → <name>.rwd.plan (text) and <name>.rwd.plan.json
file(GLOB PLAN_INPUTS CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/tests/golden/plan/*.rwd)
foreach(input IN LISTS PLAN_INPUTS)
  get_filename_component(file ${input} NAME)
  rewind_golden(NAME golden/plan/${file} EXPECTED ${input}.plan STREAM stdout EXIT 0 ARGS plan ${input})
  rewind_golden(NAME golden/plan/${file}.json EXPECTED ${input}.plan.json STREAM stdout EXIT 0
                ARGS plan --format json ${input})
endforeach()

# Simulations: every <dir>/<base>.trace.csv under tests/golden/sim/ and examples/ is replayed
# through all *.rwd files of its folder (with <base>.events.csv when present), and compared with
# <base>.sim.txt and <base>.sim.json. A `<base>.args` file beside the trace adds flags (one per line).
file(GLOB_RECURSE SIM_TRACES CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR}
     ${PROJECT_SOURCE_DIR}/tests/golden/sim/*.trace.csv ${PROJECT_SOURCE_DIR}/examples/*.trace.csv)
foreach(trace IN LISTS SIM_TRACES)
  get_filename_component(dir ${trace} DIRECTORY)
  get_filename_component(file ${trace} NAME)
  string(REGEX REPLACE "\\.trace\\.csv$" "" base ${file})
  file(GLOB policies RELATIVE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/${dir}/*.rwd)
  list(SORT policies)
  if(dir MATCHES "^tests/golden/sim")
    # In tests/golden/sim each trace has its own policy: <base>.rwd.
    set(policies ${dir}/${base}.rwd)
  endif()
  set(args simulate ${policies} --trace ${trace})
  if(EXISTS ${PROJECT_SOURCE_DIR}/${dir}/${base}.events.csv)
    list(APPEND args --events ${dir}/${base}.events.csv)
  endif()
  if(EXISTS ${PROJECT_SOURCE_DIR}/${dir}/${base}.args)
    file(STRINGS ${PROJECT_SOURCE_DIR}/${dir}/${base}.args extra)
    list(APPEND args ${extra})
  endif()
  rewind_golden(NAME golden/sim/${dir}/${base}.txt EXPECTED ${dir}/${base}.sim.txt STREAM stdout EXIT 0
                ARGS ${args})
  rewind_golden(NAME golden/sim/${dir}/${base}.json EXPECTED ${dir}/${base}.sim.json STREAM stdout EXIT 0
                ARGS ${args} --format json)
endforeach()

# Argo Rollouts YAML: tests/golden/emit/<name>.rwd → <name>.rwd.yaml; an `error.` prefix means the
# backend refuses the policy: exit 1, and the diagnostics on stderr → <name>.rwd.diag.
file(GLOB EMIT_INPUTS CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/tests/golden/emit/*.rwd)
foreach(input IN LISTS EMIT_INPUTS)
  get_filename_component(file ${input} NAME)
  if(file MATCHES "^error\\.")
    rewind_golden(NAME golden/emit/${file} EXPECTED ${input}.diag STREAM stderr EXIT 1
                  ARGS compile --target argo ${input})
  else()
    rewind_golden(NAME golden/emit/${file} EXPECTED ${input}.yaml STREAM stdout EXIT 0
                  ARGS compile --target argo ${input})
  endif()
endforeach()

# Argo Rollouts YAML input: tests/golden/yaml/<name>.yaml|.yml → `rewind check` diagnostics in
# <name>.yaml.diag; an `error.` prefix means exit 1; a `lib.` prefix (no Rollout) is only checked;
# otherwise `rewind plan` is also compared with <name>.yaml.plan.
file(GLOB YAML_INPUTS CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR}
     ${PROJECT_SOURCE_DIR}/tests/golden/yaml/*.yaml ${PROJECT_SOURCE_DIR}/tests/golden/yaml/*.yml)
foreach(input IN LISTS YAML_INPUTS)
  get_filename_component(file ${input} NAME)
  if(file MATCHES "^error\\.")
    rewind_golden(NAME golden/yaml/${file} EXPECTED ${input}.diag STREAM stderr EXIT 1 ARGS check ${input})
  elseif(file MATCHES "^lib\\.")
    rewind_golden(NAME golden/yaml/${file} EXPECTED ${input}.diag STREAM stderr EXIT 0 ARGS check ${input})
  else()
    rewind_golden(NAME golden/yaml/${file} EXPECTED ${input}.diag STREAM stderr EXIT 0 ARGS check ${input})
    rewind_golden(NAME golden/yaml/${file}.plan EXPECTED ${input}.plan STREAM stdout EXIT 0 ARGS plan ${input})
  endif()
endforeach()

# `rewind import`: tests/golden/import/<name>.{yaml,rwd} → <name>.<ext>.import.rwd; an `error.`
# prefix means import refuses the input: exit 1, diagnostics on stderr → <name>.<ext>.diag.
file(GLOB IMPORT_INPUTS CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR}
     ${PROJECT_SOURCE_DIR}/tests/golden/import/*.yaml ${PROJECT_SOURCE_DIR}/tests/golden/import/*.rwd)
list(FILTER IMPORT_INPUTS EXCLUDE REGEX "\\.import\\.rwd$")
foreach(input IN LISTS IMPORT_INPUTS)
  get_filename_component(file ${input} NAME)
  if(file MATCHES "^error\\.")
    rewind_golden(NAME golden/import/${file} EXPECTED ${input}.diag STREAM stderr EXIT 1 ARGS import ${input})
  else()
    rewind_golden(NAME golden/import/${file} EXPECTED ${input}.import.rwd STREAM stdout EXIT 0
                  ARGS import ${input})
  endif()
endforeach()

# `rewind compile --into`: tests/golden/into/<name>.rwd merged into <name>.manifest.yaml →
# <name>.into.yaml; an `error.` prefix means the merge is refused: exit 1, stderr → <name>.rwd.diag.
file(GLOB INTO_INPUTS CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/tests/golden/into/*.rwd)
foreach(input IN LISTS INTO_INPUTS)
  get_filename_component(dir ${input} DIRECTORY)
  get_filename_component(name ${input} NAME_WLE)
  set(args compile --target argo --into ${dir}/${name}.manifest.yaml ${input})
  if(name MATCHES "^error\\.")
    rewind_golden(NAME golden/into/${name} EXPECTED ${input}.diag STREAM stderr EXIT 1 ARGS ${args})
  else()
    rewind_golden(NAME golden/into/${name} EXPECTED ${dir}/${name}.into.yaml STREAM stdout EXIT 0 ARGS ${args})
  endif()
endforeach()

# Flagger: tests/golden/flagger/<name>.rwd → `compile --target flagger` → <name>.rwd.flagger.yaml;
# <name>.yaml (Canary, MetricTemplate) → `check` diagnostics in <name>.yaml.diag, `import` →
# <name>.yaml.import.rwd and `compile --target flagger` → <name>.yaml.flagger.yaml. An `error.`
# prefix means exit 1 with the diagnostics on stderr in <name>.<ext>.diag.
file(GLOB FLAGGER_INPUTS CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR}
     ${PROJECT_SOURCE_DIR}/tests/golden/flagger/*.rwd ${PROJECT_SOURCE_DIR}/tests/golden/flagger/*.yaml)
list(FILTER FLAGGER_INPUTS EXCLUDE REGEX "\\.(import\\.rwd|flagger\\.yaml)$")
foreach(input IN LISTS FLAGGER_INPUTS)
  get_filename_component(file ${input} NAME)
  if(file MATCHES "^error\\.")
    rewind_golden(NAME golden/flagger/${file} EXPECTED ${input}.diag STREAM stderr EXIT 1
                  ARGS compile --target flagger ${input})
  elseif(file MATCHES "\\.rwd$")
    rewind_golden(NAME golden/flagger/${file} EXPECTED ${input}.flagger.yaml STREAM stdout EXIT 0
                  ARGS compile --target flagger ${input})
  else()
    rewind_golden(NAME golden/flagger/${file}.check EXPECTED ${input}.diag STREAM stderr EXIT 0 ARGS check ${input})
    rewind_golden(NAME golden/flagger/${file}.import EXPECTED ${input}.import.rwd STREAM stdout EXIT 0
                  ARGS import ${input})
    rewind_golden(NAME golden/flagger/${file}.compile EXPECTED ${input}.flagger.yaml STREAM stdout EXIT 0
                  ARGS compile --target flagger ${input})
  endif()
endforeach()

# Argo YAML through every command: tests/golden/argo_run/<name>.yaml (and <name>.trace.csv, with
# <name>.events.csv when present) → `check` diagnostics in <name>.yaml.check (a `fails.` prefix
# means check exits 1: Argo accepts the manifest but it fails at run time), the `simulate` report
# in <name>.sim.txt with its warnings in <name>.sim.diag, `compile` in <name>.compile.yaml and
# `import` in <name>.import.rwd, each of those exiting 0.
file(GLOB ARGO_RUN_INPUTS CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/tests/golden/argo_run/*.yaml)
list(FILTER ARGO_RUN_INPUTS EXCLUDE REGEX "\\.compile\\.yaml$")
foreach(input IN LISTS ARGO_RUN_INPUTS)
  get_filename_component(dir ${input} DIRECTORY)
  get_filename_component(name ${input} NAME_WLE)
  set(exit 0)
  if(name MATCHES "^fails\\.")
    set(exit 1)
  endif()
  rewind_golden(NAME golden/argo_run/${name}.check EXPECTED ${input}.check STREAM stderr EXIT ${exit}
                ARGS check ${input})
  set(sim simulate ${input} --trace ${dir}/${name}.trace.csv)
  if(EXISTS ${PROJECT_SOURCE_DIR}/${dir}/${name}.events.csv)
    list(APPEND sim --events ${dir}/${name}.events.csv)
  endif()
  rewind_golden(NAME golden/argo_run/${name}.simulate EXPECTED ${dir}/${name}.sim.txt STREAM stdout EXIT 0 ARGS ${sim})
  rewind_golden(NAME golden/argo_run/${name}.simulate.diag EXPECTED ${dir}/${name}.sim.diag STREAM stderr EXIT 0
                ARGS ${sim})
  rewind_golden(NAME golden/argo_run/${name}.compile EXPECTED ${dir}/${name}.compile.yaml STREAM stdout EXIT 0
                ARGS compile --target argo ${input})
  rewind_golden(NAME golden/argo_run/${name}.import EXPECTED ${dir}/${name}.import.rwd STREAM stdout EXIT 0
                ARGS import ${input})
endforeach()
