// This file implements the encoding check every text reader shares: no NUL byte, valid UTF-8.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace rwd {

/// The first byte of `text` that is a NUL or starts an invalid UTF-8 sequence (overlong forms,
/// surrogates and code points past U+10FFFF included), or nullopt when the text is clean.
struct EncodingError {
  size_t offset = 0;
  bool nul = false; // a NUL byte; otherwise invalid UTF-8 starting with text[offset]
};
std::optional<EncodingError> findEncodingError(std::string_view text);

} // namespace rwd
