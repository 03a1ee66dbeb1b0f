// This file implements the runtime evaluator of condition expressions (expr-lang v1.17 + Argo).
//
// Errors are raised inside this file as an EvalFailure exception, the counterpart of expr-lang's
// panic/recover, and evaluate() turns them into an EvalOutcome; no exception leaves this file.
// Messages follow expr-lang's runtime wording (vm/runtime, builtin) with Go type names, so an
// Error measurement reads as it would in Argo.
#include "runtime/expr_eval.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace rwd::runtime {

namespace {

using expr::BinaryOp;
using expr::Expr;
using expr::ExprKind;
using expr::LiteralUnit;
using expr::UnaryOp;

/// An evaluation error. Thrown only inside this file; evaluate() catches it.
struct EvalFailure {
  std::string message;
};

[[noreturn]] void fail(std::string message) { throw EvalFailure{std::move(message)}; }

constexpr size_t kMaxRegexPatternBytes = 1024;

//===-- Functions --------------------------------------------------------------------------===//

enum class Builtin : uint8_t {
  All, Any, One, None, Filter, Map, Find, FindIndex, FindLast, FindLastIndex, Count, Sum,
  Len, Abs, Ceil, Floor, Round, Int, Float, String, Trim, Upper, Lower, Split, Join, Keys, Values,
  First, Last, Sort, Max, Min, Mean, Median,
  AsInt, AsFloat, IsNaN, IsInf, IsNil, Default,
};

constexpr uint8_t kVariadic = 255;

struct FunctionInfo {
  std::string_view name;
  Builtin id;
  uint8_t minArgs;
  uint8_t maxArgs;
  bool predicate; // the second argument is a predicate evaluated per element with `#`
  bool argo;      // a Go function from Argo's env (arity errors worded as Go's checker does)
};

constexpr FunctionInfo kFunctions[] = {
    {"all", Builtin::All, 2, 2, true, false},
    {"any", Builtin::Any, 2, 2, true, false},
    {"one", Builtin::One, 2, 2, true, false},
    {"none", Builtin::None, 2, 2, true, false},
    {"filter", Builtin::Filter, 2, 2, true, false},
    {"map", Builtin::Map, 2, 2, true, false},
    {"find", Builtin::Find, 2, 2, true, false},
    {"findIndex", Builtin::FindIndex, 2, 2, true, false},
    {"findLast", Builtin::FindLast, 2, 2, true, false},
    {"findLastIndex", Builtin::FindLastIndex, 2, 2, true, false},
    {"count", Builtin::Count, 1, 2, true, false},
    {"sum", Builtin::Sum, 1, 2, true, false},
    {"len", Builtin::Len, 1, 1, false, false},
    {"abs", Builtin::Abs, 1, 1, false, false},
    {"ceil", Builtin::Ceil, 1, 1, false, false},
    {"floor", Builtin::Floor, 1, 1, false, false},
    {"round", Builtin::Round, 1, 1, false, false},
    {"int", Builtin::Int, 1, 1, false, false},
    {"float", Builtin::Float, 1, 1, false, false},
    {"string", Builtin::String, 1, 1, false, false},
    {"trim", Builtin::Trim, 1, 2, false, false},
    {"upper", Builtin::Upper, 1, 1, false, false},
    {"lower", Builtin::Lower, 1, 1, false, false},
    {"split", Builtin::Split, 2, 3, false, false},
    {"join", Builtin::Join, 1, 2, false, false},
    {"keys", Builtin::Keys, 1, 1, false, false},
    {"values", Builtin::Values, 1, 1, false, false},
    {"first", Builtin::First, 1, 1, false, false},
    {"last", Builtin::Last, 1, 1, false, false},
    {"sort", Builtin::Sort, 1, 2, false, false},
    {"max", Builtin::Max, 1, kVariadic, false, false},
    {"min", Builtin::Min, 1, kVariadic, false, false},
    {"mean", Builtin::Mean, 1, kVariadic, false, false},
    {"median", Builtin::Median, 1, kVariadic, false, false},
    {"asInt", Builtin::AsInt, 1, 1, false, true},
    {"asFloat", Builtin::AsFloat, 1, 1, false, true},
    {"isNaN", Builtin::IsNaN, 1, 1, false, true},
    {"isInf", Builtin::IsInf, 1, 1, false, true},
    {"isNil", Builtin::IsNil, 1, 1, false, true},
    {"default", Builtin::Default, 2, 2, false, true},
};

const FunctionInfo *findFunction(std::string_view name) {
  for (const FunctionInfo &info : kFunctions)
    if (info.name == name) return &info;
  return nullptr;
}

//===-- Value helpers ----------------------------------------------------------------------===//

int64_t wrapAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
int64_t wrapSub(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}
int64_t wrapMul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}
int64_t wrapNeg(int64_t a) { return static_cast<int64_t>(0 - static_cast<uint64_t>(a)); }

/// Go's int64(f) on amd64: NaN and out-of-range values become the "integer indefinite" MinInt64.
int64_t goFloatToInt(double f) {
  if (std::isnan(f) || f >= 9223372036854775808.0 || f < -9223372036854775808.0)
    return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(f);
}

/// The panic of a Go type assertion `v.(T)` that fails, as the VM reports it.
[[noreturn]] void interfaceConversion(const Value &v, std::string_view wanted) {
  std::string type = v.isNil() ? "nil" : goTypeName(v);
  fail("interface conversion: interface {} is " + type + ", not " + std::string(wanted));
}

/// runtime.ToInt: numbers (floats truncated as Go converts them), else a panic.
int64_t toGoInt(const Value &v) {
  if (v.isInt()) return v.asInt();
  if (v.isFloat()) return goFloatToInt(v.asFloat());
  fail("invalid operation: int(" + goTypeName(v) + ")");
}

/// runtime.ToFloat64.
double toGoFloat(const Value &v) {
  if (v.isNumber()) return v.toDouble();
  fail("invalid operation: float(" + goTypeName(v) + ")");
}

std::string invalidOperation(const Value &a, std::string_view op, const Value &b) {
  return "invalid operation: " + goTypeName(a) + " " + std::string(op) + " " + goTypeName(b);
}

/// runtime.Equal: numbers across int/float, strings, bools, lists element-wise, nil == nil;
/// maps by reflect.DeepEqual; anything else (mismatched kinds) is simply unequal.
bool deepEqual(const Value &a, const Value &b);

bool equalValues(const Value &a, const Value &b) {
  if (a.isNumber() && b.isNumber()) {
    if (a.isInt() && b.isInt()) return a.asInt() == b.asInt();
    return a.toDouble() == b.toDouble();
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
  case ValueKind::Nil: return true;
  case ValueKind::Bool: return a.asBool() == b.asBool();
  case ValueKind::String: return a.asString() == b.asString();
  case ValueKind::List: {
    const auto &x = a.asList();
    const auto &y = b.asList();
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i)
      if (!equalValues(x[i], y[i])) return false;
    return true;
  }
  case ValueKind::Map: return deepEqual(a, b);
  default: return false;
  }
}

