// This file implements expr-lang's lexer (parser/lexer/state.go) for wording syntax errors.
#include "compiler/yaml/argo/expr_lang_syntax.h"

#include <fmt/format.h>

namespace rwd::yaml::argo {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

/// utils.IsAlphaNumeric: letters (any non-ASCII byte is taken as part of a letter), digits, `_`, `$`.
bool isAlphaNumeric(char c) {
  auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || isDigit(c) || c == '_' || c == '$' || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

bool isSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/// Go's %#v of a string: a double-quoted literal with Go escapes.
std::string goQuoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\t': out += "\\t"; break;
    case '\r': out += "\\r"; break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
      else out += c;
    }
  }
  return out + "\"";
}

/// Go's %#U of the rune starting at `s[i]`: `U+0040 '@'`.
std::string goRune(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  uint32_t rune = c;
  size_t length = 1;
  if (c >= 0xF0) rune = c & 0x07, length = 4;
  else if (c >= 0xE0) rune = c & 0x0F, length = 3;
  else if (c >= 0xC0) rune = c & 0x1F, length = 2;
  for (size_t k = 1; k < length && i + k < s.size(); ++k)
    rune = (rune << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  if (rune < 0x20 || rune == 0x7F) return fmt::format("U+{:04X}", rune);
  return fmt::format("U+{:04X} '{}'", rune, s.substr(i, length));
}

class Lexer {
public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<ExprLangToken> run(std::string &error) {
    while (pos_ < text_.size() && error_.empty()) root();
    error = error_;
    return std::move(tokens_);
  }

private:
  char peek(size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }
  bool accept(std::string_view chars) {
    if (pos_ < text_.size() && chars.find(text_[pos_]) != std::string_view::npos) {
      ++pos_;
      return true;
    }
    return false;
  }
  void acceptRun(std::string_view chars) {
    while (accept(chars)) {
    }
  }
  void emit(std::string kind, size_t begin) { emitValue(std::move(kind), std::string(text_.substr(begin, pos_ - begin)), begin); }
  void emitValue(std::string kind, std::string value, size_t begin) {
    tokens_.push_back({std::move(kind), std::move(value), begin, pos_});
  }

  void root() {
    size_t begin = pos_;
    char c = text_[pos_++];
    if (isSpace(c)) return;
    if (c == '\'' || c == '"') return string(c, begin);
    if (c == '`') return rawString(begin);
    if (isDigit(c)) {
      pos_ = begin;
      return number(begin);
    }
    if (c == '?') {
      accept(".?");
      return emit("Operator", begin);
    }
    if (c == '/') {
      if (accept("/")) {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
        return;
      }
      if (accept("*")) {
        size_t close = text_.find("*/", pos_);
        if (close == std::string_view::npos) {
          error_ = "unclosed comment";
          return;
        }
        pos_ = close + 2;
        return;
      }
      return emit("Operator", begin);
    }
    if (c == '#') {
      emit("Operator", begin);
      size_t word = pos_;
      while (pos_ < text_.size() && isAlphaNumeric(text_[pos_])) ++pos_;
      if (pos_ > word) emit("Identifier", word);
      return;
    }
    if (c == '|' || c == ':') {
      accept(std::string_view(&c, 1));
      return emit("Operator", begin);
    }
    if (std::string_view("([{)]}").find(c) != std::string_view::npos) return emit("Bracket", begin);
    if (std::string_view(",;%+-^").find(c) != std::string_view::npos) return emit("Operator", begin);
    if (std::string_view("&!=*<>").find(c) != std::string_view::npos) {
      accept("&=*");
      return emit("Operator", begin);
    }
    if (c == '.') {
      if (isDigit(peek())) {
        pos_ = begin;
        return number(begin);
      }
      accept(".");
      return emit("Operator", begin);
    }
    if (isAlphaNumeric(c)) {
      pos_ = begin;
      return identifier(begin);
    }
    error_ = "unrecognized character: " + goRune(text_, begin);
  }

  /// scanString: a quoted literal on one line; escapes are taken as written.
  void string(char quote, size_t begin) {
    std::string value;
    while (true) {
      if (pos_ >= text_.size() || text_[pos_] == '\n') {
        error_ = "literal not terminated";
        return;
      }
      char c = text_[pos_++];
      if (c == quote) break;
      if (c == '\\' && pos_ < text_.size()) c = text_[pos_++];
      value += c;
    }
    emitValue("String", std::move(value), begin);
  }

  void rawString(size_t begin) {
    size_t close = text_.find('`', pos_);
    if (close == std::string_view::npos) {
      error_ = "literal not terminated";
      return;
    }
    std::string value(text_.substr(pos_, close - pos_));
    pos_ = close + 1;
    emitValue("String", std::move(value), begin);
  }

  /// scanNumber: digits (hex, octal, binary, `_`), a fraction unless `..` follows, an exponent;
  /// a letter right after is `bad number syntax`.
  void number(size_t begin) {
    std::string_view digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) digits = "0123456789abcdefABCDEF_";
      else if (accept("oO")) digits = "01234567_";
      else if (accept("bB")) digits = "01_";
    }
    acceptRun(digits);
    size_t end = pos_;
    if (accept(".")) {
      if (peek() == '.') {
        pos_ = end;
        return emit("Number", begin);
      }
      acceptRun(digits);
    }
    if (accept("eE")) {
      accept("+-");
      acceptRun(digits);
    }
    if (pos_ < text_.size() && isAlphaNumeric(text_[pos_])) {
      ++pos_;
      error_ = "bad number syntax: " + goQuoted(text_.substr(begin, pos_ - begin));
      return;
    }
    emit("Number", begin);
  }

  void identifier(size_t begin) {
    while (pos_ < text_.size() && isAlphaNumeric(text_[pos_])) ++pos_;
    std::string_view word = text_.substr(begin, pos_ - begin);
    if (word == "not") {
      emit("Operator", begin);
      size_t afterNot = pos_;
      while (pos_ < text_.size() && isSpace(text_[pos_])) ++pos_;
      size_t next = pos_;
      while (pos_ < text_.size() && isAlphaNumeric(text_[pos_])) ++pos_;
      std::string_view following = text_.substr(next, pos_ - next);
      if (following == "in" || following == "matches" || following == "contains" ||
          following == "startsWith" || following == "endsWith")
        emit("Operator", next);
      else
        pos_ = afterNot;
      return;
    }
    bool keyword = word == "in" || word == "or" || word == "and" || word == "matches" ||
                   word == "contains" || word == "startsWith" || word == "endsWith" ||
                   word == "let" || word == "if" || word == "else";
    emit(keyword ? "Operator" : "Identifier", begin);
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::vector<ExprLangToken> tokens_;
  std::string error_;
};

} // namespace

std::vector<ExprLangToken> exprLangTokens(std::string_view text, std::string &error) {
  return Lexer(text).run(error);
}

std::string exprLangSyntaxError(std::string_view text, size_t failure) {
  std::string lexError;
  std::vector<ExprLangToken> tokens = exprLangTokens(text, lexError);
  for (const ExprLangToken &token : tokens)
    if (token.end > failure) return "unexpected token " + token.kind + "(" + goQuoted(token.value) + ")";
  // The parser reached the end of what the lexer could read: its error, or the end of input.
  if (!lexError.empty()) return lexError;
  return "unexpected token EOF";
}

} // namespace rwd::yaml::argo
