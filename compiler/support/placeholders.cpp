// This file implements Argo's `{{args.x}}` substitution (utils/template/template.go resolve).
#include "compiler/support/placeholders.h"

#include <optional>
#include <string_view>
#include <utility>

namespace rwd {
namespace {

/// ECMAScript's `\s` for `char` in the C locale.
bool isRegexSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

bool isArgNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
}

/// Matches `{{\s*args.NAME\s*}}` at `at`: the end of the placeholder and NAME, or nullopt.
std::optional<std::pair<size_t, std::string_view>> matchPlaceholder(std::string_view text, size_t at) {
  size_t i = at + 2; // past `{{`
  while (i < text.size() && isRegexSpace(text[i])) ++i;
  if (text.substr(i, 5) != "args.") return std::nullopt;
  size_t nameBegin = i += 5;
  while (i < text.size() && isArgNameChar(text[i])) ++i;
  if (i == nameBegin) return std::nullopt;
  std::string_view name = text.substr(nameBegin, i - nameBegin);
  while (i < text.size() && isRegexSpace(text[i])) ++i;
  if (text.substr(i, 2) != "}}") return std::nullopt;
  return std::make_pair(i + 2, name);
}

} // namespace

// The pattern is `\{\{\s*args\.([A-Za-z0-9_.-]+)\s*\}\}`, searched left to right as std::regex_search
// would (a failed match at one `{{` is retried one character later), hand-written because every
// AnalysisRun substitutes its metrics' query and conditions and std::regex made that most of a
// replay's cost.
std::string substituteArgs(const std::string &text, const std::map<std::string, std::string> &args) {
  std::string_view view = text;
  std::string out;
  out.reserve(text.size());
  size_t copied = 0;
  for (size_t at = view.find("{{"); at != std::string_view::npos; at = view.find("{{", at)) {
    std::optional<std::pair<size_t, std::string_view>> match = matchPlaceholder(view, at);
    if (!match) {
      ++at;
      continue;
    }
    auto found = args.find(std::string(match->second));
    if (found != args.end()) {
      out.append(view.substr(copied, at - copied));
      out += found->second;
      copied = match->first;
    }
    at = match->first;
  }
  out.append(view.substr(copied));
  return out;
}

} // namespace rwd