bool deepEqual(const Value &a, const Value &b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
  case ValueKind::Nil: return true;
  case ValueKind::Bool: return a.asBool() == b.asBool();
  case ValueKind::Int: return a.asInt() == b.asInt();
  case ValueKind::Float: return a.asFloat() == b.asFloat();
  case ValueKind::String: return a.asString() == b.asString();
  case ValueKind::List: {
    const auto &x = a.asList();
    const auto &y = b.asList();
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i)
      if (!deepEqual(x[i], y[i])) return false;
    return true;
  }
  case ValueKind::Map: {
    const auto &x = a.asMap();
    if (x.size() != b.asMap().size()) return false;
    for (const auto &[key, value] : x) {
      const Value *other = b.find(key);
      if (!other || !deepEqual(value, *other)) return false;
    }
    return true;
  }
  }
  return false;
}

/// runtime.Less/More/LessOrEqual/MoreOrEqual: numbers (NaN compares false) and strings only.
bool compareValues(const Value &a, BinaryOp op, const Value &b) {
  if (a.isInt() && b.isInt()) {
    int64_t x = a.asInt(), y = b.asInt();
    switch (op) {
    case BinaryOp::Less: return x < y;
    case BinaryOp::LessEqual: return x <= y;
    case BinaryOp::Greater: return x > y;
    default: return x >= y;
    }
  }
  if (a.isNumber() && b.isNumber()) {
    double x = a.toDouble(), y = b.toDouble();
    switch (op) {
    case BinaryOp::Less: return x < y;
    case BinaryOp::LessEqual: return x <= y;
    case BinaryOp::Greater: return x > y;
    default: return x >= y;
    }
  }
  if (a.isString() && b.isString()) {
    int c = a.asString().compare(b.asString()); // bytewise, as Go compares strings
    switch (op) {
    case BinaryOp::Less: return c < 0;
    case BinaryOp::LessEqual: return c <= 0;
    case BinaryOp::Greater: return c > 0;
    default: return c >= 0;
    }
  }
  fail(invalidOperation(a, expr::binaryOpSpelling(op), b));
}

Value addValues(const Value &a, const Value &b) {
  if (a.isInt() && b.isInt()) return Value::integer(wrapAdd(a.asInt(), b.asInt()));
  if (a.isNumber() && b.isNumber()) return Value::number(a.toDouble() + b.toDouble());
  if (a.isString() && b.isString()) return Value::string(a.asString() + b.asString());
  fail(invalidOperation(a, "+", b));
}

Value arithmetic(const Value &a, BinaryOp op, const Value &b) {
  switch (op) {
  case BinaryOp::Add: return addValues(a, b);
  case BinaryOp::Subtract:
    if (a.isInt() && b.isInt()) return Value::integer(wrapSub(a.asInt(), b.asInt()));
    if (a.isNumber() && b.isNumber()) return Value::number(a.toDouble() - b.toDouble());
    break;
  case BinaryOp::Multiply:
    if (a.isInt() && b.isInt()) return Value::integer(wrapMul(a.asInt(), b.asInt()));
    if (a.isNumber() && b.isNumber()) return Value::number(a.toDouble() * b.toDouble());
    break;
  case BinaryOp::Divide: // always float64, so x / 0 is ±Inf or NaN rather than a panic
    if (a.isNumber() && b.isNumber()) return Value::number(a.toDouble() / b.toDouble());
    break;
  case BinaryOp::Modulo:
    if (a.isInt() && b.isInt()) {
      int64_t y = b.asInt();
      if (y == 0) fail("runtime error: integer divide by zero");
      if (y == -1) return Value::integer(0); // Go defines MinInt64 % -1 as 0
      return Value::integer(a.asInt() % y);
    }
    break;
  case BinaryOp::Power: return Value::number(std::pow(toGoFloat(a), toGoFloat(b))); // runtime.Exponent
  default: break;
  }
  fail(invalidOperation(a, expr::binaryOpSpelling(op), b));
}

/// Number of UTF-8 code points (Go's utf8.RuneCountInString, invalid bytes counting one each).
size_t runeCount(std::string_view s) {
  size_t count = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++count;
  return count;
}

/// Length in bytes of the UTF-8 sequence starting at s[i] (1 for an invalid byte).
size_t runeLength(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (i + n > s.size()) return 1;
  for (size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 1;
  return n;
}

std::vector<std::string_view> splitRunes(std::string_view s) {
  std::vector<std::string_view> runes;
  for (size_t i = 0; i < s.size();) {
    size_t n = runeLength(s, i);
    runes.push_back(s.substr(i, n));
    i += n;
  }
  return runes;
}

/// Go's strconv.Quote, close enough for error messages.
std::string goQuote(std::string_view s) { return jsonQuote(s); }

/// strconv.ParseInt(s, 10, 64); nullopt-like failure is reported through `error`.
bool parseGoInt(std::string_view s, int64_t &out, std::string &error) {
  std::string_view digits = s;
  bool negative = false;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(),
                                     [](char c) { return c >= '0' && c <= '9'; })) {
    error = "invalid syntax";
    return false;
  }
  uint64_t magnitude = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
  (void)ptr;
  uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  if (ec == std::errc::result_out_of_range || magnitude > limit) {
    error = "value out of range";
    return false;
  }
  out = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return true;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
           return lower(x) == lower(y);
         });
}

/// Decimal magnitude (position of the leading digit) of a decimal literal, to tell an overflow
/// from an underflow when from_chars reports result_out_of_range.
long decimalMagnitude(std::string_view s) {
  size_t e = s.find_first_of("eE");
  std::string_view mantissa = s.substr(0, e);
  long exponent = 0;
  if (e != std::string_view::npos) {
    std::string_view exp = s.substr(e + 1);
    bool negative = !exp.empty() && exp[0] == '-';
    if (!exp.empty() && (exp[0] == '+' || exp[0] == '-')) exp.remove_prefix(1);
    for (char c : exp) exponent = std::min(exponent * 10 + (c - '0'), 100000L);
    if (negative) exponent = -exponent;
  }
  size_t dot = mantissa.find('.');
  std::string_view integer = mantissa.substr(0, dot);
  size_t firstNonZero = integer.find_first_not_of('0');
  if (firstNonZero != std::string_view::npos)
    return static_cast<long>(integer.size() - firstNonZero) + exponent;
  std::string_view fraction = dot == std::string_view::npos ? "" : mantissa.substr(dot + 1);
  size_t leading = fraction.find_first_not_of('0');
  if (leading == std::string_view::npos) return -100000; // all zeros
  return -static_cast<long>(leading) + exponent;
}

