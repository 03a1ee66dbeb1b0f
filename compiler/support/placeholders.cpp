// This file implements Argo's `{{args.x}}` substitution (utils/template/template.go resolve).
#include "compiler/support/placeholders.h"

#include <regex>

namespace rwd {

std::string substituteArgs(const std::string &text, const std::map<std::string, std::string> &args) {
  static const std::regex kPlaceholder(R"(\{\{\s*args\.([A-Za-z0-9_.-]+)\s*\}\})");
  std::string out;
  auto begin = std::sregex_iterator(text.begin(), text.end(), kPlaceholder);
  size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    out.append(text, last, static_cast<size_t>(it->position()) - last);
    auto found = args.find((*it)[1].str());
    out += found != args.end() ? found->second : it->str();
    last = static_cast<size_t>(it->position() + it->length());
  }
  out.append(text, last, std::string::npos);
  return out;
}

} // namespace rwd
