// This file implements the unit tests of the condition evaluator (expr-lang v1.17 + Argo).
#include "runtime/expr_eval.h"

#include "tests/unit/runtime/expr_test_helpers.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

using rwd::runtime::Value;
using rwd::test::floats;
using rwd::test::show;
using rwd::test::typeOf;

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();
} // namespace

TEST_CASE("Evaluator: literals", "[expr]") {
  CHECK(show("nil") == "nil");
  CHECK(show("true") == "true");
  CHECK(show("false") == "false");
  CHECK(show("42") == "42");
  CHECK(typeOf("42") == "int");
  CHECK(show("0.95") == "0.95");
  CHECK(typeOf("0.95") == "float");
  CHECK(show("'text'") == "text");
  CHECK(show("\"a\\nb\"") == "a\nb");
  CHECK(show("[1, 'a', nil]") == "[1,\"a\",nil]");
  CHECK(show("{a: 1, 'b-c': [true]}") == "{\"a\":1,\"b-c\":[true]}");
  CHECK(show("[]") == "[]");
}

TEST_CASE("Evaluator: identifiers", "[expr]") {
  SECTION("result is the env result") {
    Value r = Value::number(0.97);
    CHECK(show("result", r) == "0.97");
  }
  SECTION("result is nil without one") { CHECK(show("result") == "nil"); }
  SECTION("args is a map of the run arguments") {
    std::map<std::string, Value> args{{"service", Value::string("checkout")},
                                      {"threshold", Value::number(0.5)}};
    CHECK(show("args.service", nullptr, &args) == "checkout");
    CHECK(show("args.threshold < 1", nullptr, &args) == "true");
    CHECK(show("args.missing", nullptr, &args) == "nil");
    CHECK(show("args") == "error: unknown name args"); // Argo's env has no `args`: only placeholders
  }
  SECTION("any other name is unknown, even in a branch that never runs") {
    CHECK(show("foo") == "error: unknown name foo");
    CHECK(show("true || foo > 1") == "error: unknown name foo");
    CHECK(show("bogus(1)") == "error: unknown name bogus");
  }
}

TEST_CASE("Evaluator: integer and float arithmetic", "[expr]") {
  SECTION("int op int stays int for + - * %") {
    CHECK(show("7 + 2") == "9");
    CHECK(typeOf("7 + 2") == "int");
    CHECK(show("7 - 9") == "-2");
    CHECK(show("7 * 3") == "21");
    CHECK(show("7 % 3") == "1");
    CHECK(show("-7 % 3") == "-1");
    CHECK(typeOf("7 % 3") == "int");
  }
  SECTION("/ is always float") {
    CHECK(show("7 / 2") == "3.5");
    CHECK(show("6 / 2") == "3");
    CHECK(typeOf("6 / 2") == "float");
    CHECK(show("1 / 0") == "+Inf");
    CHECK(show("-1 / 0") == "-Inf");
    CHECK(show("0 / 0") == "NaN");
  }
  SECTION("** is always float") {
    CHECK(show("2 ** 10") == "1024");
    CHECK(typeOf("2 ** 10") == "float");
    CHECK(show("2 ^ 3") == "8");
    CHECK(show("2 ** 3 ** 2") == "512");
    CHECK(show("-2 ** 2") == "-4");
  }
  SECTION("mixing int and float gives float") {
    CHECK(show("1 + 0.5") == "1.5");
    CHECK(typeOf("1 + 0.5") == "float");
    CHECK(show("0.5 * 4") == "2");
    CHECK(typeOf("0.5 * 4") == "float");
  }
  SECTION("% needs integers and a non-zero divisor") {
    CHECK(show("1 % 0") == "error: integer divide by zero"); // folded at compile time
    CHECK(show("asInt('1') % 0") == "error: runtime error: integer divide by zero");
    CHECK(show("1.5 % 1") == "error: invalid operation: % (mismatched types float64 and int)");
  }
  SECTION("integer overflow wraps as in Go") {
    CHECK(show("9223372036854775807 + 1") == "-9223372036854775808");
  }
  SECTION("precedence") {
    CHECK(show("1 + 2 * 3") == "7");
    CHECK(show("(1 + 2) * 3") == "9");
    CHECK(show("10 - 4 - 3") == "3");
  }
  SECTION("arithmetic on other kinds is an error") {
    CHECK(show("1 + 'a'") == "error: invalid operation: + (mismatched types int and string)");
    CHECK(show("nil - 1") == "error: invalid operation: - (mismatched types unknown and int)");
    CHECK(show("true * 2") == "error: invalid operation: * (mismatched types bool and int)");
  }
}

