// This file implements the check that every YAML document in a file starts where YAML says a
// document may start, run with yaml-cpp's own parser before any node is built.
#include "compiler/yaml/document_boundaries.h"

#include "compiler/yaml/scalar_source.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <fmt/format.h>
#include <sstream>

namespace rwd::yaml {
namespace {

/// Records where each document starts; builds nothing, so the pass costs a scan of the text.
class DocumentStarts : public YAML::EventHandler {
public:
  void OnDocumentStart(const YAML::Mark &mark) override {
    last = mark;
    ++count;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark &, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark &, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark &, const std::string &, YAML::anchor_t, const std::string &) override {}
  void OnSequenceStart(const YAML::Mark &, const std::string &, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark &, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  YAML::Mark last = YAML::Mark::null_mark();
  size_t count = 0;
};

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/// Whether the last line before `at` that holds more than blanks or a comment is a `...` marker
/// (after which YAML allows a document without `---`).
bool followsDocumentEnd(std::string_view text, size_t at) {
  if (at == 0) return false;
  size_t newline = text.rfind('\n', at - 1); // ends the line before the one holding `at`
  while (newline != std::string_view::npos) {
    size_t begin = newline == 0 ? std::string_view::npos : text.rfind('\n', newline - 1);
    begin = begin == std::string_view::npos ? 0 : begin + 1;
    std::string_view line = text.substr(begin, newline - begin);
    size_t first = 0;
    while (first < line.size() && isSpace(line[first])) ++first;
    if (first < line.size() && line[first] != '#') {
      return line.substr(0, 3) == "..." && (line.size() == 3 || isSpace(line[3]) || line[3] == '#');
    }
    if (begin == 0) return false;
    newline = begin - 1;
  }
  return false;
}

/// The bytes of the UTF-8 character at `at` (one for ASCII; the text is valid UTF-8 by now).
uint32_t characterLength(std::string_view text, uint32_t at) {
  unsigned char lead = static_cast<unsigned char>(text[at]);
  uint32_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
  return std::min<uint32_t>(length, static_cast<uint32_t>(text.size()) - at);
}

std::string describeStray(std::string_view token) {
  if (token == ",") return "`,` outside a flow collection (`[...]` or `{...}`)";
  return fmt::format("`{}` after a complete node: only a new document (`---`) may start here", token);
}

} // namespace

bool checkDocumentBoundaries(const SourceFile &file, DiagnosticEngine &diags) {
  std::string_view text = file.text();
  std::istringstream input{std::string(text)};
  DocumentStarts starts;
  try {
    YAML::Parser parser(input);
    while (parser.HandleNextDocument(starts)) {
      if (starts.count < 2) continue;
      uint32_t at = markOffset(file, starts.last.line, starts.last.column);
      if (text.substr(at, 3) == "---" || followsDocumentEnd(text, at)) {
        // Every document consumes at least its first token, so there are never more documents
        // than bytes; past that the parser is not advancing, whatever the marks say.
        if (starts.count <= text.size() + 1) continue;
      }
      // The token it stumbles on is past the properties it starts with (`&x,` stops at its `,`).
      size_t content = skipNodeProperties(text, at);
      if (content < text.size()) at = static_cast<uint32_t>(content);
      uint32_t length = at < text.size() ? characterLength(text, at) : 0;
      diags.report(DiagKind::YamlSyntaxError, SourceRange{file.id(), at, at + length},
                   describeStray(text.substr(at, length)));
      return false;
    }
  } catch (const YAML::Exception &) {
    // The node-building pass meets the same error and reports it with yaml-cpp's message.
  }
  return true;
}

} // namespace rwd::yaml
