// This file implements expr-lang's type checker (checker/checker.go of v1.17.8, the version Argo
// Rollouts pins) as Argo runs it in EvalCondition: expr.Compile(condition, expr.Env(env)) with
// `result` and Argo's six functions in the environment.
//
// expr-lang checks a condition against the Go types of the environment's values, so the same text
// compiles for one measurement and not for another: `result == 1` is fine for a float64 result and
// a compile error for a []float64 one. The checker here infers the same natures (static types)
// from the measurement's values and reports the first error with expr-lang's exact message, which
// Argo records as the measurement's Error.
#pragma once

#include "compiler/expr/expr.h"
#include "runtime/value.h"

#include <map>
#include <memory>
#include <string>
#include <unordered_set>

namespace rwd::runtime {

/// What expr-lang's checker knows of a value: its Go type (checker/nature.Nature).
struct Nature {
  enum class Kind : uint8_t {
    Unknown,   // no type (reflect.Type nil): an error's result, `unknown` in messages
    Nil,       // the untyped nil (a nil literal, a nil `result`)
    Interface, // interface {}: an element of decoded JSON, what `default` returns
    Bool,
    Int,
    Int64, // what Argo's asInt returns
    Float,
    String,
    Slice, // goType says which: []float64, []string or []interface {}
    Map,   // map[string]interface {}
    Func,  // one of Argo's functions named without a call; goType is its signature
  };
  Kind kind = Kind::Unknown;
  std::string goType;                 // Slice, Map, Func: reflect.Type.String()
  std::shared_ptr<const Nature> elem; // Slice: the element's nature (expr-lang's Ref)

  static Nature of(Kind kind);
  /// []interface {} whose elements are known to be `element` (expr-lang's MakeArrayOf).
  static Nature arrayOf(Nature element);
  static Nature sliceType(std::string goType); // []float64, []string, []interface {}

  bool isUnknown() const { return kind == Kind::Unknown || kind == Kind::Interface; }
  bool isInteger() const { return kind == Kind::Int || kind == Kind::Int64; }
  bool isNumber() const { return isInteger() || kind == Kind::Float; }
  bool isArray() const { return kind == Kind::Slice; }
  Nature element() const;
  /// reflect.Type.String(), or `unknown` without a type (expr-lang's Nature.String()).
  std::string str() const;
};

/// How the provider hands a list `result` to expr-lang: Prometheus, Graphite, Datadog and
/// Wavefront give a []float64; decoded JSON (web, New Relic, ...) is a []interface {}.
enum class ResultListType : uint8_t {
  Float64, // []float64, even when empty
  Any,     // []interface {}
};

/// Whether expr-lang sees `value` as a []float64: a list of floats only (possibly empty) from a
/// provider that returns one.
bool isFloat64List(const Value &value, ResultListType lists);

/// The nature of `value` bound in the environment (`result`, or a substituted argument).
Nature natureOf(const Value &value, ResultListType lists);

/// What the checker passes on to the run: integer literals expr-lang turned into float literals
/// because a float64 parameter receives them (`isNaN(1)`, `isInf(-1 * 2)`).
struct CheckedCondition {
  std::string error; // empty when the condition compiles
  std::unordered_set<const expr::Expr *> floatLiterals;
};

/// Checks `condition` as expr.Compile does in Argo's EvalCondition. `result` is the nature of the
/// measurement's result; `args` are the run's arguments, which `args.NAME` stands for (Argo
/// substitutes `{{args.NAME}}` into the text before compiling it).
CheckedCondition checkArgoCondition(const expr::Expr &condition, const Nature &result,
                                    const std::map<std::string, Value> *args);

} // namespace rwd::runtime
