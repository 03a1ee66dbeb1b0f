// This file implements the parser's wiring: input checks, lexing, a nesting pre-scan, parsing with
// Rewind's error reporting, and the transform to the AST. No ANTLR type or exception leaves it.
#include "compiler/parse/parser.h"

#include "PolicyLexer.h"
#include "PolicyParser.h"
#include "antlr4-runtime.h"
#include "compiler/parse/error_strategy.h"
#include "compiler/parse/offset_map.h"
#include "compiler/parse/syntax_error_listener.h"
#include "compiler/parse/transformer.h"
#include "compiler/source/encoding.h"
#include "compiler/source/line_length.h"

#include <fmt/format.h>

namespace rwd::parse {

namespace {

using P = grammar::PolicyParser;

/// Deepest nesting the parser accepts. ANTLR and the transformer recurse once per level, so a
/// hostile file of 100k `(` must be refused before parsing; no real policy comes near this.
constexpr int kMaxNesting = 256;

/// Reports NUL bytes and invalid UTF-8 (ANTLR's UTF-8 decoder would throw on them).
bool checkEncoding(const OffsetMap &offsets, std::string_view text, DiagnosticEngine &diags) {
  std::optional<EncodingError> error = findEncodingError(text);
  if (!error) return true;
  uint32_t at = offsets.fileOffsetOfByte(static_cast<uint32_t>(error->offset));
  SourceRange where{offsets.file().id(), at, at + 1};
  if (error->nul) diags.report(DiagKind::NulByte, where);
  else diags.report(DiagKind::InvalidUtf8, where, static_cast<unsigned char>(text[error->offset]));
  return false;
}

bool isOpen(const std::string &literal) { return literal == "'('" || literal == "'['" || literal == "'{'"; }
bool isClose(const std::string &literal) { return literal == "')'" || literal == "']'" || literal == "'}'"; }

/// Operators whose chains make ANTLR or the transformer recurse (prefix and right-associative ones,
/// and binary chains, which nest in the tree).
bool isOperator(const std::string &literal) {
  static const char *const kOps[] = {"'-'", "'+'", "'!'", "'not'", "'**'", "'^'", "'?'", "'\?\?'",
                                     "'*'", "'/'", "'%'", "'and'", "'&&'", "'or'", "'||'",
                                     "'=='", "'!='", "'<'", "'<='", "'>'", "'>='", "'..'",
                                     "'.'", "'?.'", "'in'", "'matches'", "'contains'",
                                     "'startsWith'", "'endsWith'"};
  for (const char *op : kOps)
    if (literal == op) return true;
  return false;
}

/// Reports lexer-level problems (unterminated strings and comments, stray characters) and nesting
/// beyond kMaxNesting. Returns false if parsing must not start.
bool preScan(const std::vector<antlr4::Token *> &tokens, const antlr4::dfa::Vocabulary &vocabulary,
             const OffsetMap &offsets, DiagnosticEngine &diags) {
  bool ok = true;
  // depth = Σ over open bracket levels of (1 + operator tokens seen at that level).
  std::vector<int> operatorsAtLevel{0};
  int depth = 0;
  for (antlr4::Token *token : tokens) {
    size_t type = token->getType();
    if (type == antlr4::Token::EOF) break;
    SourceRange where = offsets.range(token->getStartIndex(), token->getStopIndex());
    switch (type) {
    case P::UNTERMINATED_STRING:
      diags.report(DiagKind::UnterminatedString, where);
      ok = false;
      continue;
    case P::UNTERMINATED_BLOCK_STRING:
      diags.report(DiagKind::UnterminatedBlockString, SourceRange{where.file, where.begin, where.begin + 3});
      return false;
    case P::UNTERMINATED_COMMENT:
      diags.report(DiagKind::UnterminatedComment, SourceRange{where.file, where.begin, where.begin + 2});
      return false;
    case P::UNKNOWN_CHAR:
      diags.add(DiagKind::SyntaxError, where,
                fmt::format("unexpected character {}", describeFoundToken(token)));
      ok = false;
      continue;
    default: break;
    }
    if (token->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    std::string literal = vocabulary.getLiteralName(type);
    if (isOpen(literal)) {
      operatorsAtLevel.push_back(0);
      ++depth;
    } else if (isClose(literal)) {
      if (operatorsAtLevel.size() > 1) {
        depth -= 1 + operatorsAtLevel.back();
        operatorsAtLevel.pop_back();
      }
    } else if (isOperator(literal)) {
      ++operatorsAtLevel.back();
      ++depth;
    } else if (literal == "','" || literal == "';'" ||
               (type < P::DURATION && !literal.empty() && std::isalpha(static_cast<unsigned char>(literal[1])) &&
                literal != "'true'" && literal != "'false'" && literal != "'nil'")) {
      // A separator or a statement keyword ends the expression at this level.
      depth -= operatorsAtLevel.back();
      operatorsAtLevel.back() = 0;
    }
    if (depth > kMaxNesting) {
      diags.report(DiagKind::NestingTooDeep, where, kMaxNesting);
      return false;
    }
  }
  return ok;
}

/// Runs the lexer and parser over `text`, whose bytes `offsets` maps into `file`, and hands the
/// tree to `transform`.
template <typename Result, typename Root, typename Transform>
Result parseWith(const SourceFile &file, std::string_view text, const OffsetMap &offsets,
                 DiagnosticEngine &diags, Root root, Transform transform,
                 std::vector<ast::Comment> *comments = nullptr) {
  if (!checkEncoding(offsets, text, diags)) return nullptr;
  uint32_t begin = offsets.byteOffset(0);
  // Lines are checked where they are in the file (a condition read from YAML: its scalar's lines).
  uint32_t end = std::min<uint32_t>(begin + static_cast<uint32_t>(text.size()), static_cast<uint32_t>(file.text().size()));
  if (!checkLineLengths(file, begin, end, diags)) return nullptr;
  try {
    antlr4::ANTLRInputStream input(text.data(), text.size());
    grammar::PolicyLexer lexer(&input);
    SyntaxErrorListener listener(offsets, diags);
    lexer.removeErrorListeners();
    lexer.addErrorListener(&listener);
    antlr4::CommonTokenStream tokens(&lexer);
    tokens.fill();
    if (!preScan(tokens.getTokens(), lexer.getVocabulary(), offsets, diags)) return nullptr;
    if (comments)
      for (antlr4::Token *token : tokens.getTokens())
        if (token->getType() == P::LINE_COMMENT || token->getType() == P::BLOCK_COMMENT)
          comments->push_back({token->getText(), offsets.range(token->getStartIndex(), token->getStopIndex())});

    grammar::PolicyParser parser(&tokens);
    parser.removeErrorListeners();
    parser.addErrorListener(&listener);
    parser.setErrorHandler(std::make_shared<ErrorStrategy>());
    auto *tree = root(parser);
    if (listener.errorCount() > 0) return nullptr;
    Transformer transformer(offsets, diags);
    return transform(transformer, *tree);
  } catch (const std::exception &e) {
    diags.add(DiagKind::SyntaxError, SourceRange{file.id(), begin, begin},
              fmt::format("the parser failed: {}", e.what()));
    return nullptr;
  }
}


/// Bytes [begin, end) of `file`, without a UTF-8 byte order mark (not part of the policy; skipping
/// it keeps columns right).
std::string_view sliceWithoutBom(const SourceFile &file, uint32_t &begin, uint32_t end) {
  std::string_view text = file.text().substr(begin, end - begin);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    begin += 3;
    text.remove_prefix(3);
  }
  return text;
}

} // namespace

std::unique_ptr<ast::PolicyFile> parseFile(const SourceFile &file, DiagnosticEngine &diags) {
  uint32_t begin = 0;
  std::string_view text = sliceWithoutBom(file, begin, static_cast<uint32_t>(file.text().size()));
  OffsetMap offsets(file, begin, text);
  std::vector<ast::Comment> comments;
  std::unique_ptr<ast::PolicyFile> policy = parseWith<std::unique_ptr<ast::PolicyFile>>(
      file, text, offsets, diags, [](P &parser) { return parser.policyFile(); },
      [](Transformer &t, P::PolicyFileContext &tree) { return t.transformPolicyFile(tree); }, &comments);
  if (policy) policy->comments = std::move(comments);
  return policy;
}

expr::ExprPtr parseExpression(const SourceFile &file, uint32_t begin, uint32_t end,
                              DiagnosticEngine &diags) {
  std::string_view text = sliceWithoutBom(file, begin, end);
  OffsetMap offsets(file, begin, text);
  return parseWith<expr::ExprPtr>(
      file, text, offsets, diags, [](P &parser) { return parser.conditionOnly(); },
      [](Transformer &t, P::ConditionOnlyContext &tree) { return t.transformConditionOnly(tree); });
}

expr::ExprPtr parseExpression(const SourceFile &file, std::string_view text,
                              std::vector<uint32_t> positions, DiagnosticEngine &diags) {
  OffsetMap offsets(file, text, std::move(positions));
  return parseWith<expr::ExprPtr>(
      file, text, offsets, diags, [](P &parser) { return parser.conditionOnly(); },
      [](Transformer &t, P::ConditionOnlyContext &tree) { return t.transformConditionOnly(tree); });
}

} // namespace rwd::parse
