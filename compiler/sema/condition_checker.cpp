// This file implements type and unit checking of conditions against Argo's expression semantics.
//
// The checker infers a small static type for every node (bool, int, float, string, list of T, map,
// any) from what `result` is for the metric's provider (argo-semantics §2.8) and reports what would
// otherwise only show up in production as a measurement Error: `isNaN(result)` on a vector, a
// misspelled `results`, comparing a string with a number, or `500ms` against a metric of unknown
// unit.
#include "compiler/sema/condition_checker.h"

#include "compiler/expr/expr_builtins.h"
#include "compiler/support/edit_distance.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>
#include <fmt/format.h>

namespace rwd::sema {

namespace {

using expr::BinaryOp;
using expr::Expr;
using expr::ExprKind;

struct Type {
  enum class Kind { Any, Nil, Bool, Int, Float, String, List, Map };
  Kind kind = Kind::Any;
  std::shared_ptr<Type> element; // List

  static Type any() { return {}; }
  static Type of(Kind k) { return Type{k, nullptr}; }
  static Type listOf(Type t) { return Type{Kind::List, std::make_shared<Type>(std::move(t))}; }
  bool isAny() const { return kind == Kind::Any; }
  bool isNumber() const { return kind == Kind::Int || kind == Kind::Float; }
  bool numberOrAny() const { return isNumber() || isAny(); }
  Type elementType() const { return element ? *element : any(); }
};

std::string typeName(const Type &t) {
  switch (t.kind) {
  case Type::Kind::Any: return "any";
  case Type::Kind::Nil: return "nil";
  case Type::Kind::Bool: return "bool";
  case Type::Kind::Int: return "int";
  case Type::Kind::Float: return "float";
  case Type::Kind::String: return "string";
  case Type::Kind::List: return "[]" + typeName(t.elementType());
  case Type::Kind::Map: return "map";
  }
  return "any";
}

struct UnitInfo {
  const char *canonical;
  const char *spellings[3];
  enum class Dimension { Ratio, Percent, Time, Other } dimension;
  double millisPerUnit; // Time only
};

constexpr UnitInfo kUnits[] = {
    {"ratio", {"ratio", "fraction", nullptr}, UnitInfo::Dimension::Ratio, 0},
    {"percent", {"percent", "%", nullptr}, UnitInfo::Dimension::Percent, 0},
    {"ms", {"ms", "milliseconds", "millisecond"}, UnitInfo::Dimension::Time, 1},
    {"s", {"s", "seconds", "second"}, UnitInfo::Dimension::Time, 1000},
    {"minutes", {"minutes", "minute", "min"}, UnitInfo::Dimension::Time, 60'000},
    {"hours", {"hours", "hour", "h"}, UnitInfo::Dimension::Time, 3'600'000},
    {"count", {"count", "requests", nullptr}, UnitInfo::Dimension::Other, 0},
    {"bytes", {"bytes", nullptr, nullptr}, UnitInfo::Dimension::Other, 0},
    {"cores", {"cores", "cpu", nullptr}, UnitInfo::Dimension::Other, 0},
};

const UnitInfo *findUnit(const std::string &canonical) {
  for (const auto &u : kUnits)
    if (canonical == u.canonical) return &u;
  return nullptr;
}

/// How a unit literal converts into the metric's unit: the factor, or an error message.
struct Conversion {
  double factor = 1;
  double millisPerUnit = 1; // durations: divide milliseconds by this
  std::string error;
  bool unknownUnit = false;
};

Conversion convert(expr::LiteralUnit literal, const std::string &metricUnit, const std::string &spelling) {
  const UnitInfo *unit = findUnit(metricUnit);
  Conversion c;
  if (literal == expr::LiteralUnit::Percent) {
    // A percentage is a ratio unless the metric reports percent: 95% is 0.95, or 95.
    if (!unit || unit->dimension == UnitInfo::Dimension::Ratio) return c;
    if (unit->dimension == UnitInfo::Dimension::Percent) {
      c.factor = 100;
      return c;
    }
    c.error = fmt::format("cannot compare the percentage `{}` with metric values in {}", spelling,
                          metricUnit);
    return c;
  }
  if (literal == expr::LiteralUnit::Duration) {
    if (!unit) {
      c.unknownUnit = true;
      return c;
    }
    if (unit->dimension != UnitInfo::Dimension::Time) {
      c.error = fmt::format("cannot compare the duration `{}` with metric values in {}", spelling,
                            metricUnit);
      return c;
    }
    c.factor = 1.0 / unit->millisPerUnit;
    c.millisPerUnit = unit->millisPerUnit;
    return c;
  }
  return c;
}

/// Builtin signatures: name, min and max argument count.
struct Builtin {
  const char *name;
  int minArgs, maxArgs;
};

constexpr Builtin kBuiltins[] = {
    {"len", 1, 1},    {"all", 2, 2},      {"any", 2, 2},     {"one", 2, 2},    {"none", 2, 2},
    {"filter", 2, 2}, {"map", 2, 2},      {"count", 1, 2},   {"find", 2, 2},   {"findIndex", 2, 2},
    {"findLast", 2, 2}, {"sum", 1, 2},    {"mean", 1, 99},   {"median", 1, 99}, {"max", 1, 99},
    {"min", 1, 99},   {"abs", 1, 1},      {"ceil", 1, 1},    {"floor", 1, 1},  {"round", 1, 1},
    {"first", 1, 1},  {"last", 1, 1},     {"sort", 1, 2},    {"findLastIndex", 2, 2}, {"int", 1, 1},
    {"float", 1, 1},  {"string", 1, 1},   {"trim", 1, 2},    {"upper", 1, 1},  {"lower", 1, 1},
    {"split", 2, 3},  {"join", 1, 2},     {"keys", 1, 1},    {"values", 1, 1}, {"asInt", 1, 1},
    {"asFloat", 1, 1}, {"isNaN", 1, 1},   {"isInf", 1, 1},   {"isNil", 1, 1},  {"default", 2, 2},
};

const Builtin *findBuiltin(const std::string &name) {
  for (const auto &b : kBuiltins)
    if (name == b.name) return &b;
  return nullptr;
}

class Checker {
public:
  Checker(const ConditionContext &context, DiagnosticEngine &diags)
      : context_(context), diags_(diags) {}

  bool run(const Expr &root) {
    Type t = infer(root);
    if (!ok_) return false;
    if (t.kind != Type::Kind::Bool && !t.isAny()) {
      diags_.report(DiagKind::ConditionNotBool, root.range, typeName(t));
      return false;
    }
    lint(root);
    return ok_;
  }

private:
  void error(DiagKind kind, SourceRange where, const std::string &message) {
    diags_.add(kind, where, message);
    ok_ = false;
  }

  Type resultType() const {
    switch (context_.shape) {
    case plan::ResultShape::Vector: return Type::listOf(Type::of(Type::Kind::Float));
    case plan::ResultShape::Scalar: return Type::of(Type::Kind::Float);
    default: return Type::any();
    }
  }

  Type infer(const Expr &e) {
    switch (e.kind) {
    case ExprKind::Nil: return Type::of(Type::Kind::Nil);
    case ExprKind::Bool: return Type::of(Type::Kind::Bool);
    case ExprKind::Int: return Type::of(Type::Kind::Int);
    case ExprKind::Float:
      if (e.unit != expr::LiteralUnit::None) checkUnitLiteral(e);
      return Type::of(Type::Kind::Float);
    case ExprKind::String: return Type::of(Type::Kind::String);
    case ExprKind::Identifier: return inferIdentifier(e);
    case ExprKind::Element:
      if (predicateElements_.empty()) {
        error(DiagKind::PredicateOutsideClosure, e.range,
              diagKindInfo(DiagKind::PredicateOutsideClosure).format.data());
        return Type::any();
      }
      return predicateElements_.back();
    case ExprKind::Unary: return inferUnary(e);
    case ExprKind::Binary: return inferBinary(e);
    case ExprKind::Conditional: {
      Type c = infer(*e.children[0]);
      expectBool(c, *e.children[0], "the condition of `?:`");
      Type a = infer(*e.children[1]);
      Type b = infer(*e.children[2]);
      return a.kind == b.kind ? a : Type::any();
    }
    case ExprKind::Member: return inferMember(e);
    case ExprKind::Index: {
      Type object = infer(*e.children[0]);
      Type index = infer(*e.children[1]);
      if (object.kind == Type::Kind::List || object.kind == Type::Kind::String) {
        if (!index.numberOrAny() || index.kind == Type::Kind::Float)
          if (!index.isAny())
            error(DiagKind::TypeMismatch, e.children[1]->range,
                  fmt::format("index must be an int, found {}", typeName(index)));
        return object.kind == Type::Kind::List ? object.elementType() : object;
      }
      if (object.kind == Type::Kind::Map || object.isAny()) return Type::any();
      error(DiagKind::TypeMismatch, e.range,
            fmt::format("cannot index a value of type {}", typeName(object)));
      return Type::any();
    }
    case ExprKind::Slice: {
      Type object = infer(*e.children[0]);
      for (size_t i = 1; i < 3; ++i)
        if (e.children[i]) infer(*e.children[i]);
      if (object.kind == Type::Kind::List || object.kind == Type::Kind::String || object.isAny())
        return object;
      error(DiagKind::TypeMismatch, e.range,
            fmt::format("cannot slice a value of type {}", typeName(object)));
      return Type::any();
    }
    case ExprKind::Call: return inferCall(e);
    case ExprKind::Predicate: return infer(*e.children[0]);
    case ExprKind::List: {
      std::optional<Type> element;
      for (const auto &child : e.children) {
        Type t = infer(*child);
        if (!element) element = t;
        else if (element->kind != t.kind) element = Type::any();
      }
      return Type::listOf(element.value_or(Type::any()));
    }
    case ExprKind::Map:
      for (const auto &child : e.children) infer(*child);
      return Type::of(Type::Kind::Map);
    }
    return Type::any();
  }

  void checkUnitLiteral(const Expr &e) {
    Conversion c = convert(e.unit, context_.unit, e.text);
    if (c.unknownUnit) {
      diags_.report(DiagKind::UnitUnknown, e.range, e.text);
      ok_ = false;
    } else if (!c.error.empty()) {
      error(DiagKind::UnitMismatch, e.range, c.error);
    }
  }

  Type inferIdentifier(const Expr &e) {
    if (e.text == "result") {
      usesResult_ = true;
      return resultType();
    }
    if (e.text == "args" && !e.argoUnbound) return Type::of(Type::Kind::Map);
    auto report = diags_.report(DiagKind::UnknownIdentifier, e.range, e.text);
    ok_ = false;
    if (e.argoUnbound) { // Argo YAML: `args.x` without `{{...}}`
      report.note(DiagKind::ArgoArgsArePlaceholders, e.range);
      return Type::any();
    }
    for (const char *candidate : {"result", "args"})
      if (editDistance(e.text, candidate) <= 2) {
        report.suggest(e.range, candidate);
        break;
      }
    return Type::any();
  }

  Type inferMember(const Expr &e) {
    const Expr &object = *e.children[0];
    if (object.kind == ExprKind::Identifier && object.text == "args" && !object.argoUnbound) {
      auto it = context_.parameters.find(e.text);
      if (it == context_.parameters.end()) {
        auto report = diags_.report(DiagKind::UnknownConditionArg, e.range, e.text, context_.metricName);
        ok_ = false;
        for (const auto &[name, _] : context_.parameters)
          if (editDistance(e.text, name) <= 2) {
            report.note(DiagKind::DidYouMean, e.range, name);
            break;
          }
        return Type::any();
      }
      switch (it->second) {
      case plan::ParamType::Number: return Type::of(Type::Kind::Float);
      case plan::ParamType::String: return Type::of(Type::Kind::String);
      case plan::ParamType::Bool: return Type::of(Type::Kind::Bool);
      case plan::ParamType::Duration:
        diags_.report(DiagKind::ArgNotUsableInCondition, e.range, e.text, "duration");
        ok_ = false;
        return Type::any();
      }
    }
    Type t = infer(object);
    if (t.kind == Type::Kind::Map || t.isAny() || t.kind == Type::Kind::Nil) return Type::any();
    error(DiagKind::TypeMismatch, e.range,
          fmt::format("cannot access field `{}` of a value of type {}", e.text, typeName(t)));
    return Type::any();
  }

  /// expr-lang's Nature.ComparableTo on Rewind's static types.
  static bool comparable(const Type &a, const Type &b) {
    return a.isAny() || b.isAny() || a.kind == Type::Kind::Nil || b.kind == Type::Kind::Nil ||
           (a.isNumber() && b.isNumber()) || a.kind == b.kind;
  }

  void expectBool(const Type &t, const Expr &where, const char *what) {
    if (t.kind != Type::Kind::Bool && !t.isAny())
      error(DiagKind::TypeMismatch, where.range,
            fmt::format("{} must be a bool, found {}", what, typeName(t)));
  }

  Type inferUnary(const Expr &e) {
    Type t = infer(*e.children[0]);
    if (e.unaryOp == expr::UnaryOp::Not) {
      expectBool(t, *e.children[0], "the operand of `not`");
      return Type::of(Type::Kind::Bool);
    }
    if (!t.numberOrAny())
      error(DiagKind::TypeMismatch, e.range,
            fmt::format("unary `{}` needs a number, found {}", expr::unaryOpSpelling(e.unaryOp, false),
                        typeName(t)));
    return t.isNumber() ? t : Type::any();
  }

  Type inferBinary(const Expr &e) {
    Type a = infer(*e.children[0]);
    Type b = infer(*e.children[1]);
    auto mismatch = [&](const char *what) {
      error(DiagKind::TypeMismatch, e.range,
            fmt::format("`{}` {}: found {} and {}", expr::binaryOpSpelling(e.binaryOp), what,
                        typeName(a), typeName(b)));
    };
    switch (e.binaryOp) {
    case BinaryOp::Or:
    case BinaryOp::And:
      expectBool(a, *e.children[0], "each side of a logical operator");
      expectBool(b, *e.children[1], "each side of a logical operator");
      return Type::of(Type::Kind::Bool);
    case BinaryOp::Equal:
    case BinaryOp::NotEqual:
      // expr-lang's checker (Nature.ComparableTo) refuses to compile `==` between known types of
      // different kinds: every measurement is an Error, not `false`.
      if (!comparable(a, b)) {
        if (a.kind == Type::Kind::List && b.isNumber() && e.children[0]->kind == ExprKind::Identifier)
          error(DiagKind::TypeMismatch, e.range,
                fmt::format("`{}` compares a vector with a number, which expr-lang refuses to "
                            "compile; `result` is a vector for this metric: write `result[0] {} ...`",
                            expr::binaryOpSpelling(e.binaryOp), expr::binaryOpSpelling(e.binaryOp)));
        else
          mismatch("compares values that expr-lang refuses to compare");
      }
      return Type::of(Type::Kind::Bool);
    case BinaryOp::Less:
    case BinaryOp::LessEqual:
    case BinaryOp::Greater:
    case BinaryOp::GreaterEqual:
      if (a.isAny() || b.isAny() || (a.isNumber() && b.isNumber()) ||
          (a.kind == Type::Kind::String && b.kind == Type::Kind::String))
        return Type::of(Type::Kind::Bool);
      if (a.kind == Type::Kind::List && b.isNumber() && e.children[0]->kind == ExprKind::Identifier)
        error(DiagKind::TypeMismatch, e.range,
              fmt::format("`{}` compares a vector with a number; `result` is a vector for this "
                          "metric: write `result[0] {} ...` or `all(result, # {} ...)`",
                          expr::binaryOpSpelling(e.binaryOp), expr::binaryOpSpelling(e.binaryOp),
                          expr::binaryOpSpelling(e.binaryOp)));
      else mismatch("needs two numbers or two strings");
      return Type::of(Type::Kind::Bool);
    case BinaryOp::In:
    case BinaryOp::NotIn:
      if (!(b.kind == Type::Kind::List || b.kind == Type::Kind::Map || b.isAny()))
        mismatch("needs a list or map on the right");
      return Type::of(Type::Kind::Bool);
    case BinaryOp::Matches:
    case BinaryOp::Contains:
    case BinaryOp::StartsWith:
    case BinaryOp::EndsWith:
      if (!((a.kind == Type::Kind::String || a.isAny()) && (b.kind == Type::Kind::String || b.isAny())))
        mismatch("needs two strings");
      return Type::of(Type::Kind::Bool);
    case BinaryOp::Range:
      if (!((a.kind == Type::Kind::Int || a.isAny()) && (b.kind == Type::Kind::Int || b.isAny())))
        mismatch("needs two ints");
      return Type::listOf(Type::of(Type::Kind::Int));
    case BinaryOp::Add:
      if (a.kind == Type::Kind::String && b.kind == Type::Kind::String) return a;
      [[fallthrough]];
    case BinaryOp::Subtract:
    case BinaryOp::Multiply:
    case BinaryOp::Modulo:
      if (!(a.numberOrAny() && b.numberOrAny())) {
        mismatch("needs two numbers");
        return Type::any();
      }
      if (e.binaryOp == BinaryOp::Modulo && (a.kind == Type::Kind::Float || b.kind == Type::Kind::Float))
        mismatch("needs two ints");
      if (a.kind == Type::Kind::Int && b.kind == Type::Kind::Int) return a;
      return a.isAny() || b.isAny() ? Type::any() : Type::of(Type::Kind::Float);
    case BinaryOp::Divide:
    case BinaryOp::Power:
      if (!(a.numberOrAny() && b.numberOrAny())) mismatch("needs two numbers");
      return Type::of(Type::Kind::Float);
    case BinaryOp::Coalesce: return a.kind == Type::Kind::Nil ? b : a;
    }
    return Type::any();
  }

  Type inferCall(const Expr &e) {
    const std::string &name = e.text;
    expr::BuiltinSupport support = expr::builtinSupport(name);
    if (support == expr::BuiltinSupport::ReadsClock || support == expr::BuiltinSupport::NotEvaluated) {
      error(DiagKind::UnsupportedFunction, e.range,
            fmt::format("function `{}` is not supported in conditions: {}", name,
                        support == expr::BuiltinSupport::ReadsClock
                            ? "it reads the wall clock, so a replay could not be deterministic"
                            : "Rewind does not evaluate this expr-lang builtin yet"));
      return Type::any();
    }
    const Builtin *builtin = findBuiltin(name);
    if (!builtin) {
      auto report = diags_.report(DiagKind::UnknownFunction, e.range, name);
      ok_ = false;
      // Names people bring from other languages first, then the closest builtin.
      std::string_view best = name == "avg" || name == "average" ? "mean" : name == "size" ? "len" : "";
      size_t bestDistance = 3;
      if (best.empty())
        for (const auto &b : kBuiltins)
          if (size_t d = editDistance(name, b.name); d < bestDistance) {
            bestDistance = d;
            best = b.name;
          }
      if (!best.empty()) report.note(DiagKind::DidYouMean, e.range, best);
      return Type::any();
    }
    int argc = static_cast<int>(e.children.size());
    if (argc < builtin->minArgs || argc > builtin->maxArgs) {
      std::string expected = builtin->minArgs == builtin->maxArgs
                                 ? std::to_string(builtin->minArgs)
                                 : fmt::format("{} to {}", builtin->minArgs, builtin->maxArgs);
      diags_.report(DiagKind::WrongArgumentCount, e.range, name, expected, argc);
      ok_ = false;
      return Type::any();
    }
    static const std::array<std::string, 10> kPredicateFns = {
        "all", "any", "one", "none", "filter", "map", "find", "findIndex", "findLast", "findLastIndex"};
    bool takesPredicate = std::find(kPredicateFns.begin(), kPredicateFns.end(), name) !=
                              kPredicateFns.end() ||
                          ((name == "count" || name == "sum") && argc == 2);
    std::vector<Type> args;
    if (takesPredicate) {
      Type collection = infer(*e.children[0]);
      if (!(collection.kind == Type::Kind::List || collection.isAny()))
        error(DiagKind::TypeMismatch, e.children[0]->range,
              fmt::format("`{}` needs a list, found {}", name, typeName(collection)));
      predicateElements_.push_back(collection.elementType());
      Type body = infer(*e.children[1]);
      predicateElements_.pop_back();
      if ((name == "all" || name == "any" || name == "one" || name == "none" || name == "filter" ||
           name == "count" || name.rfind("find", 0) == 0))
        expectBool(body, *e.children[1], "a predicate");
      if (name == "filter") return collection;
      if (name == "map") return Type::listOf(body);
      if (name == "count" || name == "findIndex" || name == "findLastIndex") return Type::of(Type::Kind::Int);
      if (name == "sum") return Type::of(Type::Kind::Float);
      if (name == "find" || name == "findLast") return collection.elementType();
      return Type::of(Type::Kind::Bool);
    }
    for (const auto &child : e.children) args.push_back(infer(*child));
    const Type &a0 = args[0];
    if (name == "isNaN" || name == "isInf") {
      if (a0.kind == Type::Kind::List) {
        diags_.report(DiagKind::IsNaNOnVector, e.range, name, name);
        ok_ = false;
      } else if (a0.kind == Type::Kind::Int && e.children[0]->kind != ExprKind::Int) {
        // Argo's isNaN/isInf take a float64; expr-lang converts only an int literal.
        error(DiagKind::TypeMismatch, e.range,
              fmt::format("`{}` takes a float, found int; write `{}(float(...))`", name, name));
      } else if (!a0.numberOrAny()) {
        error(DiagKind::TypeMismatch, e.range,
              fmt::format("`{}` takes a float, found {}", name, typeName(a0)));
      }
      return Type::of(Type::Kind::Bool);
    }
    if (name == "len") {
      if (!(a0.kind == Type::Kind::List || a0.kind == Type::Kind::String ||
            a0.kind == Type::Kind::Map || a0.isAny()))
        error(DiagKind::TypeMismatch, e.range, fmt::format("`len` needs a list, string or map, found {}", typeName(a0)));
      return Type::of(Type::Kind::Int);
    }
    if (name == "mean" || name == "median" || name == "sum" ||
        ((name == "max" || name == "min") && argc == 1)) {
      if (!(a0.kind == Type::Kind::List || a0.isAny()))
        error(DiagKind::TypeMismatch, e.range, fmt::format("`{}` needs a list, found {}", name, typeName(a0)));
      return a0.kind == Type::Kind::List && a0.elementType().kind == Type::Kind::Int && name != "mean" &&
                     name != "median"
                 ? Type::of(Type::Kind::Int)
                 : Type::of(Type::Kind::Float);
    }
    if (name == "max" || name == "min") return Type::of(Type::Kind::Float);
    if (name == "abs") return a0.isNumber() ? a0 : Type::any();
    if (name == "ceil" || name == "floor" || name == "round") {
      if (!a0.numberOrAny())
        error(DiagKind::TypeMismatch, e.range, fmt::format("`{}` needs a number, found {}", name, typeName(a0)));
      return Type::of(Type::Kind::Float);
    }
    if (name == "first" || name == "last") return a0.kind == Type::Kind::List ? a0.elementType() : Type::any();
    if (name == "sort") return a0;
    if (name == "int" || name == "asInt") return Type::of(Type::Kind::Int);
    if (name == "float" || name == "asFloat") return Type::of(Type::Kind::Float);
    if (name == "string" || name == "trim" || name == "upper" || name == "lower" || name == "join")
      return Type::of(Type::Kind::String);
    if (name == "split") return Type::listOf(Type::of(Type::Kind::String));
    if (name == "keys") return Type::listOf(Type::of(Type::Kind::String));
    if (name == "values") return Type::listOf(Type::any());
    if (name == "isNil") return Type::of(Type::Kind::Bool);
    if (name == "default") {
      // Argo's default(x, d) ignores x: it returns d when `result` is nil, else `result`.
      usesResult_ = true;
      return Type::any();
    }
    return Type::any();
  }

  // --- Lints that need the whole condition -------------------------------------------------

  static void walk(const Expr &e, const std::function<void(const Expr &)> &visit) {
    visit(e);
    for (const auto &child : e.children)
      if (child) walk(*child, visit);
  }

  static bool isResult(const Expr *e) {
    return e && e->kind == ExprKind::Identifier && e->text == "result";
  }

  /// Does `e` test whether `result` is empty (`len(result)`, `count(result, ...)`)?
  static bool testsEmptiness(const Expr &e) {
    bool found = false;
    walk(e, [&](const Expr &n) {
      if (n.kind == ExprKind::Call && (n.text == "len" || n.text == "count") && !n.children.empty() &&
          isResult(n.children[0].get()))
        found = true;
    });
    return found;
  }

  /// The first `result[i]` that can be evaluated on an empty vector: one not on the right of an
  /// `&&`/`||` (or in a `?:` branch) whose left side tests emptiness. expr-lang short-circuits, so
  /// only a guard evaluated *before* the index protects it; `??` does not (an index out of range
  /// is an error, not nil).
  static const Expr *findUnguardedIndex(const Expr &e, bool guarded) {
    if (guarded) return nullptr;
    if (e.kind == ExprKind::Binary && (e.binaryOp == BinaryOp::And || e.binaryOp == BinaryOp::Or)) {
      if (const Expr *hit = findUnguardedIndex(*e.children[0], false)) return hit;
      return findUnguardedIndex(*e.children[1], testsEmptiness(*e.children[0]));
    }
    if (e.kind == ExprKind::Conditional) {
      if (const Expr *hit = findUnguardedIndex(*e.children[0], false)) return hit;
      bool guard = testsEmptiness(*e.children[0]);
      if (const Expr *hit = findUnguardedIndex(*e.children[1], guard)) return hit;
      return findUnguardedIndex(*e.children[2], guard);
    }
    if (e.kind == ExprKind::Index && isResult(e.children[0].get())) return &e;
    for (const auto &child : e.children)
      if (child)
        if (const Expr *hit = findUnguardedIndex(*child, false)) return hit;
    return nullptr;
  }

  void lint(const Expr &root) {
    if (context_.shape == plan::ResultShape::Vector && !context_.noDataIsFailedCheck)
      if (const Expr *index = findUnguardedIndex(root, false)) {
        std::string spelled = "result[...]";
        if (index->children[1]->kind == ExprKind::Int)
          spelled = fmt::format("result[{}]", index->children[1]->intValue);
        diags_.report(DiagKind::IndexWithoutEmptyGuard, index->range, spelled);
      }
    if (!usesResult_) {
      bool usesResultAnywhere = false;
      walk(root, [&](const Expr &e) {
        if (e.kind == ExprKind::Identifier && e.text == "result") usesResultAnywhere = true;
        if (e.kind == ExprKind::Call && (e.text == "isNil" || e.text == "default")) usesResultAnywhere = true;
      });
      if (!usesResultAnywhere)
        diags_.report(DiagKind::ConditionConstant, root.range,
                      "the same: it does not depend on `result`");
    }
  }

  const ConditionContext &context_;
  DiagnosticEngine &diags_;
  std::vector<Type> predicateElements_;
  bool ok_ = true;
  bool usesResult_ = false;
};

} // namespace

std::optional<std::string> canonicalUnit(const std::string &written) {
  for (const auto &u : kUnits)
    for (const char *spelling : u.spellings)
      if (spelling && written == spelling) return std::string(u.canonical);
  return std::nullopt;
}

std::string knownUnitList() {
  std::string out;
  for (const auto &u : kUnits) {
    if (!out.empty()) out += ", ";
    out += u.canonical;
  }
  return out;
}

bool checkCondition(const Expr &condition, const ConditionContext &context,
                    DiagnosticEngine &diags) {
  return Checker(context, diags).run(condition);
}

expr::ExprPtr resolveUnits(const Expr &condition, const std::string &metricUnit) {
  expr::ExprPtr copy = condition.clone();
  std::function<void(Expr &)> resolve = [&](Expr &e) {
    if (e.kind == ExprKind::Float && e.unit != expr::LiteralUnit::None) {
      Conversion c = convert(e.unit, metricUnit, e.text);
      if (e.unit == expr::LiteralUnit::Percent && c.factor == 100) {
        // Re-read the written digits: 0.95 * 100 need not be exactly 95.
        std::string digits = e.text.substr(0, e.text.size() - 1);
        std::from_chars(digits.data(), digits.data() + digits.size(), e.floatValue);
      } else if (e.unit == expr::LiteralUnit::Duration) {
        e.floatValue = e.floatValue / c.millisPerUnit; // one division: correctly rounded
      } else {
        e.floatValue *= c.factor;
      }
      e.unit = expr::LiteralUnit::None;
    }
    for (auto &child : e.children)
      if (child) resolve(*child);
  };
  resolve(*copy);
  return copy;
}

} // namespace rwd::sema
