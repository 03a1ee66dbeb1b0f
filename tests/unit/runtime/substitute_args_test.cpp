// This file implements the tests of `{{args.x}}` substitution against the regular expression it
// replaces: the same output for every placeholder shape, written and generated.
#include "runtime/analysis_run.h"

#include <catch2/catch.hpp>
#include <random>
#include <regex>

namespace {

/// The substitution as it was written with std::regex: the reference the scanner must equal.
std::string regexSubstitute(const std::string &text, const std::map<std::string, std::string> &args) {
  static const std::regex kPlaceholder(R"(\{\{\s*args\.([A-Za-z0-9_.-]+)\s*\}\})");
  std::string out;
  size_t last = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kPlaceholder); it != std::sregex_iterator(); ++it) {
    out.append(text, last, static_cast<size_t>(it->position()) - last);
    auto found = args.find((*it)[1].str());
    out += found != args.end() ? found->second : it->str();
    last = static_cast<size_t>(it->position() + it->length());
  }
  out.append(text, last, std::string::npos);
  return out;
}

} // namespace

TEST_CASE("substituteArgs: equals the regular expression on tricky placeholders", "[analysis]") {
  std::map<std::string, std::string> args = {{"a", "A"}, {"b.c", "BC"}, {"x-y", "XY"}, {"", "EMPTY"}};
  for (const std::string text :
       {"{{{args.a}}}", "{{ {{args.a}}", "{{args.a}", "{{args.a}}}}", "{{\targs.b.c\n}}", "{{args.}}",
        "{{args.a b}}", "{{ args.missing }}{{args.a}}", "{args.a}}", "{{args.x-y}}{{args.a}}", "{{{{args.a}}}}",
        "{{args.a}}{{args.a", "{{\vargs.a\f}}", "{{args.a\xC2\xA0}}", "{{ARGS.a}}", "x{{args.a}}y{{args.b.c}}z"})
    CHECK(rwd::runtime::substituteArgs(text, args) == regexSubstitute(text, args));
}

TEST_CASE("substituteArgs: equals the regular expression on generated text", "[analysis]") {
  std::map<std::string, std::string> args = {{"a", "1"}, {"ab", "2"}, {"a.b", "3"}};
  const std::string alphabet[] = {"{", "}", "{{", "}}", " ", "\t", "args.", "a", "b", ".", "-", "x", "\n"};
  std::mt19937 random(20261206);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    size_t length = random() % 12;
    for (size_t i = 0; i < length; ++i) text += alphabet[random() % std::size(alphabet)];
    INFO("text: " << text);
    CHECK(rwd::runtime::substituteArgs(text, args) == regexSubstitute(text, args));
  }
}
