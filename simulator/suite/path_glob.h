// This file implements the paths of a suite: relative paths resolved against the suite's folder, and
// shell-style globs (`traces/good/*.trace.csv`) expanded to the files they match, in sorted order.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rwd::sim::suite {

/// `written` relative to the folder of `suitePath` (as the suite is given: `examples/x/suite.yaml`
/// and `traces/a.csv` give `examples/x/traces/a.csv`); an absolute path is returned unchanged. The
/// result is lexically normal (`a/./b/../c` → `a/c`).
std::string resolveBeside(std::string_view suitePath, std::string_view written);

/// True when `pattern` has a glob metacharacter (`*`, `?` or `[`).
bool isGlob(std::string_view pattern);

struct GlobMatches {
  /// Regular files matching the pattern, sorted by their bytes (not by locale); directories and
  /// other non-regular files are left out.
  std::vector<std::string> paths;
  /// Set when the file system could not be read (a folder without permission, say).
  std::optional<std::string> error;
};

/// Expands a glob with the shell's rules (`*` and `?` never match `/` or a leading `.`; `[...]`
/// classes; `\` escapes). Stops after `limit` matches (`paths.size() == limit + 1` then).
GlobMatches expandGlob(const std::string &pattern, size_t limit);

/// The part of a match below the glob's fixed folder: `traces/good/*.csv` matched by
/// `traces/good/a.csv` gives `a.csv`; `traces/*/a.csv` matched by `traces/x/a.csv` gives `x/a.csv`.
std::string globRelativeName(std::string_view pattern, std::string_view match);

} // namespace rwd::sim::suite