/// strconv.ParseFloat(s, 64): decimal and hexadecimal (with a `p` exponent) forms, `inf`,
/// `infinity` (optionally signed) and `nan`, case-insensitive. Underflow gives 0 silently;
/// overflow is "value out of range".
bool parseGoFloat(std::string_view s, double &out, std::string &error) {
  error = "invalid syntax";
  if (s.empty()) return false;
  if (equalsIgnoreCase(s, "nan")) {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  std::string_view body = s;
  bool negative = false;
  if (body[0] == '+' || body[0] == '-') {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (equalsIgnoreCase(body, "inf") || equalsIgnoreCase(body, "infinity")) {
    out = negative ? -std::numeric_limits<double>::infinity()
                   : std::numeric_limits<double>::infinity();
    return true;
  }
  if (body.empty() || body[0] == '+' || body[0] == '-') return false;
  std::chars_format format = std::chars_format::general;
  if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X')) {
    body.remove_prefix(2);
    if (body.find_first_of("pP") == std::string_view::npos) return false;
    format = std::chars_format::hex;
  } else if (body.find_first_not_of("0123456789.eE+-") != std::string_view::npos) {
    return false;
  }
  double value = 0;
  auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), value, format);
  if (ptr != body.data() + body.size()) return false;
  if (ec == std::errc::result_out_of_range) {
    if (format == std::chars_format::general && decimalMagnitude(body) < 0) {
      value = 0; // underflow: Go rounds to zero without an error
    } else {
      error = "value out of range";
      return false;
    }
  } else if (ec != std::errc()) {
    return false;
  }
  out = negative ? -value : value;
  return true;
}

//===-- Constant folding -------------------------------------------------------------------===//
// expr-lang's optimizer (optimizer/fold.go) folds constants after the type check and before the
// run. Only two folds change what a condition does: `and`/`or` with a constant side drop the other
// side unevaluated (`x && false` is false even when x would fail), and `%` by a constant zero is a
// compile error with its own wording.

/// The constants the optimizer folds, computed once per evaluation: node → integer or bool.
struct Folds {
  std::unordered_map<const Expr *, int64_t> ints;
  std::unordered_map<const Expr *, bool> bools;

  std::optional<int64_t> intOf(const Expr *e) const {
    auto it = e ? ints.find(e) : ints.end();
    return it == ints.end() ? std::nullopt : std::optional<int64_t>(it->second);
  }
  std::optional<bool> boolOf(const Expr *e) const {
    auto it = e ? bools.find(e) : bools.end();
    return it == bools.end() ? std::nullopt : std::optional<bool>(it->second);
  }

  /// Post-order: literals, signs and + - * of integers; `not`, `==` of two constants of one kind,
  /// and `and`/`or` by fold.go's rules.
  void compute(const Expr &e) {
    for (const auto &child : e.children)
      if (child) compute(*child);
    if (e.kind == ExprKind::Int) ints[&e] = e.intValue;
    if (e.kind == ExprKind::Bool) bools[&e] = e.boolValue;
    if (e.kind == ExprKind::Unary) {
      if (e.unaryOp == UnaryOp::Not) {
        if (auto v = boolOf(e.child(0))) bools[&e] = !*v;
      } else if (auto v = intOf(e.child(0))) {
        ints[&e] = e.unaryOp == UnaryOp::Negate ? wrapNeg(*v) : *v;
      }
    }
    if (e.kind != ExprKind::Binary || !e.child(0) || !e.child(1)) return;
    const Expr *l = e.child(0);
    const Expr *r = e.child(1);
    auto li = intOf(l), ri = intOf(r);
    auto lb = boolOf(l), rb = boolOf(r);
    switch (e.binaryOp) {
    case BinaryOp::Add: if (li && ri) ints[&e] = wrapAdd(*li, *ri); break;
    case BinaryOp::Subtract: if (li && ri) ints[&e] = wrapSub(*li, *ri); break;
    case BinaryOp::Multiply: if (li && ri) ints[&e] = wrapMul(*li, *ri); break;
    case BinaryOp::Equal:
      if (li && ri) bools[&e] = *li == *ri;
      else if (l->kind == ExprKind::String && r->kind == ExprKind::String) bools[&e] = l->text == r->text;
      else if (lb && rb) bools[&e] = *lb == *rb;
      break;
    case BinaryOp::And:
    case BinaryOp::Or: {
      bool isAnd = e.binaryOp == BinaryOp::And;
      if (lb && *lb == isAnd) { // true && x is x
        if (rb) bools[&e] = *rb;
      } else if (rb && *rb == isAnd) { // x && true is x
        if (lb) bools[&e] = *lb;
      } else if (lb || rb) { // x && false is false
        bools[&e] = !isAnd;
      }
      break;
    }
    default: break;
    }
  }
};

//===-- Evaluator --------------------------------------------------------------------------===//

class Evaluator {
public:
  explicit Evaluator(const EvalEnv &env) : env_(env) {}

  /// The compile stage: rejects what expr.Compile would, whatever branch would run.
  void check(const Expr &node, int predicateScopes, int depth);

  Value run(const Expr &node) { return eval(node); }

  /// What expr-lang does between check and run: integer literals the checker turned into floats
  /// (a float64 parameter receives them), and the optimizer's constant folds.
  void prepare(const std::unordered_set<const Expr *> &floatLiterals, const Folds &folds) {
    floatLiterals_ = &floatLiterals;
    folds_ = &folds;
  }

private:
  /// Counts nesting; too deep a tree is an error, not a stack overflow.
  class DepthGuard {
  public:
    explicit DepthGuard(int &depth) : depth_(depth) {
      if (++depth_ > kMaxEvalDepth)
        fail("expression is nested deeper than " + std::to_string(kMaxEvalDepth) + " levels");
    }
    ~DepthGuard() { --depth_; }
    DepthGuard(const DepthGuard &) = delete;
    DepthGuard &operator=(const DepthGuard &) = delete;

  private:
    int &depth_;
  };

  /// Binds `#` for the duration of one predicate call.
  class ElementScope {
  public:
    ElementScope(std::vector<Value> &stack, Value element) : stack_(stack) {
      stack_.push_back(std::move(element));
    }
    ~ElementScope() { stack_.pop_back(); }
    ElementScope(const ElementScope &) = delete;
    ElementScope &operator=(const ElementScope &) = delete;

  private:
    std::vector<Value> &stack_;
  };

  Value eval(const Expr &node) {
    bool chainNil = false;
    return evalNode(node, chainNil);
  }
  Value evalNode(const Expr &node, bool &chainNil);
  /// Evaluates the base of a member/index/slice: an optional `?.` anywhere earlier in the same
  /// postfix chain that met nil makes the whole chain nil (expr-lang's ChainNode).
  Value evalChainBase(const Expr &base, bool &chainNil);
  Value evalUnary(const Expr &node);
  Value evalBinary(const Expr &node);
  Value evalLogical(const Expr &node);
  Value evalMember(const Expr &node, bool &chainNil);
  Value evalIndex(const Expr &node, bool &chainNil);
  Value evalSlice(const Expr &node, bool &chainNil);
  Value evalCall(const Expr &node);
  Value evalPredicateBuiltin(const FunctionInfo &info, const Expr &node);
  Value evalAggregate(Builtin id, const std::vector<Value> &args);
  Value evalArgoFunction(Builtin id, const std::vector<Value> &args);
  Value evalPlainBuiltin(Builtin id, const Expr &node, const std::vector<Value> &args);

