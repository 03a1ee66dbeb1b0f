// This file implements the frame of Rewind's HTML reports: one self-contained page (inline CSS and
// a few lines of inline script for tooltips, no fetches) that holds one or more report sections,
// light and dark, on a phone and printed.
#pragma once

#include <string>
#include <string_view>

namespace rwd::render {

/// `text` with `&`, `<`, `>`, `"` and `'` escaped for HTML text and attribute values.
std::string htmlEscape(std::string_view text);

/// A complete HTML page titled `title` whose <body> holds `body` (made of report sections).
std::string renderHtmlDocument(std::string_view title, std::string_view body);

} // namespace rwd::render
