// This file implements unified diffs of two texts (`rewind fmt --diff`), as `diff -u` writes them.
#pragma once

#include <string>
#include <string_view>

namespace rwd::render {

/// The unified diff (3 lines of context) turning `before` into `after`, headed `--- a/PATH` and
/// `+++ b/PATH`; empty when the texts are equal.
std::string unifiedDiff(std::string_view path, std::string_view before, std::string_view after);

} // namespace rwd::render
