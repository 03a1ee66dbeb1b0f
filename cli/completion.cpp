// This file implements `rewind completion bash|zsh`: shell completion scripts generated from the
// command line's own definition (every subcommand, its options, and the choices of options such as
// --format), so they never fall behind a new flag. `cmake --install` installs both.
#include "cli/app.h"
#include "cli/command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>
#include <memory>

namespace rwd::cli {

namespace {

struct CompletionArgs {
  std::string shell;
};

/// One option as a completion script needs it.
struct OptionInfo {
  std::vector<std::string> names;   // --format, -o
  std::string description;
  bool takesValue = false;
  std::vector<std::string> choices; // from an IsMember check: text, json, html
};

struct CommandInfo {
  std::string name, description;
  std::vector<OptionInfo> options;
};

/// The choices CLI11 prints in a type name such as `TEXT:{text,json,html}`.
std::vector<std::string> choicesOf(const std::string &typeName) {
  std::vector<std::string> choices;
  size_t open = typeName.find('{'), close = typeName.find('}');
  if (open == std::string::npos || close == std::string::npos || close < open) return choices;
  std::string list = typeName.substr(open + 1, close - open - 1);
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    std::string item = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) choices.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return choices;
}

std::vector<CommandInfo> describe(const CLI::App &app) {
  std::vector<CommandInfo> commands;
  for (const CLI::App *sub : app.get_subcommands([](const CLI::App *) { return true; })) {
    CommandInfo info{sub->get_name(), sub->get_description(), {}};
    for (const CLI::Option *option : sub->get_options()) {
      if (!option->nonpositional()) continue;
      OptionInfo o;
      for (const std::string &name : option->get_lnames()) o.names.push_back("--" + name);
      for (const std::string &name : option->get_snames()) o.names.push_back("-" + name);
      o.description = option->get_description();
      o.takesValue = option->get_type_size() > 0;
      if (o.takesValue) o.choices = choicesOf(option->get_type_name());
      info.options.push_back(std::move(o));
    }
    commands.push_back(std::move(info));
  }
  return commands;
}

std::string join(const std::vector<std::string> &items, const std::string &separator) {
  std::string out;
  for (const std::string &item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::string bashScript(const std::vector<CommandInfo> &commands) {
  std::vector<std::string> names;
  for (const CommandInfo &c : commands) names.push_back(c.name);
  std::string options, values;
  for (const CommandInfo &c : commands) {
    std::vector<std::string> flags;
    for (const OptionInfo &o : c.options) {
      flags.insert(flags.end(), o.names.begin(), o.names.end());
      if (!o.choices.empty())
        values += fmt::format("    {}:{}) COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")); return ;;\n", c.name,
                              join(o.names, "|" + c.name + ":"), join(o.choices, " "));
    }
    options += fmt::format("    {}) opts=\"{}\" ;;\n", c.name, join(flags, " "));
  }
  return fmt::format(R"(# bash completion for rewind (written by `rewind completion bash`)
_rewind() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}} command=${{COMP_WORDS[1]}} opts
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "{} --help --version" -- "$cur"))
    return
  fi
  case "$command:$prev" in
{}  esac
  case "$command" in
{}    *) opts="" ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}}
complete -o filenames -o bashdefault -F _rewind rewind
)",
                     join(names, " "), values, options);
}

/// Text safe inside a zsh `_arguments` spec's `[...]` description.
std::string zshText(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '[' || c == ']' || c == ':' || c == '\\' || c == '\'') out += c == '\'' ? "'\\''" : std::string("\\") + c;
    else out += c;
  }
  return out;
}

std::string zshScript(const std::vector<CommandInfo> &commands) {
  std::string list, cases;
  for (const CommandInfo &c : commands) {
    list += fmt::format("    '{}:{}'\n", c.name, zshText(c.description));
    std::string specs;
    for (const OptionInfo &o : c.options) {
      std::string action = !o.takesValue ? "" : o.choices.empty() ? ":value:_files" : ":value:(" + join(o.choices, " ") + ")";
      std::string names = o.names.size() == 1 ? o.names[0] : "{" + join(o.names, ",") + "}";
      std::string exclusive = o.names.size() == 1 ? "" : "'(" + join(o.names, " ") + ")'";
      specs += fmt::format("        {}{}'[{}]{}' \\\n", exclusive, names, zshText(o.description), action);
    }
    cases += fmt::format("      {})\n        _arguments -s \\\n{}        '*:file:_files'\n        ;;\n", c.name, specs);
  }
  return fmt::format(R"(#compdef rewind
# zsh completion for rewind (written by `rewind completion zsh`)
_rewind() {{
  local -a commands
  commands=(
{}  )
  if (( CURRENT == 2 )); then
    _describe -t commands 'rewind command' commands
    _arguments '--help[print help]' '--version[print the version]'
    return
  fi
  shift words
  (( CURRENT-- ))
  case "$words[1]" in
{}  esac
}}
compdef _rewind rewind
)",
                     list, cases);
}

} // namespace

Command addCompletionCommand(CLI::App &app) {
  auto args = std::make_shared<CompletionArgs>();
  CLI::App *command = app.add_subcommand("completion", "print a shell completion script (bash or zsh)");
  command->add_option("shell", args->shell, "the shell: bash or zsh")->required()->check(CLI::IsMember({"bash", "zsh"}));
  command->footer("Example: source <(rewind completion bash)");
  CLI::App *root = &app;
  return {command, [args, root] {
            std::vector<CommandInfo> commands = describe(*root);
            std::cout << (args->shell == "bash" ? bashScript(commands) : zshScript(commands));
            std::cout.flush();
            return std::cout ? kExitOk : kExitUsage;
          }};
}

} // namespace rwd::cli
