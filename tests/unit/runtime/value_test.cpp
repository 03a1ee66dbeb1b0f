// This file implements the unit tests of runtime values and their text forms.
#include "runtime/value.h"

#include <catch2/catch.hpp>
#include <limits>

using rwd::runtime::Value;
using rwd::runtime::ValueKind;
using rwd::runtime::goFormatFloat;

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

Value floats(std::initializer_list<double> values) {
  Value::ListItems items;
  for (double v : values) items.push_back(Value::number(v));
  return Value::list(std::move(items));
}
} // namespace

TEST_CASE("Value: factories and accessors", "[expr]") {
  CHECK(Value().isNil());
  CHECK(Value::nil().kind() == ValueKind::Nil);
  CHECK(Value::boolean(true).asBool());
  CHECK(Value::integer(-3).asInt() == -3);
  CHECK(Value::number(0.5).asFloat() == 0.5);
  CHECK(Value::integer(2).toDouble() == 2.0);
  CHECK(Value::string("x").asString() == "x");
  CHECK(floats({1, 2}).asList().size() == 2);
  SECTION("wrong-kind accessors return neutral defaults") {
    CHECK(Value::string("x").asInt() == 0);
    CHECK(Value::integer(1).asString().empty());
    CHECK(Value().asList().empty());
    CHECK(Value().find("a") == nullptr);
  }
  SECTION("copies share storage") {
    Value a = floats({1, 2, 3});
    Value b = a;
    CHECK(&a.asList() == &b.asList());
  }
}

TEST_CASE("Value: maps keep insertion order and unique keys", "[expr]") {
  Value m =
      Value::map({{"b", Value::integer(1)}, {"a", Value::integer(2)}, {"b", Value::integer(3)}});
  REQUIRE(m.asMap().size() == 2);
  CHECK(m.asMap()[0].first == "b");
  CHECK(m.asMap()[0].second.asInt() == 3);
  CHECK(m.asMap()[1].first == "a");
  REQUIRE(m.find("a") != nullptr);
  CHECK(m.find("a")->asInt() == 2);
  CHECK(m.find("z") == nullptr);
  SECTION("long keys survive the deduplication") {
    std::string key(100, 'k');
    Value big =
        Value::map({{key, Value::integer(1)}, {"s", Value::integer(2)}, {key, Value::integer(4)}});
    REQUIRE(big.asMap().size() == 2);
    CHECK(big.find(key)->asInt() == 4);
  }
}

TEST_CASE("Value: formatValue gives Argo's stored measurement text", "[expr]") {
  CHECK(formatValue(Value::number(0.97)) == "0.97");
  CHECK(formatValue(floats({0.97})) == "[0.97]");
  CHECK(formatValue(floats({0.97, 0.5})) == "[0.97,0.5]");
  CHECK(formatValue(floats({})) == "[]");
  CHECK(formatValue(Value::number(kNaN)) == "NaN");
  CHECK(formatValue(Value::number(kInf)) == "+Inf");
  CHECK(formatValue(Value::number(-kInf)) == "-Inf");
  CHECK(formatValue(floats({kNaN, kInf})) == "[NaN,+Inf]");
  CHECK(formatValue(Value()) == "nil");
  CHECK(formatValue(Value::number(1e21)) == "1000000000000000000000");
  CHECK(formatValue(Value::number(1e-7)) == "0.0000001");
  CHECK(formatValue(Value::number(3)) == "3");
  CHECK(formatValue(Value::number(0.1 + 0.2)) == "0.30000000000000004");
  CHECK(formatValue(Value::integer(-7)) == "-7");
  CHECK(formatValue(Value::boolean(false)) == "false");
  CHECK(formatValue(Value::string("raw \"text\"")) == "raw \"text\"");
  CHECK(formatValue(Value::list({Value::string("a\"b"), Value()})) == "[\"a\\\"b\",nil]");
  CHECK(formatValue(Value::map({{"rate", Value::number(0.5)}, {"ok", Value::boolean(true)}})) ==
        "{\"rate\":0.5,\"ok\":true}");
}

TEST_CASE("Value: type names", "[expr]") {
  CHECK(typeName(Value()) == "nil");
  CHECK(typeName(Value::boolean(true)) == "bool");
  CHECK(typeName(Value::integer(1)) == "int");
  CHECK(typeName(Value::number(1)) == "float");
  CHECK(typeName(Value::string("")) == "string");
  CHECK(typeName(Value::map({})) == "map");
  CHECK(typeName(floats({1})) == "[]float");
  CHECK(typeName(Value::list({Value::integer(1)})) == "[]int");
  CHECK(typeName(Value::list({Value::integer(1), Value::number(1)})) == "[]any");
  CHECK(typeName(floats({})) == "[]any");
  CHECK(goTypeName(Value()) == "<nil>");
  CHECK(goTypeName(Value::number(1)) == "float64");
  CHECK(goTypeName(floats({1}).asFloat64List()) == "[]float64"); // as a provider hands it over
  CHECK(goTypeName(floats({1})) == "[]interface {}");              // as expr-lang builds one
  CHECK(goTypeName(floats({}).asFloat64List()) == "[]float64");
  CHECK(goTypeName(Value::list({Value::integer(1)})) == "[]interface {}");
  CHECK(goTypeName(Value::map({})) == "map[string]interface {}");
}

TEST_CASE("Value: Go %v rendering", "[expr]") {
  CHECK(goFormatFloat(0.5) == "0.5");
  CHECK(goFormatFloat(100000) == "100000");
  CHECK(goFormatFloat(1e6) == "1e+06");
  CHECK(goFormatFloat(1234567) == "1.234567e+06");
  CHECK(goFormatFloat(0.0001) == "0.0001");
  CHECK(goFormatFloat(0.00001) == "1e-05");
  CHECK(goFormatFloat(1e100) == "1e+100");
  CHECK(goFormatFloat(0) == "0");
  CHECK(goFormatFloat(kNaN) == "NaN");
  CHECK(goFormatFloat(-kInf) == "-Inf");
  CHECK(goFormat(Value::list({Value::integer(1), Value::string("a"), Value()})) == "[1 a <nil>]");
  CHECK(goFormat(Value::map({{"b", Value::integer(1)}, {"a", floats({2})}})) == "map[a:[2] b:1]");
}