  bool regexMatches(const std::string &pattern, const std::string &subject);
  const std::regex &compileRegex(const std::string &pattern);
  void chargeMemory(size_t items);
  Value argsValue();

  const EvalEnv &env_;
  std::vector<Value> elements_;
  int depth_ = 0;
  uint64_t steps_ = 0;
  size_t memory_ = 0;
  std::map<std::string, std::unique_ptr<std::regex>> regexes_;
  std::optional<Value> args_; // `args` as a map, built on first use
  // Set by prepare(), owned by the caller (a CompiledConditions entry or evaluate()'s own).
  const std::unordered_set<const Expr *> *floatLiterals_ = nullptr;
  const Folds *folds_ = nullptr;
};

void Evaluator::check(const Expr &node, int predicateScopes, int depth) {
  if (depth > kMaxEvalDepth)
    fail("expression is nested deeper than " + std::to_string(kMaxEvalDepth) + " levels");
  if (node.unit != LiteralUnit::None) fail("unresolved unit literal");
  auto need = [&](size_t count) {
    if (node.children.size() < count) fail("malformed expression tree");
    for (size_t i = 0; i < count; ++i)
      if (!node.children[i] && !(node.kind == ExprKind::Slice && i > 0))
        fail("malformed expression tree");
  };
  switch (node.kind) {
  case ExprKind::Nil:
  case ExprKind::Bool:
  case ExprKind::Int:
  case ExprKind::Float:
  case ExprKind::String:
  case ExprKind::Identifier:
  case ExprKind::Element: return;
  case ExprKind::Predicate: fail("unexpected predicate outside of a predicate argument");
  case ExprKind::Unary:
  case ExprKind::Member: need(1); break;
  case ExprKind::Binary: need(2); break;
  case ExprKind::Conditional: need(3); break;
  case ExprKind::Index: need(2); break;
  case ExprKind::Slice: need(1); break;
  case ExprKind::Map:
    if (node.mapKeys.size() != node.children.size()) fail("malformed expression tree");
    need(node.children.size());
    break;
  case ExprKind::List: need(node.children.size()); break;
  case ExprKind::Call: {
    need(node.children.size());
    const FunctionInfo *info = findFunction(node.text);
    for (size_t i = 0; i < node.children.size(); ++i) {
      const Expr &arg = *node.children[i];
      if (info && info->predicate && i == 1) {
        const Expr *body = arg.kind == ExprKind::Predicate ? arg.child(0) : &arg;
        if (!body) fail("malformed expression tree");
        check(*body, predicateScopes + 1, depth + 1);
      } else {
        check(arg, predicateScopes, depth + 1);
      }
    }
    return;
  }
  }
  for (const auto &child : node.children)
    if (child) check(*child, predicateScopes, depth + 1);
}

Value Evaluator::evalNode(const Expr &node, bool &chainNil) {
  DepthGuard guard(depth_);
  if (++steps_ > kMaxEvalSteps)
    fail("evaluation exceeded the budget of " + std::to_string(kMaxEvalSteps) + " steps");
  if (node.unit != LiteralUnit::None) fail("unresolved unit literal");
  switch (node.kind) {
  case ExprKind::Nil: return Value::nil();
  case ExprKind::Bool: return Value::boolean(node.boolValue);
  case ExprKind::Int:
    if (floatLiterals_->count(&node)) return Value::number(static_cast<double>(node.intValue));
    return Value::integer(node.intValue);
  case ExprKind::Float: return Value::number(node.floatValue);
  case ExprKind::String: return Value::string(node.text);
  case ExprKind::Identifier:
    if (node.text == "result") return env_.result ? *env_.result : Value::nil();
    if (node.text == "args") return argsValue();
    fail("unknown name " + node.text);
  case ExprKind::Element:
    if (elements_.empty()) fail("cannot use # outside of a predicate");
    return elements_.back();
  case ExprKind::Unary: return evalUnary(node);
  case ExprKind::Binary: return evalBinary(node);
  case ExprKind::Conditional: {
    Value condition = eval(*node.child(0));
    if (!condition.isBool()) interfaceConversion(condition, "bool"); // OpJumpIfFalse
    return eval(*node.child(condition.asBool() ? 1 : 2));
  }
  case ExprKind::Member: return evalMember(node, chainNil);
  case ExprKind::Index: return evalIndex(node, chainNil);
  case ExprKind::Slice: return evalSlice(node, chainNil);
  case ExprKind::Call: return evalCall(node);
  case ExprKind::Predicate: fail("unexpected predicate outside of a predicate argument");
  case ExprKind::List: {
    Value::ListItems items;
    items.reserve(node.children.size());
    for (const auto &child : node.children) items.push_back(eval(*child));
    return Value::list(std::move(items));
  }
  case ExprKind::Map: {
    Value::MapEntries entries;
    entries.reserve(node.children.size());
    for (size_t i = 0; i < node.children.size(); ++i)
      entries.emplace_back(node.mapKeys[i], eval(*node.children[i]));
    return Value::map(std::move(entries));
  }
  }
  fail("malformed expression tree");
}

Value Evaluator::evalChainBase(const Expr &base, bool &chainNil) {
  if (base.kind == ExprKind::Member || base.kind == ExprKind::Index || base.kind == ExprKind::Slice)
    return evalNode(base, chainNil);
  return eval(base);
}

Value Evaluator::evalUnary(const Expr &node) {
  Value operand = eval(*node.child(0));
  switch (node.unaryOp) {
  case UnaryOp::Not:
    if (!operand.isBool()) interfaceConversion(operand, "bool"); // OpNot
    return Value::boolean(!operand.asBool());
  case UnaryOp::Negate: // runtime.Negate
    if (operand.isInt()) return Value::integer(wrapNeg(operand.asInt()));
    if (operand.isFloat()) return Value::number(-operand.asFloat());
    fail("invalid operation: - " + goTypeName(operand));
  case UnaryOp::Plus: return operand; // expr-lang compiles unary plus to nothing
  }
  fail("malformed expression tree");
}

/// `and`/`or`: OpJumpIfFalse/OpJumpIfTrue assert the left side is a bool; the right side is the
/// value of the whole expression, whatever its type.
Value Evaluator::evalLogical(const Expr &node) {
  bool isAnd = node.binaryOp == BinaryOp::And;
  // The optimizer's folds: a constant side that decides, or that leaves the other side as is.
  std::optional<bool> constLeft = folds_->boolOf(node.child(0));
  std::optional<bool> constRight = folds_->boolOf(node.child(1));
  if (constLeft && *constLeft == isAnd) return eval(*node.child(1));
  if (constRight && *constRight == isAnd) return eval(*node.child(0));
  if (constLeft || constRight) return Value::boolean(!isAnd);
  Value left = eval(*node.child(0));
  if (!left.isBool()) interfaceConversion(left, "bool");
  if (left.asBool() != isAnd) return left; // false && …, true || …
  return eval(*node.child(1));
}

