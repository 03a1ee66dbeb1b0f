// This file implements the parsing of an Argo condition scalar (successCondition, failureCondition)
// with its `{{args.x}}` placeholders, so every range points into the YAML.
#include "compiler/yaml/argo/condition_source.h"

#include "compiler/parse/parser.h"

#include <cctype>
#include <fmt/format.h>

namespace rwd::yaml::argo {

namespace {

bool isArgName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  return true;
}

} // namespace

expr::ExprPtr parseCondition(const SourceFile &file, const std::string &value, ScalarSource source,
                             DiagnosticEngine &diags, std::set<std::string> *quotedArgs) {
  const std::vector<uint32_t> &pos = source.positions;
  auto at = [&](size_t i, size_t j) {
    return SourceRange{file.id(), pos[i], std::max(pos[i] + 1, pos[std::min(j, value.size())])};
  };
  std::string text;
  std::vector<uint32_t> positions;
  text.reserve(value.size());
  positions.reserve(value.size() + 1);
  char quote = 0;
  size_t quoteStart = 0;
  bool ok = true;
  for (size_t i = 0; i < value.size();) {
    char c = value[i];
    if (quote && c == '\\' && i + 1 < value.size()) {
      text.append(value, i, 2);
      positions.push_back(pos[i]);
      positions.push_back(pos[i + 1]);
      i += 2;
      continue;
    }
    if (c == '{' && i + 1 < value.size() && value[i + 1] == '{') {
      size_t close = value.find("}}", i + 2);
      if (close != std::string::npos) {
        size_t b = i + 2, e = close;
        while (b < e && std::isspace(static_cast<unsigned char>(value[b]))) ++b;
        while (e > b && std::isspace(static_cast<unsigned char>(value[e - 1]))) --e;
        std::string_view inner(value.data() + b, e - b);
        if (inner.rfind("args.", 0) != 0 || !isArgName(inner.substr(5))) {
          diags.report(DiagKind::UnresolvedPlaceholder, at(i, close + 2), value.substr(i, close + 2 - i));
          ok = false;
          i = close + 2;
          continue;
        }
        bool wholeLiteral = quote && quoteStart + 1 == i && close + 2 < value.size() && value[close + 2] == quote;
        if (quote && !wholeLiteral) {
          diags.report(DiagKind::ArgoInvalidValue, at(i, close + 2),
                       fmt::format("`{}` inside a longer string cannot be expressed in a Rewind condition; "
                                   "compare with the parameter itself (`args.{}`)",
                                   value.substr(i, close + 2 - i), inner.substr(5)));
          ok = false;
          i = close + 2;
          continue;
        }
        if (wholeLiteral) { // drop the opening quote already copied
          text.pop_back();
          positions.pop_back();
          if (quotedArgs) quotedArgs->insert(std::string(inner.substr(5)));
        }
        for (size_t k = b; k < e; ++k) {
          text.push_back(value[k]);
          positions.push_back(pos[k]);
        }
        i = close + 2;
        if (wholeLiteral) {
          ++i; // the closing quote
          quote = 0;
        }
        continue;
      }
    }
    if (quote && c == quote) quote = 0;
    else if (!quote && (c == '\'' || c == '"')) {
      quote = c;
      quoteStart = i;
    }
    text.push_back(c);
    positions.push_back(pos[i]);
    ++i;
  }
  if (!ok) return nullptr;
  // The end (where "found end of input" points) is just past the last non-blank byte, not on
  // the line after a block scalar.
  size_t last = text.find_last_not_of(" \t\r\n");
  positions.push_back(last == std::string::npos ? pos[value.size()] : positions[last] + 1);
  // An expression that is only blanks: point at the scalar.
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    diags.report(DiagKind::SyntaxError, source.range, "condition is empty");
    return nullptr;
  }
  return parse::parseExpression(file, text, std::move(positions), diags);
}

} // namespace rwd::yaml::argo