TEST_CASE("Evaluator: unary operators", "[expr]") {
  CHECK(show("-5") == "-5");
  CHECK(show("-0.5") == "-0.5");
  CHECK(show("+5") == "5");
  CHECK(show("- -5") == "5");
  CHECK(show("not true") == "false");
  CHECK(show("!false") == "true");
  CHECK(show("not 1") == "error: invalid operation: not (mismatched type int)");
  CHECK(show("!nil") == "error: invalid operation: ! (mismatched type unknown)");
  CHECK(show("-'a'") == "error: invalid operation: - (mismatched type string)");
  CHECK(show("not 1 == 2") == "error: invalid operation: not (mismatched type int)");
}

TEST_CASE("Evaluator: comparisons", "[expr]") {
  SECTION("int against float compares numerically") {
    CHECK(show("1 == 1.0") == "true");
    CHECK(show("1 < 1.5") == "true");
    CHECK(show("2 >= 2.0") == "true");
    CHECK(show("3 != 3.0") == "false");
  }
  SECTION("strings compare bytewise") {
    CHECK(show("'abc' < 'abd'") == "true");
    CHECK(show("'B' < 'a'") == "true");
    CHECK(show("'x' == 'x'") == "true");
    CHECK(show("'b' >= 'a'") == "true");
  }
  SECTION("== between known types of different kinds does not compile; with nil it is false") {
    CHECK(show("1 == '1'") == "error: invalid operation: == (mismatched types int and string)");
    CHECK(show("'true' == true") == "error: invalid operation: == (mismatched types string and bool)");
    CHECK(show("nil == 0") == "false");
    CHECK(show("1 != '1'") == "error: invalid operation: != (mismatched types int and string)");
    CHECK(show("nil == nil") == "true");
    CHECK(show("result == nil") == "true");
  }
  SECTION("lists compare element-wise, maps deeply") {
    CHECK(show("[1, 2] == [1.0, 2]") == "true");
    CHECK(show("[1, 2] == [2, 1]") == "false");
    CHECK(show("{a: 1} == {a: 1}") == "true");
    CHECK(show("{a: 1} == {a: 2}") == "false");
  }
  SECTION("ordering across kinds is an error") {
    CHECK(show("1 < 'a'") == "error: invalid operation: < (mismatched types int and string)");
    CHECK(show("nil > 1") == "error: invalid operation: > (mismatched types unknown and int)");
    CHECK(show("[1] <= [2]") ==
          "error: invalid operation: <= (mismatched types []interface {} and []interface {})");
  }
}

TEST_CASE("Evaluator: NaN compares false", "[expr]") {
  Value nan = Value::number(kNaN);
  CHECK(show("result == result", nan) == "false");
  CHECK(show("result != result", nan) == "true");
  CHECK(show("result < 1", nan) == "false");
  CHECK(show("result >= 0.95", nan) == "false");
  CHECK(show("result > -1", nan) == "false");
  CHECK(show("result <= 1", nan) == "false");
  Value vector = floats({kNaN});
  CHECK(show("result[0] >= 0.95", vector) == "false");
  CHECK(show("result[0] < 0.95", vector) == "false");
  CHECK(show("result == [0.5]", vector) == "false");
}

TEST_CASE("Evaluator: infinities compare normally", "[expr]") {
  Value inf = floats({kInf, -kInf});
  CHECK(show("result[0] >= 0.95", inf) == "true");
  CHECK(show("result[0] > 1e308", inf) == "true");
  CHECK(show("result[1] < -1e308", inf) == "true");
  CHECK(show("result[0] == result[0]", inf) == "true");
  CHECK(show("result[0] + result[1]", inf) == "NaN");
}

TEST_CASE("Evaluator: logical operators short-circuit and require bools", "[expr]") {
  SECTION("truth tables") {
    CHECK(show("true && false") == "false");
    CHECK(show("true and true") == "true");
    CHECK(show("false || true") == "true");
    CHECK(show("false or false") == "false");
  }
  SECTION("the right side is skipped once the left decides") {
    Value empty = floats({});
    CHECK(show("false && result[0] > 1", empty) == "false");
    CHECK(show("true || result[0] > 1", empty) == "true");
    CHECK(show("len(result) == 0 || result[0] >= 0.95", empty) == "true");
    CHECK(show("len(result) > 0 && result[0] >= 0.95", empty) == "false");
  }
  SECTION("non-bool operands are errors") {
    CHECK(show("1 && true") == "error: invalid operation: && (mismatched types int and bool)");
    CHECK(show("true and 'x'") == "error: invalid operation: and (mismatched types bool and string)");
    CHECK(show("false || nil") == "error: invalid operation: || (mismatched types bool and unknown)");
    CHECK(show("0.5 or true") == "error: invalid operation: or (mismatched types float64 and bool)");
  }
}

