// This file implements the text rule of `"""` block strings, shared by the parser and the formatter.
#include "compiler/support/block_string.h"

#include <algorithm>
#include <vector>

namespace rwd {

/// Removes the common indentation of a `"""` block, and its first and last line when blank, so
/// PromQL can be indented with the policy without changing the query.
std::string dedentBlock(std::string_view body) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (true) {
    size_t nl = body.find('\n', start);
    std::string_view line = body.substr(start, nl == std::string_view::npos ? nl : nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  auto blank = [](std::string_view l) { return l.find_first_not_of(" \t") == std::string_view::npos; };
  if (lines.size() > 1 && blank(lines.front())) lines.erase(lines.begin());
  if (lines.size() > 1 && blank(lines.back())) lines.pop_back();
  size_t indent = std::string_view::npos;
  for (auto l : lines) {
    if (blank(l)) continue;
    indent = std::min(indent, l.find_first_not_of(" \t"));
  }
  if (indent == std::string_view::npos) indent = 0;
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i) out += '\n';
    std::string_view l = lines[i];
    out += blank(l) ? std::string_view() : l.substr(std::min(indent, l.size()));
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
  return out;
}

} // namespace rwd
