// This file implements the unit tests of the document-boundary check: malformed text that yaml-cpp
// would split into documents (or loop on forever) is refused at the right token, and every way YAML
// really starts a document is accepted.
#include "compiler/yaml/document_boundaries.h"

#include <catch2/catch.hpp>
#include <string>

namespace {

/// "line:col message" of the refusal, or "" when the text is accepted.
std::string refusal(std::string text) {
  rwd::SourceManager sources;
  rwd::DiagnosticEngine diags;
  rwd::FileId id = sources.addBuffer("t.yaml", std::move(text));
  const rwd::SourceFile &file = sources.file(id);
  bool accepted = rwd::yaml::checkDocumentBoundaries(file, diags);
  REQUIRE(accepted == diags.sorted().empty());
  if (accepted) return "";
  rwd::Diagnostic d = diags.sorted().front();
  rwd::LineColumn lc = file.lineColumn(d.range.begin);
  return std::to_string(lc.line) + ":" + std::to_string(lc.column) + " " + d.message.substr(d.message.rfind("invalid YAML: ", 0) == 0 ? 14 : 0);
}

} // namespace

TEST_CASE("Document boundaries: yaml-cpp's endless empty documents are refused at their token",
          "[yaml]") {
  CHECK(refusal("\"x\",\n") == "1:4 `,` outside a flow collection (`[...]` or `{...}`)");
  CHECK(refusal(", a: b\n") == "1:1 `,` outside a flow collection (`[...]` or `{...}`)");
  CHECK(refusal("- a\n,\n") == "2:1 `,` outside a flow collection (`[...]` or `{...}`)");
  CHECK(refusal("a: b\n---\n, x\n") == "3:1 `,` outside a flow collection (`[...]` or `{...}`)");
  // Tags and anchors that start the stray document are skipped to the token it stumbles on.
  CHECK(refusal("- a\n&x,\n") == "2:3 `,` outside a flow collection (`[...]` or `{...}`)");
  CHECK(refusal("--- !x &a,\n") == "1:10 `,` outside a flow collection (`[...]` or `{...}`)");
  // A byte order mark is skipped, as yaml-cpp skips it.
  CHECK(refusal("\xEF\xBB\xBF\"x\",\n") == "1:7 `,` outside a flow collection (`[...]` or `{...}`)");
}

TEST_CASE("Document boundaries: text yaml-cpp reads as another document without `---` is refused",
          "[yaml]") {
  CHECK(refusal("\"a\"é\n") == "1:4 `é` after a complete node: only a new document (`---`) may start here");
  CHECK(refusal("\"a\"x\n") == "1:4 `x` after a complete node: only a new document (`---`) may start here");
  CHECK(refusal("\"\"\"\"\n") == "1:3 `\"` after a complete node: only a new document (`---`) may start here");
  CHECK(refusal("  : d\n\": \",x\n") ==
        "2:1 `\"` after a complete node: only a new document (`---`) may start here");
}

TEST_CASE("Document boundaries: every real way to start a document is accepted", "[yaml]") {
  CHECK(refusal("") == "");
  CHECK(refusal("# only a comment\n") == "");
  CHECK(refusal("a: 1\n") == "");
  CHECK(refusal("a: 1\n---\nb: 2\n") == "");
  CHECK(refusal("---\na: 1\n---\n---\n") == "");
  CHECK(refusal("--- a\n--- b\n") == "");
  CHECK(refusal("a: 1\n...\nb: 2\n") == "");
  CHECK(refusal("a: 1\n... # end\n# note\n\nb: 2\n") == "");
  CHECK(refusal("%YAML 1.2\n---\na: 1\n...\n%YAML 1.2\n---\nb: 2\n") == "");
  CHECK(refusal("a: 1\r\n---\r\nb: 2\r\n") == "");
  // Commas, quotes and brackets inside plain scalars are text.
  CHECK(refusal("q: sum(x{a=\"b\",c=\"d\"}[1m])\n") == "");
  CHECK(refusal("a: say \"hi\" now, ok\n") == "");
  CHECK(refusal("x[\n, a\n") == "");
  CHECK(refusal("key:\n  [a,\n   b]\n") == "");
  // A parser error is left to the node-building pass, which reports it with yaml-cpp's message.
  CHECK(refusal("a: [b\n") == "");
  CHECK(refusal("[a]]\n") == "");
}