TEST_CASE("Evaluator: ternary and nil coalescing", "[expr]") {
  CHECK(show("true ? 1 : 2") == "1");
  CHECK(show("false ? 1 : 2") == "2");
  CHECK(show("1 > 2 ? 'a' : 1 < 2 ? 'b' : 'c'") == "b");
  CHECK(show("1 ? 2 : 3") == "error: non-bool expression (type int) used as condition");
  CHECK(show("false ? [][0] : 3") == "3");
  CHECK(show("nil ?? 5") == "5");
  CHECK(show("3 ?? 5") == "3");
  CHECK(show("false ?? 5") == "false");
  CHECK(show("result ?? 0") == "0");
  CHECK(show("{a: 1}.b ?? 7") == "7");
}

TEST_CASE("Evaluator: in and not in", "[expr]") {
  SECTION("element in list") {
    CHECK(show("2 in [1, 2, 3]") == "true");
    CHECK(show("2.0 in [1, 2, 3]") == "true");
    CHECK(show("5 in [1, 2, 3]") == "false");
    CHECK(show("5 not in [1, 2, 3]") == "true");
    CHECK(show("'a' in ['a', 'b']") == "true");
    CHECK(show("1 in []") == "false");
  }
  SECTION("key in map") {
    CHECK(show("'a' in {a: 1}") == "true");
    CHECK(show("'b' in {a: 1}") == "false");
    CHECK(show("'b' not in {a: 1}") == "true");
    CHECK(show("1 in {a: 1}") == "error: cannot use int as type string in map key");
  }
  SECTION("nil container is false") { CHECK(show("1 in result") == "error: invalid operation: in (mismatched types int and unknown)"); }
  SECTION("substring is not `in`") {
    CHECK(show("'a' in 'abc'") == "error: invalid operation: in (mismatched types string and string)");
    CHECK(show("1 in 5") == "error: invalid operation: in (mismatched types int and int)");
  }
}

TEST_CASE("Evaluator: string operators", "[expr]") {
  SECTION("concatenation") {
    CHECK(show("'ab' + 'cd'") == "abcd");
    CHECK(show("'a' + 1") == "error: invalid operation: + (mismatched types string and int)");
  }
  SECTION("contains, startsWith, endsWith") {
    CHECK(show("'checkout' contains 'eck'") == "true");
    CHECK(show("'checkout' contains 'x'") == "false");
    CHECK(show("'checkout' startsWith 'check'") == "true");
    CHECK(show("'checkout' endsWith 'out'") == "true");
    CHECK(show("'checkout' endsWith 'check'") == "false");
    CHECK(show("nil contains 'a'") == "error: invalid operation: contains (mismatched types unknown and string)");
    CHECK(show("1 contains 'a'") ==
          "error: invalid operation: contains (mismatched types int and string)");
  }
  SECTION("matches searches with a regular expression") {
    CHECK(show("'checkout-7' matches '^checkout-[0-9]+$'") == "true");
    CHECK(show("'checkout' matches 'eck'") == "true");
    CHECK(show("'Checkout' matches '(?i)^check'") == "true");
    CHECK(show("'checkout' matches '^x'") == "false");
    CHECK(show("nil matches 'a'") == "error: invalid operation: matches (mismatched types unknown and string)");
    CHECK(show("'a' matches ('[' + 'a')").rfind("error: error parsing regexp:", 0) == 0);
  }
  SECTION("an invalid constant pattern fails even when not evaluated") {
    CHECK(show("false && 'a' matches '(unclosed'").rfind("error: error parsing regexp:", 0) == 0);
  }
}

TEST_CASE("Evaluator: ranges", "[expr]") {
  CHECK(show("1..4") == "[1,2,3,4]");
  CHECK(show("3..3") == "[3]");
  CHECK(show("4..1") == "[]");
  CHECK(show("1.5 .. 3") == "error: invalid operation: .. (mismatched types float64 and int)");
  CHECK(show("0..100000000") == "error: memory budget exceeded");
}

