# This file generates, at build time, what `cmake --install` installs beside the binary: the man page
# rewind(1) made from the help text of `rewind` and of each subcommand, and the bash and zsh
# completion scripts (`rewind completion bash|zsh`). No date goes in, so the output is reproducible.
#
#   cmake -DREWIND=path/to/rewind -DOUT_DIR=dir -P generate_man_and_completions.cmake
foreach(var REWIND OUT_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "generate_man_and_completions.cmake: ${var} is not set")
  endif()
endforeach()

function(run_rewind out)
  execute_process(COMMAND ${REWIND} ${ARGN} OUTPUT_VARIABLE text RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "rewind ${ARGN} failed (${status})")
  endif()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# Text as roff: backslashes escaped, a leading `.` or `'` made literal, within .nf/.fi blocks.
function(roff_text out text)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

run_rewind(help --help)
run_rewind(version --version)
string(REGEX MATCH "^[^\n]*" summary "${help}")
string(REGEX MATCH "Subcommands:\n(.*)$" _ "${help}")
string(REGEX MATCHALL "\n  ([a-z-]+)" command_lines "\n${CMAKE_MATCH_1}")

roff_text(help_roff "${help}")
string(REGEX REPLACE "\n.*" "" version_line "${version}")
set(page ".TH REWIND 1 \"\" \"${version_line}\" \"User Commands\"\n")
string(APPEND page ".SH NAME\nrewind \\- rollout and rollback policies for Argo Rollouts, checked and replayed\n")
string(APPEND page ".SH SYNOPSIS\n.B rewind\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIFILE\\fR...]\n")
string(APPEND page ".SH DESCRIPTION\n${summary}\n.PP\nExit status: 0 success (warnings allowed), 1 the input had errors, 2 usage error.\n")
string(APPEND page ".SH OPTIONS\n.nf\n${help_roff}.fi\n.SH COMMANDS\n")
foreach(line IN LISTS command_lines)
  string(STRIP "${line}" command)
  run_rewind(command_help ${command} --help)
  roff_text(command_roff "${command_help}")
  string(APPEND page ".SS \"rewind ${command}\"\n.nf\n${command_roff}.fi\n")
endforeach()
roff_text(version_roff "${version}")
string(APPEND page ".SH VERSION\n.nf\n${version_roff}.fi\n.SH SEE ALSO\n\\fBkubectl-argo-rollouts\\fR(1)\n")
file(WRITE ${OUT_DIR}/man/man1/rewind.1 "${page}")

run_rewind(bash completion bash)
file(WRITE ${OUT_DIR}/bash-completion/completions/rewind "${bash}")
run_rewind(zsh completion zsh)
file(WRITE ${OUT_DIR}/zsh/site-functions/_rewind "${zsh}")
