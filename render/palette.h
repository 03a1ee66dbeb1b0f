// This file implements the terminal colours the text renderers share: ANSI codes when colour is on,
// the text unchanged otherwise.
#pragma once

#include <fmt/format.h>
#include <string>

namespace rwd::render {

struct Palette {
  bool on = false;
  std::string paint(const std::string &text, const char *code) const {
    return on ? fmt::format("\033[{}m{}\033[0m", code, text) : text;
  }
  std::string good(const std::string &t) const { return paint(t, "32"); }
  std::string bad(const std::string &t) const { return paint(t, "31"); }
  std::string warn(const std::string &t) const { return paint(t, "33"); }
  std::string dim(const std::string &t) const { return paint(t, "2"); }
  std::string bold(const std::string &t) const { return paint(t, "1"); }
};

} // namespace rwd::render