TEST_CASE("Evaluator: indexing", "[expr]") {
  Value vector = floats({0.97, 0.5, 0.25});
  SECTION("lists, with negative indexes from the end") {
    CHECK(show("result[0]", vector) == "0.97");
    CHECK(show("result[2]", vector) == "0.25");
    CHECK(show("result[-1]", vector) == "0.25");
    CHECK(show("result[-3]", vector) == "0.97");
  }
  SECTION("out of range uses expr-lang's wording") {
    CHECK(show("result[3]", vector) == "error: index out of range: 3 (array length is 3)");
    CHECK(show("result[-4]", vector) == "error: index out of range: -1 (array length is 3)");
    Value empty = floats({});
    CHECK(show("result[0]", empty) == "error: index out of range: 0 (array length is 0)");
  }
  SECTION("a non-integer index is an error") {
    CHECK(show("result[0.5]", vector) ==
          "error: array elements can only be selected using an integer (got float64)");
    CHECK(show("result['a']", vector) ==
          "error: array elements can only be selected using an integer (got string)");
  }
  SECTION("maps by key; a missing key is nil") {
    CHECK(show("{a: 1}['a']") == "1");
    CHECK(show("{a: 1}['z']") == "nil");
    CHECK(show("{a: 1}[0]") ==
          "error: cannot use int to get an element from map[string]interface {}");
  }
  SECTION("a string cannot be indexed: the checker knows no element type for it") {
    CHECK(show("'abc'[0]") == "error: type string[int] is undefined"); // a string is sliced, not indexed
  }
  SECTION("indexing nil is an error") {
    CHECK(show("result[0]") == "error: type unknown[int] is undefined");
  }
}

TEST_CASE("Evaluator: member access", "[expr]") {
  Value row = Value::map({{"successRate", Value::number(0.99)},
                          {"nested", Value::map({{"x", Value::integer(1)}})}});
  SECTION("fields of maps") {
    CHECK(show("result.successRate", row) == "0.99");
    CHECK(show("result.successRate >= 0.95", row) == "true");
    CHECK(show("result.nested.x", row) == "1");
    CHECK(show("result.missing", row) == "nil");
  }
  SECTION("a field of nil is an error unless ?. is used") {
    CHECK(show("result.successRate") == "error: type nil has no field successRate");
    CHECK(show("result?.successRate") == "error: type nil has no field successRate"); // checked first
    CHECK(show("result.missing.x", row) == "error: cannot fetch x from <nil>");
    CHECK(show("result.missing?.x", row) == "nil");
  }
  SECTION("?. makes the rest of the chain nil") {
  }
  SECTION("fields of non-maps are errors") {
    CHECK(show("result.x", floats({1})) ==
          "error: array elements can only be selected using an integer (got string)");
    CHECK(show("'s'.x") == "error: type string has no field x");
  }
}

TEST_CASE("Evaluator: slices clamp like expr-lang", "[expr]") {
  Value vector = floats({1, 2, 3, 4});
  CHECK(show("result[1:3]", vector) == "[2,3]");
  CHECK(show("result[:2]", vector) == "[1,2]");
  CHECK(show("result[2:]", vector) == "[3,4]");
  CHECK(show("result[:]", vector) == "[1,2,3,4]");
  CHECK(show("result[-2:]", vector) == "[3,4]");
  CHECK(show("result[1:100]", vector) == "[2,3,4]");
  CHECK(show("result[-100:1]", vector) == "[1]");
  CHECK(show("result[3:1]", vector) == "[]");
  CHECK(show("'checkout'[0:5]") == "check");
  CHECK(show("'abc'[1:]") == "bc");
  CHECK(show("result[0.5:]", vector) == "error: non-integer slice index float64");
  CHECK(show("result[1:2]") == "error: cannot slice unknown");
  CHECK(show("5[1:2]") == "error: cannot slice int");
}