Value Evaluator::evalBinary(const Expr &node) {
  BinaryOp op = node.binaryOp;
  if (op == BinaryOp::And || op == BinaryOp::Or) return evalLogical(node);
  if (op == BinaryOp::Coalesce) {
    Value left = eval(*node.child(0));
    return left.isNil() ? eval(*node.child(1)) : left;
  }
  if (op == BinaryOp::Modulo) {
    std::optional<int64_t> divisor = folds_->intOf(node.child(1));
    if (divisor && *divisor == 0 && folds_->intOf(node.child(0))) fail("integer divide by zero");
  }
  Value a = eval(*node.child(0));
  Value b = eval(*node.child(1));
  switch (op) {
  case BinaryOp::Equal: return Value::boolean(equalValues(a, b));
  case BinaryOp::NotEqual: return Value::boolean(!equalValues(a, b));
  case BinaryOp::Less:
  case BinaryOp::LessEqual:
  case BinaryOp::Greater:
  case BinaryOp::GreaterEqual: return Value::boolean(compareValues(a, op, b));
  case BinaryOp::In:
  case BinaryOp::NotIn: {
    bool found = false;
    if (b.isNil()) {
      found = false;
    } else if (b.isList()) {
      const auto &items = b.asList();
      found = std::any_of(items.begin(), items.end(),
                          [&](const Value &item) { return equalValues(item, a); });
    } else if (b.isMap()) {
      if (!a.isString() && !a.isNil())
        fail("reflect.Value.MapIndex: value of type " + goTypeName(a) +
             " is not assignable to type string");
      found = b.find(a.asString()) != nullptr; // nil looks up the zero key ""
    } else {
      fail("operator \"in\" not defined on " + goTypeName(b));
    }
    return Value::boolean(op == BinaryOp::In ? found : !found);
  }
  case BinaryOp::Matches:
  case BinaryOp::Contains:
  case BinaryOp::StartsWith:
  case BinaryOp::EndsWith: {
    if (a.isNil() || b.isNil()) return Value::boolean(false);
    if (op == BinaryOp::Matches && !a.isString()) { // regexp.Match(b.(string), a.([]byte))
      if (!b.isString()) interfaceConversion(b, "string");
      interfaceConversion(a, "[]uint8");
    }
    if (!a.isString()) interfaceConversion(a, "string");
    if (!b.isString()) interfaceConversion(b, "string");
    const std::string &s = a.asString();
    const std::string &t = b.asString();
    if (op == BinaryOp::Matches) return Value::boolean(regexMatches(t, s));
    if (op == BinaryOp::Contains) return Value::boolean(s.find(t) != std::string::npos);
    if (op == BinaryOp::StartsWith) return Value::boolean(s.starts_with(t));
    return Value::boolean(s.ends_with(t));
  }
  case BinaryOp::Range: {
    int64_t from = toGoInt(a), to = toGoInt(b);
    if (to < from) return Value::list({});
    uint64_t size = static_cast<uint64_t>(to) - static_cast<uint64_t>(from) + 1;
    if (size == 0 || size > kEvalMemoryBudget) fail("memory budget exceeded");
    chargeMemory(size);
    Value::ListItems items;
    items.reserve(size);
    for (uint64_t i = 0; i < size; ++i)
      items.push_back(Value::integer(wrapAdd(from, static_cast<int64_t>(i))));
    return Value::list(std::move(items));
  }
  default: return arithmetic(a, op, b);
  }
}

Value Evaluator::evalMember(const Expr &node, bool &chainNil) {
  bool baseChainNil = false;
  Value base = evalChainBase(*node.child(0), baseChainNil);
  if (baseChainNil) {
    chainNil = true;
    return Value::nil();
  }
  if (base.isNil()) {
    if (node.optional) {
      chainNil = true;
      return Value::nil();
    }
    fail("cannot fetch " + node.text + " from <nil>");
  }
  if (base.isMap()) {
    const Value *value = base.find(node.text);
    return value ? *value : Value::nil();
  }
  // runtime.Fetch converts the name to an index for arrays and strings (runtime.ToInt).
  if (base.isList() || base.isString()) fail("invalid operation: int(string)");
  fail("cannot fetch " + node.text + " from " + goTypeName(base));
}

Value Evaluator::evalIndex(const Expr &node, bool &chainNil) {
  bool baseChainNil = false;
  Value base = evalChainBase(*node.child(0), baseChainNil);
  if (baseChainNil) {
    chainNil = true;
    return Value::nil();
  }
  Value index = eval(*node.child(1));
  if (base.isNil()) {
    if (node.optional) {
      chainNil = true;
      return Value::nil();
    }
    fail("cannot fetch " + goFormat(index) + " from <nil>");
  }
  if (base.isMap()) {
    if (!index.isString() && !index.isNil())
      fail("reflect.Value.MapIndex: value of type " + goTypeName(index) +
           " is not assignable to type string");
    const Value *value = base.find(index.asString());
    return value ? *value : Value::nil();
  }
  if (base.isList() || base.isString()) {
    int64_t length = base.isList() ? static_cast<int64_t>(base.asList().size())
                                   : static_cast<int64_t>(base.asString().size());
    int64_t i = toGoInt(index);
    if (i < 0) i = wrapAdd(length, i);
    if (i < 0 || i >= length)
      fail("index out of range: " + std::to_string(i) + " (array length is " +
           std::to_string(length) + ")");
    if (base.isList()) return base.asList()[static_cast<size_t>(i)];
    // expr-lang's Fetch on a string yields the byte (a uint8), not a one-letter string.
    return Value::integer(static_cast<unsigned char>(base.asString()[static_cast<size_t>(i)]));
  }
  fail("cannot fetch " + goFormat(index) + " from " + goTypeName(base));
}

Value Evaluator::evalSlice(const Expr &node, bool &chainNil) {
  bool baseChainNil = false;
  Value base = evalChainBase(*node.child(0), baseChainNil);
  if (baseChainNil) {
    chainNil = true;
    return Value::nil();
  }
  int64_t length = base.isList() ? static_cast<int64_t>(base.asList().size())
                                 : static_cast<int64_t>(base.asString().size());
  Value fromValue = node.child(1) ? eval(*node.child(1)) : Value::integer(0);
  // Without an upper bound the compiled code asks runtime.Len first.
  if (!node.child(2) && !base.isList() && !base.isString() && !base.isMap())
    fail("invalid argument for len (type " + goTypeName(base) + ")");
  Value toValue = node.child(2) ? eval(*node.child(2)) : Value::integer(length);
  // runtime.Slice names the lower bound when the base cannot be sliced.
  if (!base.isList() && !base.isString()) fail("cannot slice " + goFormat(fromValue));
  int64_t from = toGoInt(fromValue);
  int64_t to = toGoInt(toValue);
  // runtime.Slice: negative bounds count from the end, then everything is clamped.
  if (from < 0) from = wrapAdd(length, from);
  if (from < 0) from = 0;
  if (to < 0) to = wrapAdd(length, to);
  if (to < 0) to = 0;
  if (to > length) to = length;
  if (from > to) from = to;
  if (base.isString())
    return Value::string(base.asString().substr(static_cast<size_t>(from),
                                                static_cast<size_t>(to - from)));
  const auto &items = base.asList();
  Value sliced = Value::list(Value::ListItems(items.begin() + from, items.begin() + to));
  return base.isFloat64List() ? sliced.asFloat64List() : sliced; // a Go slice keeps its type
}

