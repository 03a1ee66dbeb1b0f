// This file implements unified diffs by the longest common subsequence of lines. Policy files are
// small; past kMaxCells the whole text is one hunk, which is still a correct diff.
#include "render/unified_diff.h"

#include <algorithm>
#include <fmt/format.h>
#include <vector>

namespace rwd::render {

namespace {

constexpr size_t kMaxCells = 25'000'000;
constexpr size_t kContext = 3;

std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

/// One line of the edit script: ' ' kept, '-' removed, '+' added.
struct Edit {
  char op;
  std::string_view text;
};

std::vector<Edit> editScript(const std::vector<std::string_view> &a, const std::vector<std::string_view> &b) {
  std::vector<Edit> edits;
  size_t n = a.size(), m = b.size();
  if ((n + 1) * (m + 1) > kMaxCells) {
    for (auto line : a) edits.push_back({'-', line});
    for (auto line : b) edits.push_back({'+', line});
    return edits;
  }
  // lcs[i][j]: length of the LCS of a[i..] and b[j..].
  std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint32_t & { return lcs[i * (m + 1) + j]; };
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;) at(i, j) = a[i] == b[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) edits.push_back({' ', a[i++]}), ++j;
    else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) edits.push_back({'-', a[i++]}); // removals first, as diff -u
    else edits.push_back({'+', b[j++]});
  }
  return edits;
}

} // namespace

std::string unifiedDiff(std::string_view path, std::string_view before, std::string_view after) {
  if (before == after) return "";
  std::vector<Edit> edits = editScript(splitLines(before), splitLines(after));
  std::string out = fmt::format("--- a/{}\n+++ b/{}\n", path, path);
  size_t k = 0;
  while (k < edits.size()) {
    if (edits[k].op == ' ') {
      ++k;
      continue;
    }
    // A hunk: from kContext lines before this change to kContext lines after the last change
    // that is at most 2 * kContext kept lines away.
    size_t begin = k >= kContext ? k - kContext : 0, end = k;
    while (end < edits.size()) {
      size_t next = end;
      while (next < edits.size() && edits[next].op == ' ') ++next;
      if (next == edits.size() || next - end > 2 * kContext) break;
      end = next + 1;
    }
    end = std::min(edits.size(), end + kContext);
    size_t oldStart = 1, newStart = 1;
    for (size_t e = 0; e < begin; ++e) oldStart += edits[e].op != '+', newStart += edits[e].op != '-';
    size_t oldCount = 0, newCount = 0;
    for (size_t e = begin; e < end; ++e) oldCount += edits[e].op != '+', newCount += edits[e].op != '-';
    out += fmt::format("@@ -{},{} +{},{} @@\n", oldCount ? oldStart : oldStart - 1, oldCount,
                       newCount ? newStart : newStart - 1, newCount);
    for (size_t e = begin; e < end; ++e) {
      out += edits[e].op;
      out += edits[e].text;
      if (edits[e].text.empty() || edits[e].text.back() != '\n') out += "\n\\ No newline at end of file\n";
    }
    k = end;
  }
  return out;
}

} // namespace rwd::render