TEST_CASE("Evaluator: predicates and #", "[expr]") {
  Value latencies = floats({120, 340, 90});
  SECTION("all, any, one, none") {
    CHECK(show("all(result, {# < 1000})", latencies) == "true");
    CHECK(show("all(result, # < 1000)", latencies) == "true");
    CHECK(show("all(result, # < 300)", latencies) == "false");
    CHECK(show("any(result, # > 300)", latencies) == "true");
    CHECK(show("any(result, # > 1000)", latencies) == "false");
    CHECK(show("one(result, # > 300)", latencies) == "true");
    CHECK(show("one(result, # > 100)", latencies) == "false");
    CHECK(show("none(result, # > 1000)", latencies) == "true");
    CHECK(show("none(result, # > 100)", latencies) == "false");
  }
  SECTION("empty collections") {
    Value empty = floats({});
    CHECK(show("all(result, # > 1)", empty) == "true");
    CHECK(show("any(result, # > 1)", empty) == "false");
    CHECK(show("none(result, # > 1)", empty) == "true");
    CHECK(show("one(result, # > 1)", empty) == "false");
    CHECK(show("all([], false)") == "true");
  }
  SECTION("filter, map, count, find, findIndex, findLast, findLastIndex") {
    CHECK(show("filter(result, # > 100)", latencies) == "[120,340]");
    CHECK(show("map(result, # * 2)", latencies) == "[240,680,180]");
    CHECK(show("count(result, # > 100)", latencies) == "2");
    CHECK(show("count([true, false, true])") == "2");
    CHECK(show("find(result, # > 100)", latencies) == "120");
    CHECK(show("find(result, # > 1000)", latencies) == "nil");
    CHECK(show("findIndex(result, # > 200)", latencies) == "1");
    CHECK(show("findIndex(result, # > 1000)", latencies) == "nil");
    CHECK(show("findLast(result, # > 100)", latencies) == "340");
    CHECK(show("findLastIndex(result, # > 100)", latencies) == "1");
  }
  SECTION("short-circuit stops at the deciding element") {
    Value mixed = Value::list({Value::integer(1), Value::string("x")});
    CHECK(show("any(result, # == 1 || # > 0)", mixed) == "true");
    CHECK(show("all(result, # == 2 && # > 0)", mixed) == "false");
  }
  SECTION(".field reads a field of the element") {
    Value rows = Value::list({Value::map({{"v", Value::integer(1)}}),
                              Value::map({{"v", Value::integer(5)}})});
    CHECK(show("all(result, .v > 0)", rows) == "true");
    CHECK(show("map(result, .v)", rows) == "[1,5]");
    CHECK(show("filter(result, {#.v > 2})", rows) == "[{\"v\":5}]");
  }
  SECTION("nested predicates keep their own #") {
    Value series = Value::list({Value::map({{"Values", floats({0.001, 0.002})}}),
                                Value::map({{"Values", floats({0.5})}})});
    CHECK(show("all(result, all(.Values, # <= 0.01))", series) == "false");
    CHECK(show("any(result, all(.Values, # <= 0.01))", series) == "true");
    CHECK(show("map([1, 2], map([10, 20], # + 1))") == "[[11,21],[11,21]]");
    CHECK(show("count(result, any(.Values, # > 0.1))", series) == "1");
  }
  SECTION("errors") {
    CHECK(show("all(result, # > 1)") == "error: builtin all takes only array (got unknown)");
    CHECK(show("all({a: 1}, true)") ==
          "error: builtin all takes only array (got map[string]interface {})");
    CHECK(show("all([1], # + 1)") == "error: predicate should return boolean (got int)");
    CHECK(show("filter([1], 'x')") == "error: predicate should return boolean (got string)");
    CHECK(show("# > 1") == "error: unexpected token Operator(\"#\")");
    CHECK(show("all([1])") == "error: expected at least 2 arguments");
  }
}

TEST_CASE("Evaluator: aggregate built-ins", "[expr]") {
  SECTION("sum keeps ints int") {
    CHECK(show("sum([1, 2, 3])") == "6");
    CHECK(typeOf("sum([1, 2, 3])") == "int");
    CHECK(show("sum([1, 2.5])") == "3.5");
    CHECK(show("sum([])") == "0");
    CHECK(show("sum([1, 2, 3], # * 2)") == "12");
    CHECK(show("sum(['a'])") == "error: invalid operation: string + int");
  }
  SECTION("mean and median are floats; empty gives 0") {
    CHECK(show("mean([1, 2, 3, 4])") == "2.5");
    CHECK(typeOf("mean([2, 2])") == "float");
    CHECK(show("mean([])") == "0");
    CHECK(show("median([3, 1, 2])") == "2");
    CHECK(show("median([4, 1, 3, 2])") == "2.5");
    CHECK(show("median([])") == "0");
    CHECK(show("mean(1, [2, [3]])") == "2");
    CHECK(show("mean(['a'])") == "error: invalid argument for mean (type string)");
  }
  SECTION("max and min keep the element's type") {
    CHECK(show("max([1, 5.5, 3])") == "5.5");
    CHECK(show("max([1, 5, 3])") == "5");
    CHECK(typeOf("max([1, 5, 3])") == "int");
    CHECK(show("min([4, 2.5, 3])") == "2.5");
    CHECK(show("max(1, 7, 3)") == "7");
    CHECK(show("min([[5, 2], 3])") == "2");
    CHECK(show("max([])") == "nil");
    CHECK(show("max(['a'])") == "error: invalid argument for max (type string)");
  }
  SECTION("abs, ceil, floor, round") {
    CHECK(show("abs(-3)") == "3");
    CHECK(typeOf("abs(-3)") == "int");
    CHECK(show("abs(-2.5)") == "2.5");
    CHECK(show("ceil(1.2)") == "2");
    CHECK(typeOf("ceil(1.2)") == "float");
    CHECK(show("floor(-1.2)") == "-2");
    CHECK(show("round(2.5)") == "3");
    CHECK(show("round(-2.5)") == "-3");
    CHECK(typeOf("round(2)") == "float");
    CHECK(show("abs('x')") == "error: invalid argument for abs (type string)");
  }
}

