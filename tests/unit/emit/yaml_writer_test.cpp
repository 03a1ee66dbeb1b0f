// This file implements the unit tests of the YAML writer: quoting, literal blocks, numbers, layout.
#include "compiler/emit/yaml_writer.h"

#include <catch2/catch.hpp>
#include <limits>

using rwd::emit::formatYamlNumber;
using rwd::emit::formatYamlString;
using rwd::emit::writeYaml;
using rwd::emit::writeYamlDocuments;
using rwd::emit::YamlNode;

TEST_CASE("YAML: strings that other types would claim are quoted", "[yaml]") {
  for (const char *text : {"yes", "No", "on", "OFF", "y", "true", "False", "null", "~", "", "123", "1.5",
                           "0x10", "0o17", "-1", "+2", ".5", "1e3", "2023-01-01", "190:20:30", ".inf",
                           "-.Inf", ".NaN", "=", "<<", "5m", "25%"})
    CHECK(formatYamlString(text) == std::string("\"") + text + "\"");
}

TEST_CASE("YAML: indicators, comments and mapping colons are quoted", "[yaml]") {
  CHECK(formatYamlString("a: b") == "\"a: b\"");
  CHECK(formatYamlString("a #b") == "\"a #b\"");
  CHECK(formatYamlString("ends:") == "\"ends:\"");
  CHECK(formatYamlString("#deploys") == "\"#deploys\"");
  CHECK(formatYamlString("{{args.url}}") == "\"{{args.url}}\"");
  CHECK(formatYamlString("- item") == "\"- item\"");
  CHECK(formatYamlString("-") == "\"-\"");
  CHECK(formatYamlString("---") == "\"---\"");
  CHECK(formatYamlString("*alias") == "\"*alias\"");
  CHECK(formatYamlString(" lead") == "\" lead\"");
  CHECK(formatYamlString("trail ") == "\"trail \"");
  CHECK(formatYamlString("say \"hi\"") == "\"say \\\"hi\\\"\"");
  CHECK(formatYamlString("it's") == "\"it's\"");
}

TEST_CASE("YAML: ordinary strings stay plain", "[yaml]") {
  for (const char *text : {"checkout", "argoproj.io/v1alpha1", "--target", "a:b", "a#b", "http://x:9090/y",
                           "sum(rate(x{code!~5..}[2m]))", "Bearer {{args.token}}", "é"})
    CHECK(formatYamlString(text) == text);
}

TEST_CASE("YAML: escapes are JSON-style", "[yaml]") {
  CHECK(formatYamlString("a\tb") == "\"a\\tb\"");
  CHECK(formatYamlString("a\rb") == "\"a\\rb\"");
  CHECK(formatYamlString("a\\b\"") == "\"a\\\\b\\\"\"");
  CHECK(formatYamlString(std::string("a\x01", 2)) == "\"a\\u0001\"");
  CHECK(formatYamlString("a\xe2\x80\xa8") == "\"a\\u2028\"");
  CHECK(formatYamlString("a\xc2\x85") == "\"a\\u0085\"");
}

TEST_CASE("YAML: numbers are shortest round-trip", "[yaml]") {
  CHECK(formatYamlNumber(0.1) == "0.1");
  CHECK(formatYamlNumber(2.5) == "2.5");
  CHECK(formatYamlNumber(90) == "90");
  CHECK(formatYamlNumber(1e21) == "1.0e+21");
  CHECK(formatYamlNumber(std::numeric_limits<double>::infinity()) == ".inf");
  CHECK(formatYamlNumber(-std::numeric_limits<double>::infinity()) == "-.inf");
  CHECK(formatYamlNumber(std::numeric_limits<double>::quiet_NaN()) == ".nan");
}

TEST_CASE("YAML: multi-line strings are literal blocks chosen by trailing newlines", "[yaml]") {
  auto one = [](std::string text) {
    YamlNode doc = YamlNode::map();
    doc.set("q", YamlNode::string(std::move(text)));
    return writeYaml(doc);
  };
  CHECK(one("a\n  b") == "q: |-\n  a\n    b\n");
  CHECK(one("a\nb\n") == "q: |\n  a\n  b\n");
  CHECK(one("a\nb\n\n") == "q: |+\n  a\n  b\n\n");
  CHECK(one("  a\nb") == "q: |2-\n    a\n  b\n");
  CHECK(one("a\n\nb") == "q: |-\n  a\n\n  b\n");
  CHECK(one("a\n  \nb") == "q: \"a\\n  \\nb\"\n"); // a whitespace-only line would be lost
  CHECK(one("a\r\nb") == "q: \"a\\r\\nb\"\n");
}

TEST_CASE("YAML: block layout, insertion order, empty collections, documents", "[yaml]") {
  YamlNode doc = YamlNode::map();
  doc.set("z", YamlNode::integer(1));
  doc.set("a", YamlNode::boolean(true));
  YamlNode &steps = doc.set("steps", YamlNode::seq());
  steps.push(YamlNode::map()).set("setWeight", YamlNode::integer(10));
  steps.push(YamlNode::map()).set("pause", YamlNode::map());
  YamlNode &nested = steps.push(YamlNode::map());
  nested.set("x", YamlNode::string("1"));
  nested.set("list", YamlNode::seq()).push(YamlNode::string("b"));
  nested.set("y", YamlNode::string("n"));
  doc.set("empty", YamlNode::seq());
  doc.set("none", YamlNode::null());
  doc.set("z", YamlNode::integer(2)); // replaced in place
  CHECK(writeYaml(doc) == "z: 2\n"
                          "a: true\n"
                          "steps:\n"
                          "  - setWeight: 10\n"
                          "  - pause: {}\n"
                          "  - x: \"1\"\n"
                          "    list:\n"
                          "      - b\n"
                          "    \"y\": \"n\"\n"
                          "empty: []\n"
                          "none: null\n");
  YamlNode second = YamlNode::map();
  second.set("k", YamlNode::string("v"));
  CHECK(writeYamlDocuments({second, second}) == "k: v\n---\nk: v\n");
}