Value Evaluator::evalCall(const Expr &node) {
  const FunctionInfo *info = findFunction(node.text);
  if (!info) {
    fail("unknown name " + node.text); // the checker reported every other case first
  }
  if (info->predicate) return evalPredicateBuiltin(*info, node);
  std::vector<Value> args;
  args.reserve(node.children.size());
  for (const auto &child : node.children) args.push_back(eval(*child));
  if (info->argo) return evalArgoFunction(info->id, args);
  switch (info->id) {
  case Builtin::Max:
  case Builtin::Min:
  case Builtin::Mean:
  case Builtin::Median: return evalAggregate(info->id, args);
  default: return evalPlainBuiltin(info->id, node, args);
  }
}

Value Evaluator::evalPredicateBuiltin(const FunctionInfo &info, const Expr &node) {
  Value collection = eval(*node.child(0));
  if (!collection.isList())
    fail("builtin " + node.text + " takes only array (got " + goTypeName(collection) + ")");
  const auto &items = collection.asList();
  const Expr *predicate = node.child(1);
  const Expr *body = predicate && predicate->kind == ExprKind::Predicate ? predicate->child(0)
                                                                         : predicate;
  auto apply = [&](const Value &item) {
    if (!body) return item; // count(list) / sum(list): the element itself
    ElementScope scope(elements_, item);
    return eval(*body);
  };
  auto test = [&](const Value &item) {
    Value v = apply(item);
    if (!v.isBool()) interfaceConversion(v, "bool"); // the loop's OpJumpIfFalse
    return v.asBool();
  };

  switch (info.id) {
  case Builtin::All:
    for (const Value &item : items)
      if (!test(item)) return Value::boolean(false);
    return Value::boolean(true);
  case Builtin::Any:
    for (const Value &item : items)
      if (test(item)) return Value::boolean(true);
    return Value::boolean(false);
  case Builtin::None:
    for (const Value &item : items)
      if (test(item)) return Value::boolean(false);
    return Value::boolean(true);
  case Builtin::One:
  case Builtin::Count: {
    int64_t count = 0;
    for (const Value &item : items)
      if (test(item)) ++count;
    return info.id == Builtin::One ? Value::boolean(count == 1) : Value::integer(count);
  }
  case Builtin::Filter: {
    Value::ListItems out;
    for (const Value &item : items)
      if (test(item)) out.push_back(item);
    chargeMemory(out.size());
    return Value::list(std::move(out));
  }
  case Builtin::Map: {
    Value::ListItems out;
    out.reserve(items.size());
    for (const Value &item : items) out.push_back(apply(item));
    chargeMemory(out.size());
    return Value::list(std::move(out));
  }
  case Builtin::Find:
    for (const Value &item : items)
      if (test(item)) return item;
    return Value::nil();
  case Builtin::FindIndex:
    for (size_t i = 0; i < items.size(); ++i)
      if (test(items[i])) return Value::integer(static_cast<int64_t>(i));
    return Value::nil();
  case Builtin::FindLast:
    for (size_t i = items.size(); i-- > 0;)
      if (test(items[i])) return items[i];
    return Value::nil();
  case Builtin::FindLastIndex:
    for (size_t i = items.size(); i-- > 0;)
      if (test(items[i])) return Value::integer(static_cast<int64_t>(i));
    return Value::nil();
  case Builtin::Sum: {
    Value total = Value::integer(0);
    for (const Value &item : items) total = addValues(apply(item), total);
    return total;
  }
  default: fail("malformed expression tree");
  }
}

/// max, min, mean, median: numbers and (nested) lists of numbers, flattened (builtin/lib.go).
Value Evaluator::evalAggregate(Builtin id, const std::vector<Value> &args) {
  std::string name = id == Builtin::Max ? "max" : id == Builtin::Min ? "min"
                     : id == Builtin::Mean ? "mean" : "median";
  if (id == Builtin::Max || id == Builtin::Min) {
    // minMax: keep the first extreme; comparisons with NaN are false, so NaN only wins first.
    auto better = [&](const Value &current, const Value &candidate) {
      return compareValues(current, id == Builtin::Max ? BinaryOp::Less : BinaryOp::Greater,
                           candidate);
    };
    auto visit = [&](auto &self, const Value &arg, int depth, Value &best, bool &found) -> void {
      if (depth > kMaxEvalDepth) fail("max depth exceeded");
      if (arg.isNumber()) {
        if (!found || better(best, arg)) best = arg;
        found = true;
      } else if (arg.isList()) {
        for (const Value &item : arg.asList()) {
          if (!item.isNumber() && !item.isList())
            fail("invalid argument for " + name + " (type " + goTypeName(item) + ")");
          self(self, item, depth + 1, best, found);
        }
      } else {
        fail("invalid argument for " + name + " (type " + goTypeName(arg) + ")");
      }
    };
    if (args.size() == 1 && !args[0].isNumber() && !args[0].isList()) return args[0];
    Value best;
    bool found = false;
    for (const Value &arg : args) visit(visit, arg, 0, best, found);
    return found ? best : Value::nil();
  }
  std::vector<double> values;
  auto collect = [&](auto &self, const Value &arg, int depth) -> void {
    if (depth > kMaxEvalDepth) fail("max depth exceeded");
    if (arg.isNumber()) {
      values.push_back(arg.toDouble());
    } else if (arg.isList()) {
      for (const Value &item : arg.asList()) self(self, item, depth + 1);
    } else {
      fail("invalid argument for " + name + " (type " + goTypeName(arg) + ")");
    }
  };
  for (const Value &arg : args) collect(collect, arg, 0);
  if (values.empty()) return Value::number(0.0);
  if (id == Builtin::Mean) {
    double total = 0;
    for (double v : values) total += v;
    return Value::number(total / static_cast<double>(values.size()));
  }
  // sort.Float64s orders NaN before every other value.
  std::stable_sort(values.begin(), values.end(), [](double a, double b) {
    return (std::isnan(a) && !std::isnan(b)) || a < b;
  });
  size_t n = values.size();
  if (n % 2 == 1) return Value::number(values[n / 2]);
  return Value::number((values[n / 2 - 1] + values[n / 2]) / 2);
}