TEST_CASE("Evaluator: collection built-ins", "[expr]") {
  SECTION("len counts elements, entries and code points") {
    CHECK(show("len([1, 2])") == "2");
    CHECK(show("len({a: 1})") == "1");
    CHECK(show("len('héllo')") == "5");
    CHECK(show("len(result)", floats({})) == "0");
    CHECK(show("len(result)") == "error: invalid argument for len (type %!s(<nil>))");
    CHECK(show("len(1)") == "error: invalid argument for len (type int)");
  }
  SECTION("first and last") {
    CHECK(show("first([1, 2])") == "1");
    CHECK(show("last([1, 2])") == "2");
    CHECK(show("first([])") == "nil");
    CHECK(show("first(1)") == "error: cannot get first element from int");
  }
  SECTION("sort") {
    CHECK(show("sort([3, 1.5, 2])") == "[1.5,2,3]");
    CHECK(show("sort(['b', 'a'])") == "[\"a\",\"b\"]");
    CHECK(show("sort([1, 3, 2], 'desc')") == "[3,2,1]");
    CHECK(show("sort([1, 'a'])") == "error: invalid operation: string < int");
    CHECK(show("sort([1], 'up')") == "error: invalid order up, expected asc or desc");
  }
  SECTION("keys and values keep insertion order") {
    CHECK(show("keys({b: 1, a: 2})") == "[\"b\",\"a\"]");
    CHECK(show("values({b: 1, a: 2})") == "[1,2]");
    CHECK(show("keys([1])") == "error: cannot get keys from []interface {}");
  }
}

TEST_CASE("Evaluator: string built-ins", "[expr]") {
  CHECK(show("trim('  a b \\n')") == "a b");
  CHECK(show("trim('xxaxx', 'x')") == "a");
  CHECK(show("upper('abC')") == "ABC");
  CHECK(show("lower('AbC')") == "abc");
  CHECK(show("split('a,b,c', ',')") == "[\"a\",\"b\",\"c\"]");
  CHECK(show("split('a,b,c', ',', 2)") == "[\"a\",\"b,c\"]");
  CHECK(show("split('abc', '')") == "[\"a\",\"b\",\"c\"]");
  CHECK(show("split('', ',')") == "[\"\"]");
  CHECK(show("join(['a', 'b'], '-')") == "a-b");
  CHECK(show("join(['a', 'b'])") == "ab");
  CHECK(show("join([1])") == "error: interface conversion: interface {} is int, not string");
  CHECK(show("upper(1)") == "error: cannot use int as argument (type string) to call upper ");
}

TEST_CASE("Evaluator: conversions", "[expr]") {
  SECTION("int") {
    CHECK(show("int(2.9)") == "2");
    CHECK(show("int(-2.9)") == "-2");
    CHECK(show("int('42')") == "42");
    CHECK(show("int('4x')") == "error: invalid operation: int(4x)");
    CHECK(show("int(nil)") == "error: invalid argument for int (type %!s(<nil>))");
  }
  SECTION("float") {
    CHECK(show("float(2)") == "2");
    CHECK(typeOf("float(2)") == "float");
    CHECK(show("float('0.25')") == "0.25");
    CHECK(show("float('NaN')") == "NaN");
    CHECK(show("float('x')") == "error: invalid operation: float(x)");
  }
  SECTION("string uses Go's %v") {
    CHECK(show("string(0.5)") == "0.5");
    CHECK(show("string(1000000.0)") == "1e+06");
    CHECK(show("string(123456.0)") == "123456");
    CHECK(show("string(0.0001)") == "0.0001");
    CHECK(show("string(0.00001)") == "1e-05");
    CHECK(show("string(12)") == "12");
    CHECK(show("string([1, 'a'])") == "[1 a]");
    CHECK(show("string({b: 1, a: true})") == "map[a:true b:1]");
    CHECK(show("string(nil)") == "<nil>");
    CHECK(show("string(result)", floats({kNaN, kInf})) == "[NaN +Inf]");
  }
}

