// This file implements the text rule of `"""` block strings, shared by the parser and the formatter.
#pragma once

#include <string>
#include <string_view>

namespace rwd {

/// The text a `"""` block string stands for, given what is between the quotes: the first and last
/// line are removed when blank, the common indentation of the non-blank lines is removed, blank
/// lines become empty and trailing spaces and tabs at the very end are removed.
std::string dedentBlock(std::string_view body);

} // namespace rwd
