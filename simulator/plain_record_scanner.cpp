// This file implements the block scanner's loop over records, and its rare path: finding the
// first special byte of a block that has one.
#include "simulator/plain_record_scanner.h"

#include <bit>

namespace rwd::sim {

uint32_t PlainRecordScanner::fill(PlainRecord *out, uint32_t capacity) {
  // The scanner's state in locals, so that nothing goes back to memory per record; one loop over
  // the separator bits of each block, which expects `,` `,` `\n` in turn (a function per
  // separator was not inlined, and its state went through memory).
  const char *const text = text_;
  const uint32_t lastBlock = lastBlock_;
  uint32_t blockBase = blockBase_;
  uint64_t separators = separators_;
  uint32_t firstSpecial = firstSpecial_;
  uint32_t lineBegin = lineBegin_;
  uint32_t count = 0;
  uint32_t expected = 0; // separators of the current line seen: every call starts at a line
  uint32_t firstComma = 0, secondComma = 0;
  while (count < capacity) {
    if (separators == 0) {
      const uint32_t next = blockBase + kBlockBytes;
      if (next > lastBlock) break;
      blockBase = next;
      const Block block = classify(text + next);
      separators = block.separators;
      if (block.special && firstSpecial == kNone) firstSpecial = firstSpecialOf(text + next, next);
      continue;
    }
    const uint32_t at = blockBase + static_cast<uint32_t>(std::countr_zero(separators));
    separators &= separators - 1;
    if (expected < 2) {
      if (text[at] != ',') break; // a line of fewer fields, or a blank one
      if (expected++ == 0) firstComma = at;
      else secondComma = at;
      continue;
    }
    // A special byte anywhere before the newline is in this line: every earlier line was clean.
    if (text[at] != '\n' || at > firstSpecial) break;
    const uint32_t end = text[at - 1] == '\r' ? at - 1 : at; // see firstSpecialOf
    if (end - lineBegin > maxLineBytes_) break;
    out[count++] = {lineBegin, firstComma, secondComma, end, at + 1};
    lineBegin = at + 1;
    expected = 0;
  }
  blockBase_ = blockBase;
  separators_ = separators;
  firstSpecial_ = firstSpecial;
  lineBegin_ = lineBegin;
  return count;
}

uint32_t PlainRecordScanner::firstSpecialOf(const char *bytes, uint32_t base) {
  for (uint32_t i = 0; i < kBlockBytes; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    const bool plain = (c > 0x20 && c < 0x7F && c != '"') || c == '\n';
    if (plain || (c == '\r' && bytes[i + 1] == '\n')) continue;
    return base + i;
  }
  return kNone;
}

} // namespace rwd::sim