Value Evaluator::evalArgoFunction(Builtin id, const std::vector<Value> &args) {
  switch (id) {
  case Builtin::AsInt: {
    const Value &x = args[0];
    if (x.isInt()) return x;
    if (x.isFloat()) return Value::integer(goFloatToInt(x.asFloat()));
    if (x.isString()) {
      int64_t out = 0;
      std::string error;
      if (!parseGoInt(x.asString(), out, error))
        fail("strconv.ParseInt: parsing " + goQuote(x.asString()) + ": " + error);
      return Value::integer(out);
    }
    fail("asInt() not supported on " + goTypeName(x) + " " + goFormat(x));
  }
  case Builtin::AsFloat: {
    const Value &x = args[0];
    if (x.isNumber()) return Value::number(x.toDouble());
    if (x.isString()) {
      double out = 0;
      std::string error;
      if (!parseGoFloat(x.asString(), out, error))
        fail("strconv.ParseFloat: parsing " + goQuote(x.asString()) + ": " + error);
      return Value::number(out);
    }
    fail("asFloat() not supported on " + goTypeName(x) + " " + goFormat(x));
  }
  case Builtin::IsNaN:
  case Builtin::IsInf: {
    // The checker turned integer literals into floats; anything else that is not a float64
    // fails the VM's type assertion for a func(float64) bool.
    const Value &x = args[0];
    if (!x.isFloat()) interfaceConversion(x, "float64");
    double f = x.asFloat();
    return Value::boolean(id == Builtin::IsNaN ? std::isnan(f) : std::isinf(f));
  }
  case Builtin::IsNil: // Argo ignores the argument (after evaluating it): is `result` nil?
    return Value::boolean(!env_.result || env_.result->isNil());
  case Builtin::Default: { // Argo ignores the first argument too: `result`, or d when it is nil
    bool resultNil = !env_.result || env_.result->isNil();
    return resultNil ? args[1] : *env_.result;
  }
  default: fail("malformed expression tree");
  }
}