TEST_CASE("Evaluator: asInt and asFloat", "[expr]") {
  SECTION("asInt truncates numbers and parses base-10 strings") {
    CHECK(show("asInt(2.9)") == "2");
    CHECK(show("asInt(-2.9)") == "-2");
    CHECK(show("asInt(7)") == "7");
    CHECK(show("asInt('-15')") == "-15");
    CHECK(typeOf("asInt('15')") == "int");
    CHECK(show("asInt('1.5')") ==
          "error: strconv.ParseInt: parsing \"1.5\": invalid syntax");
    CHECK(show("asInt('99999999999999999999')") ==
          "error: strconv.ParseInt: parsing \"99999999999999999999\": value out of range");
    CHECK(show("asInt(result)", floats({1, 2})) ==
          "error: asInt() not supported on []float64 [1 2]");
    CHECK(show("asInt(nil)") == "error: asInt() not supported on <nil> <nil>");
  }
  SECTION("asFloat converts numbers and parses strings") {
    CHECK(show("asFloat(3)") == "3");
    CHECK(typeOf("asFloat(3)") == "float");
    CHECK(show("asFloat('0.97')") == "0.97");
    CHECK(show("asFloat('1e3')") == "1000");
    CHECK(show("asFloat('+Inf')") == "+Inf");
    CHECK(show("asFloat('1e-400')") == "0");
    CHECK(show("asFloat(result) >= 0.9", Value::string("0.93")) == "true");
    CHECK(show("asFloat('abc')") == "error: strconv.ParseFloat: parsing \"abc\": invalid syntax");
    CHECK(show("asFloat('1e400')") ==
          "error: strconv.ParseFloat: parsing \"1e400\": value out of range");
    CHECK(show("asFloat(true)") == "error: asFloat() not supported on bool true");
  }
}

TEST_CASE("Evaluator: isNaN and isInf take one float64", "[expr]") {
  CHECK(show("isNaN(result)", Value::number(kNaN)) == "true");
  CHECK(show("isNaN(result)", Value::number(0.5)) == "false");
  CHECK(show("isNaN(result[0])", floats({kNaN})) == "true");
  CHECK(show("isNaN(result) || result >= 0.95", Value::number(kNaN)) == "true");
  CHECK(show("isInf(result)", Value::number(-kInf)) == "true");
  CHECK(show("isInf(result[0])", floats({kInf})) == "true");
  CHECK(show("isInf(1.5)") == "false");
  SECTION("an integer literal converts, other ints do not") {
    CHECK(show("isNaN(1)") == "false");
    CHECK(show("isNaN(-1)") == "false");
    CHECK(show("isNaN(len([]))") == "error: interface conversion: interface {} is int, not float64");
  }
  SECTION("a vector or nil is a type error") {
    CHECK(show("isNaN(result)", floats({kNaN})) ==
          "error: cannot use []float64 as argument (type float64) to call isNaN "); // sic
    CHECK(show("isInf(result)") ==
          "error: cannot use nil as argument (type float64) to call isInf");
  }
  SECTION("arity is checked") {
    CHECK(show("isNaN()") == "error: not enough arguments to call isNaN");
    CHECK(show("isNaN(1.0, 2.0)") == "error: too many arguments to call isNaN");
  }
}

TEST_CASE("Evaluator: isNil and default look at result, not their argument", "[expr]") {
  SECTION("isNil") {
    CHECK(show("isNil(result)") == "true");
    CHECK(show("isNil(5)") == "true");
    CHECK(show("isNil(result)", floats({})) == "false");
    CHECK(show("isNil(nil)", Value::number(1)) == "false");
  }
  SECTION("default") {
    CHECK(show("default(result, 0)") == "0");
    CHECK(show("default(result, 0) < 0.05") == "true");
    CHECK(show("default(result, 0) < 0.05", Value::number(0.2)) == "false");
    CHECK(show("default(123, 0)", Value::number(0.2)) == "0.2");
    CHECK(show("default(nil, 9)", Value::number(0.2)) == "0.2");
  }
  SECTION("the ignored argument is still evaluated") {
    Value empty = floats({});
    CHECK(show("default(result[0], 0)", empty) ==
          "error: index out of range: 0 (array length is 0)");
    CHECK(show("isNil(result[0])", empty) == "error: index out of range: 0 (array length is 0)");
  }
}

TEST_CASE("Evaluator: clock functions are refused", "[expr]") {
  CHECK(show("now()") ==
        "error: now() is not supported in Rewind conditions (replays must be deterministic)");
  CHECK(show("true || duration('1h') > 0").rfind("error: duration() is not supported", 0) == 0);
  CHECK(show("toJSON(1)") == "error: builtin toJSON is not supported in Rewind conditions");
}

TEST_CASE("Evaluator: unresolved unit literals are an internal error", "[expr]") {
  CHECK(show("95%") == "error: unresolved unit literal");
  CHECK(show("false && result < 500ms") == "error: unresolved unit literal");
}

TEST_CASE("Evaluator: deep trees are refused without overflowing the stack", "[expr]") {
  rwd::expr::ExprPtr tree = std::make_unique<rwd::expr::Expr>();
  tree->kind = rwd::expr::ExprKind::Bool;
  tree->boolValue = true;
  for (int i = 0; i < 100000; ++i) {
    auto parent = std::make_unique<rwd::expr::Expr>();
    parent->kind = rwd::expr::ExprKind::Unary;
    parent->unaryOp = rwd::expr::UnaryOp::Not;
    parent->children.push_back(std::move(tree));
    tree = std::move(parent);
  }
  rwd::runtime::EvalOutcome outcome = rwd::runtime::evaluate(*tree, {});
  CHECK_FALSE(outcome.ok);
  CHECK(outcome.error == "expression is nested deeper than 512 levels");
  // Tear the chain down iteratively: the default destructor would recurse 100000 levels deep.
  while (!tree->children.empty()) {
    rwd::expr::ExprPtr child = std::move(tree->children[0]);
    tree = std::move(child);
  }
}

TEST_CASE("Evaluator: typical Argo conditions", "[expr]") {
  Value vector = floats({0.97});
  CHECK(show("result[0] >= 0.95", vector) == "true");
  CHECK(show("result[0] >= 10", vector) == "false");
  CHECK(show("result == true", Value::boolean(true)) == "true");
  CHECK(show("result == 'true'", Value::string("true")) == "true");
  Value cloudwatch = Value::list({Value::map(
      {{"Values", floats({0.001, 0.002, 0.003, 0.004, 0.005})}, {"Label", Value::string("x")}})});
  CHECK(show("len(result[0].Values) >= 5 and all(result[0].Values, {# <= 0.01})", cloudwatch) ==
        "true");
}

TEST_CASE("Evaluator: runaway evaluations hit a budget", "[expr]") {
  SECTION("memory: nested ranges") {
    CHECK(show("count(1..1000, len(1..2000) > 0)") == "error: memory budget exceeded");
  }
  SECTION("steps: a long predicate over a large range") {
    CHECK(show("count(0..999999, # > 0 && # > 0 && # > 0 && # > 0 && # > 0)") ==
          "error: evaluation exceeded the budget of 10000000 steps");
  }
}

TEST_CASE("Evaluator: a cache of compiled conditions gives what evaluating afresh gives, whatever the results' types", "[expr]") {
  using rwd::runtime::CompiledConditions;
  using rwd::runtime::EvalEnv;
  using rwd::runtime::EvalOutcome;
  using rwd::runtime::evaluate;
  // The results a metric's measurements may return in turn: the Go type of `result` changes, and
  // with it what expr-lang's check accepts (`result[0]` on a float, `result == 1` on a vector).
  const std::vector<Value> results = {floats({0.5}), Value::nil(), Value::number(0.7), floats({}),
                                      floats({2, 3}), Value::string("x"), floats({0.9}), Value::number(1.0)};
  const std::map<std::string, Value> args = {{"max", Value::number(0.8)}, {"name", Value::string("x")}};
  for (const char *text : {"result[0] < args.max", "result == 1", "len(result) == 0 || result[0] <= 0.6",
                           "isNaN(result)", "result > 0.6 && 1 % 1 == 0", "result == args.name",
                           "all(result, # > 1)", "result ?? true"}) {
    INFO(text);
    auto tree = rwd::test::resolvedCondition(text);
    CompiledConditions cache;
    for (const Value &result : results) {
      INFO("result " << rwd::runtime::formatValue(result));
      EvalEnv env{&result, &args};
      EvalOutcome cached = evaluate(*tree, env, &cache);
      EvalOutcome fresh = evaluate(*tree, env);
      CHECK(cached.ok == fresh.ok);
      CHECK(cached.error == fresh.error);
      if (cached.ok && fresh.ok) CHECK(rwd::runtime::formatValue(cached.value) == rwd::runtime::formatValue(fresh.value));
    }
    CompiledConditions copy = cache; // a copy starts empty and fills again
    Value last = results.back();
    EvalEnv env{&last, &args};
    CHECK(evaluate(*tree, env, &copy).error == evaluate(*tree, env).error);
  }
}