Value Evaluator::evalPlainBuiltin(Builtin id, const Expr &node, const std::vector<Value> &args) {
  const Value &x = args[0];
  const std::string &name = node.text;
  auto invalidArgument = [&](const Value &v) -> std::string {
    return "invalid argument for " + name + " (type " + goTypeName(v) + ")";
  };
  auto requireString = [&](const Value &v) -> const std::string & {
    if (!v.isString()) fail(invalidArgument(v));
    return v.asString();
  };
  switch (id) {
  case Builtin::Len:
    if (x.isList()) return Value::integer(static_cast<int64_t>(x.asList().size()));
    if (x.isMap()) return Value::integer(static_cast<int64_t>(x.asMap().size()));
    if (x.isString()) return Value::integer(static_cast<int64_t>(runeCount(x.asString())));
    fail(invalidArgument(x));
  case Builtin::Abs:
    if (x.isInt()) return Value::integer(x.asInt() < 0 ? wrapNeg(x.asInt()) : x.asInt());
    if (x.isFloat()) return Value::number(x.asFloat() < 0 ? -x.asFloat() : x.asFloat());
    fail(invalidArgument(x));
  case Builtin::Ceil:
  case Builtin::Floor:
  case Builtin::Round: {
    if (!x.isNumber()) fail(invalidArgument(x));
    double f = x.toDouble();
    if (x.isFloat())
      f = id == Builtin::Ceil ? std::ceil(f) : id == Builtin::Floor ? std::floor(f) : std::round(f);
    return Value::number(f);
  }
  case Builtin::Int:
    if (x.isInt()) return x;
    if (x.isFloat()) return Value::integer(goFloatToInt(x.asFloat()));
    if (x.isString()) {
      int64_t out = 0;
      std::string error;
      if (!parseGoInt(x.asString(), out, error))
        fail("invalid operation: int(" + x.asString() + ")");
      return Value::integer(out);
    }
    fail("invalid operation: int(" + goTypeName(x) + ")");
  case Builtin::Float:
    if (x.isNumber()) return Value::number(x.toDouble());
    if (x.isString()) {
      double out = 0;
      std::string error;
      if (!parseGoFloat(x.asString(), out, error))
        fail("invalid operation: float(" + x.asString() + ")");
      return Value::number(out);
    }
    fail("invalid operation: float(" + goTypeName(x) + ")");
  case Builtin::String: return Value::string(goFormat(x));
  case Builtin::Trim: {
    std::string_view s = requireString(x);
    if (args.size() == 1) {
      auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
      while (!s.empty() && space(s.front())) s.remove_prefix(1);
      while (!s.empty() && space(s.back())) s.remove_suffix(1);
      return Value::string(std::string(s));
    }
    std::vector<std::string_view> cutset = splitRunes(requireString(args[1]));
    auto inCutset = [&](std::string_view rune) {
      return std::find(cutset.begin(), cutset.end(), rune) != cutset.end();
    };
    std::vector<std::string_view> runes = splitRunes(s);
    size_t begin = 0, end = runes.size();
    while (begin < end && inCutset(runes[begin])) ++begin;
    while (end > begin && inCutset(runes[end - 1])) --end;
    std::string out;
    for (size_t i = begin; i < end; ++i) out += runes[i];
    return Value::string(std::move(out));
  }
  case Builtin::Upper:
  case Builtin::Lower: {
    std::string s = requireString(x);
    for (char &c : s) {
      if (id == Builtin::Upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
      if (id == Builtin::Lower && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return Value::string(std::move(s));
  }
  case Builtin::Split: {
    std::string_view s = requireString(x);
    std::string_view sep = requireString(args[1]);
    int64_t limit = -1;
    if (args.size() == 3) {
      if (!args[2].isInt()) fail(invalidArgument(args[2]));
      limit = args[2].asInt();
    }
    Value::ListItems parts;
    if (limit == 0) return Value::list({});
    if (sep.empty()) { // explode into code points; the last piece keeps the rest
      std::vector<std::string_view> runes = splitRunes(s);
      size_t offset = 0;
      for (size_t i = 0; i < runes.size(); ++i) {
        if (limit > 0 && parts.size() + 1 == static_cast<size_t>(limit)) {
          parts.push_back(Value::string(std::string(s.substr(offset))));
          break;
        }
        parts.push_back(Value::string(std::string(runes[i])));
        offset += runes[i].size();
      }
    } else {
      size_t start = 0;
      while (limit < 0 || parts.size() + 1 < static_cast<size_t>(limit)) {
        size_t at = s.find(sep, start);
        if (at == std::string_view::npos) break;
        parts.push_back(Value::string(std::string(s.substr(start, at - start))));
        start = at + sep.size();
      }
      parts.push_back(Value::string(std::string(s.substr(start))));
    }
    chargeMemory(parts.size());
    return Value::list(std::move(parts));
  }
  case Builtin::Join: {
    if (!x.isList()) fail(invalidArgument(x));
    std::string glue = args.size() == 2 ? requireString(args[1]) : std::string();
    std::string out;
    bool first = true;
    for (const Value &item : x.asList()) {
      if (!item.isString()) interfaceConversion(item, "string"); // arg.(string)
      if (!first) out += glue;
      first = false;
      out += item.asString();
    }
    return Value::string(std::move(out));
  }
  case Builtin::Keys:
  case Builtin::Values: {
    if (!x.isMap())
      fail(std::string("cannot get ") + (id == Builtin::Keys ? "keys" : "values") + " from " +
           goTypeName(x));
    Value::ListItems out;
    for (const auto &[key, value] : x.asMap())
      out.push_back(id == Builtin::Keys ? Value::string(key) : value);
    return Value::list(std::move(out));
  }
  case Builtin::First:
  case Builtin::Last:
    if (!x.isList())
      fail(std::string("cannot get ") + (id == Builtin::First ? "first" : "last") +
           " element from " + goTypeName(x));
    if (x.asList().empty()) return Value::nil();
    return id == Builtin::First ? x.asList().front() : x.asList().back();
  case Builtin::Sort: {
    if (!x.isList()) fail(invalidArgument(x));
    bool descending = false;
    if (args.size() == 2) {
      if (!args[1].isString())
        fail("sort order argument must be a string (got " + goTypeName(args[1]) + ")");
      if (args[1].asString() == "desc")
        descending = true;
      else if (args[1].asString() != "asc")
        fail("invalid order " + args[1].asString() + ", expected asc or desc");
    }
    Value::ListItems items = x.asList();
    // Only all-number or all-string lists are ordered; report the first mismatched pair in the
    // order Go's insertion sort compares it (runtime.Sort.Less, reversed for desc).
    for (size_t i = 1; i < items.size(); ++i) {
      bool bothNumbers = items[0].isNumber() && items[i].isNumber();
      bool bothStrings = items[0].isString() && items[i].isString();
      if (!bothNumbers && !bothStrings)
        fail(descending ? invalidOperation(items[0], "<", items[i])
                        : invalidOperation(items[i], "<", items[0]));
    }
    if (items.size() == 1 && !items[0].isNumber() && !items[0].isString())
      fail(invalidOperation(items[0], "<", items[0]));
    // A strict weak order even with NaN (placed first, as sort.Float64s does).
    auto less = [](const Value &a, const Value &b) {
      if (a.isString()) return a.asString() < b.asString();
      if (a.isInt() && b.isInt()) return a.asInt() < b.asInt();
      double p = a.toDouble(), q = b.toDouble();
      return (std::isnan(p) && !std::isnan(q)) || p < q;
    };
    if (descending)
      std::stable_sort(items.begin(), items.end(),
                       [&](const Value &a, const Value &b) { return less(b, a); });
    else
      std::stable_sort(items.begin(), items.end(), less);
    return Value::list(std::move(items));
  }
  default: fail("malformed expression tree");
  }
}

bool Evaluator::regexMatches(const std::string &pattern, const std::string &subject) {
  const std::regex &re = compileRegex(pattern);
  if (subject.size() > kMaxRegexSubjectBytes)
    fail("matches: subject longer than " + std::to_string(kMaxRegexSubjectBytes) +
         " bytes is not supported");
  return std::regex_search(subject, re);
}

const std::regex &Evaluator::compileRegex(const std::string &pattern) {
  auto it = regexes_.find(pattern);
  if (it != regexes_.end()) return *it->second;
  if (pattern.size() > kMaxRegexPatternBytes)
    fail("error parsing regexp: pattern longer than " + std::to_string(kMaxRegexPatternBytes) +
         " bytes");
  std::string body = pattern;
  auto flags = std::regex::ECMAScript;
  if (body.starts_with("(?i)")) { // RE2's case-insensitive flag, the one commonly written
    body.erase(0, 4);
    flags |= std::regex::icase;
  }
  try {
    auto re = std::make_unique<std::regex>(body, flags);
    return *regexes_.emplace(pattern, std::move(re)).first->second;
  } catch (const std::regex_error &error) {
    fail("error parsing regexp: " + std::string(error.what()) + ": `" + pattern + "`");
  }
}

void Evaluator::chargeMemory(size_t items) {
  memory_ += items;
  if (memory_ > kEvalMemoryBudget) fail("memory budget exceeded");
}

Value Evaluator::argsValue() {
  if (!args_) {
    Value::MapEntries entries;
    if (env_.args)
      for (const auto &[name, value] : *env_.args) entries.emplace_back(name, value);
    args_ = Value::map(std::move(entries));
  }
  return *args_;
}

} // namespace

struct CompiledConditions::Compiled {
  // The nature of `result` it was compiled for: natureOf() gives a kind and, for slices, a type.
  Nature::Kind resultKind = Nature::Kind::Unknown;
  std::string resultType;
  std::string error; // the check's error (structural or expr-lang's); empty when it compiles
  std::unordered_set<const Expr *> floatLiterals;
  Folds folds;
};

CompiledConditions::CompiledConditions() = default;
CompiledConditions::~CompiledConditions() = default;
CompiledConditions::CompiledConditions(const CompiledConditions &) {}
CompiledConditions &CompiledConditions::operator=(const CompiledConditions &other) {
  if (this != &other) entries_.clear();
  return *this;
}
CompiledConditions::CompiledConditions(CompiledConditions &&) noexcept = default;
CompiledConditions &CompiledConditions::operator=(CompiledConditions &&) noexcept = default;

namespace {

/// expr.Compile for one nature of `result`: the structural check, the type check, the folds.
/// Throws what the structural check throws (EvalFailure); evaluate() turns it into an outcome.
void compile(const Expr &expr, const EvalEnv &bound, const Nature &result, CompiledConditions::Compiled &out) {
  out.resultKind = result.kind;
  out.resultType = result.goType;
  try {
    Evaluator(bound).check(expr, 0, 0);
  } catch (const EvalFailure &failure) {
    out.error = failure.message;
    return;
  }
  CheckedCondition checked = checkArgoCondition(expr, result, bound.args);
  if (!checked.error.empty()) {
    out.error = std::move(checked.error);
    return;
  }
  out.floatLiterals = std::move(checked.floatLiterals);
  out.folds.compute(expr);
}

} // namespace

EvalOutcome evaluate(const expr::Expr &expr, const EvalEnv &env, CompiledConditions *cache) {
  try {
    // `result` as expr-lang sees it: a provider's list is a []float64.
    Value result = env.result ? *env.result : Value::nil();
    if (isFloat64List(result, env.resultLists)) result = result.asFloat64List();
    EvalEnv bound = env;
    bound.result = &result;
    Nature nature = natureOf(result, env.resultLists);
    CompiledConditions::Compiled own;
    const CompiledConditions::Compiled *compiled = nullptr;
    if (cache)
      for (const auto &entry : cache->entries_)
        if (entry->resultKind == nature.kind && entry->resultType == nature.goType) compiled = entry.get();
    if (!compiled) {
      compile(expr, bound, nature, own); // kept only once it returned: a throw caches nothing
      compiled = &own;
      if (cache) compiled = cache->entries_.emplace_back(std::make_unique<CompiledConditions::Compiled>(std::move(own))).get();
    }
    if (!compiled->error.empty()) return {false, Value(), compiled->error};
    Evaluator evaluator(bound);
    evaluator.prepare(compiled->floatLiterals, compiled->folds);
    return {true, evaluator.run(expr), {}};
  } catch (const EvalFailure &failure) {
    return {false, Value(), failure.message};
  } catch (const std::regex_error &error) {
    return {false, Value(), std::string("regular expression error: ") + error.what()};
  } catch (const std::bad_alloc &) {
    return {false, Value(), "memory budget exceeded"};
  } catch (const std::exception &error) {
    return {false, Value(), std::string("evaluation failed: ") + error.what()};
  } catch (...) {
    return {false, Value(), "evaluation failed"};
  }
}

} // namespace rwd::runtime
