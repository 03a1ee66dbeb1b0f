// This file implements expr-lang's type checker as Argo runs it (checker/checker.go, v1.17.8).
//
// Each function below mirrors the Go function named in its comment, in the same order of visits,
// because the first error wins and Argo reports exactly that one. Natures are Go types: an
// `unknown` or `interface {}` operand passes every check (the run decides), a known mismatch is a
// compile error whatever branch would run.
#include "runtime/expr_check.h"

#include "compiler/expr/expr_builtins.h"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <regex>
#include <string_view>
#include <vector>

namespace rwd::runtime {

using expr::BinaryOp;
using expr::Expr;
using expr::ExprKind;
using expr::UnaryOp;
using Kind = Nature::Kind;

Nature Nature::of(Kind kind) {
  Nature n;
  n.kind = kind;
  if (kind == Kind::Map) n.goType = "map[string]interface {}";
  return n;
}

Nature Nature::arrayOf(Nature element) {
  Nature n = sliceType("[]interface {}");
  n.elem = std::make_shared<const Nature>(std::move(element));
  return n;
}

Nature Nature::sliceType(std::string goType) {
  Nature n;
  n.kind = Kind::Slice;
  n.goType = std::move(goType);
  return n;
}

Nature Nature::element() const {
  if (kind != Kind::Slice) return {};
  if (elem) return *elem;
  if (goType == "[]float64") return of(Kind::Float);
  if (goType == "[]string") return of(Kind::String);
  return of(Kind::Interface);
}

std::string Nature::str() const {
  switch (kind) {
  case Kind::Unknown:
  case Kind::Nil: return "unknown";
  case Kind::Interface: return "interface {}";
  case Kind::Bool: return "bool";
  case Kind::Int: return "int";
  case Kind::Int64: return "int64";
  case Kind::Float: return "float64";
  case Kind::String: return "string";
  case Kind::Slice:
  case Kind::Map:
  case Kind::Func: return goType;
  }
  return "unknown";
}

bool isFloat64List(const Value &value, ResultListType lists) {
  if (!value.isList() || lists != ResultListType::Float64) return false;
  const Value::ListItems &items = value.asList();
  return std::all_of(items.begin(), items.end(), [](const Value &v) { return v.isFloat(); });
}

Nature natureOf(const Value &value, ResultListType lists) {
  switch (value.kind()) {
  case ValueKind::Nil: return Nature::of(Kind::Nil);
  case ValueKind::Bool: return Nature::of(Kind::Bool);
  case ValueKind::Int: return Nature::of(Kind::Int);
  case ValueKind::Float: return Nature::of(Kind::Float);
  case ValueKind::String: return Nature::of(Kind::String);
  case ValueKind::List: return Nature::sliceType(isFloat64List(value, lists) ? "[]float64" : "[]interface {}");
  case ValueKind::Map: return Nature::of(Kind::Map);
  }
  return {};
}

namespace {

/// Natures compare by reflect.Kind in a few places (arrayNode): slices of any element share one.
int reflectKind(const Nature &n) {
  switch (n.kind) {
  case Kind::Unknown:
  case Kind::Nil: return 0; // reflect.Invalid
  default: return static_cast<int>(n.kind);
  }
}

bool hasType(const Nature &n) { return n.kind != Kind::Unknown && n.kind != Kind::Nil; }

/// Nature.AssignableTo: Go's assignability between the types we meet (identical, or to interface {}).
bool assignableTo(const Nature &n, const Nature &to) {
  if (n.kind == Kind::Nil &&
      (to.kind == Kind::Interface || to.kind == Kind::Func || to.kind == Kind::Map ||
       to.kind == Kind::Slice))
    return true;
  if (!hasType(n) || !hasType(to)) return false;
  if (to.kind == Kind::Interface) return true;
  if (n.kind != to.kind) return false;
  if (n.kind == Kind::Slice || n.kind == Kind::Map || n.kind == Kind::Func)
    return n.goType == to.goType;
  return true;
}

/// Nature.ComparableTo.
bool comparableTo(const Nature &l, const Nature &r) {
  return l.isUnknown() || r.isUnknown() || l.kind == Kind::Nil || r.kind == Kind::Nil ||
         (l.isNumber() && r.isNumber()) || (l.isArray() && r.isArray()) || assignableTo(l, r);
}

enum class Check : uint8_t { Bool, String, Integer, Number, Map, Array };

bool is(const Nature &n, Check check) {
  switch (check) {
  case Check::Bool: return n.kind == Kind::Bool;
  case Check::String: return n.kind == Kind::String;
  case Check::Integer: return n.isInteger();
  case Check::Number: return n.isNumber();
  case Check::Map: return n.kind == Kind::Map;
  case Check::Array: return n.isArray();
  }
  return false;
}

bool isAnyOf(const Nature &n, std::initializer_list<Check> checks) {
  return std::any_of(checks.begin(), checks.end(), [&](Check c) { return is(n, c); });
}

/// Nature.MaybeCompatible: an unknown side, and the other unknown or passing one of `checks`.
bool maybeCompatible(const Nature &l, const Nature &r, std::initializer_list<Check> checks) {
  return (l.isUnknown() && r.isUnknown()) || (l.isUnknown() && isAnyOf(r, checks)) ||
         (r.isUnknown() && isAnyOf(l, checks));
}

/// Nature.PromoteNumericNature.
Nature promote(const Nature &l, const Nature &r) {
  if (l.isUnknown() || r.isUnknown()) return {};
  if (l.kind == Kind::Float || r.kind == Kind::Float) return Nature::of(Kind::Float);
  return Nature::of(Kind::Int);
}

/// The type a builtin's Validate function sees: unknown becomes interface {}, nil has no type.
std::string validateTypeName(const Nature &n) {
  if (n.kind == Kind::Nil) return "%!s(<nil>)";
  if (n.isUnknown()) return "interface {}";
  return n.str();
}

/// FromType(t) of a nature's Go type: what a builtin returns loses expr-lang's element Ref.
Nature fromType(const Nature &n) {
  if (n.kind == Kind::Unknown || n.kind == Kind::Nil) return Nature::of(Kind::Interface);
  Nature out = n;
  out.elem.reset();
  return out;
}

/// One Go signature a function is checked against (checkArguments).
struct Signature {
  std::vector<Nature> in;
  Nature out;
};

Nature iface() { return Nature::of(Kind::Interface); }
Nature str() { return Nature::of(Kind::String); }
Nature stringSlice() { return Nature::sliceType("[]string"); }
Nature anySlice() { return Nature::sliceType("[]interface {}"); }

/// Argo's functions (utils/evaluate/evaluate.go → EvalCondition's env) and their Go types.
struct ArgoFunction {
  std::string_view name;
  std::string_view goType;
  Signature signature;
};

const std::vector<ArgoFunction> &argoFunctions() {
  static const std::vector<ArgoFunction> functions = {
      {"asInt", "func(interface {}) int64", {{iface()}, Nature::of(Kind::Int64)}},
      {"asFloat", "func(interface {}) float64", {{iface()}, Nature::of(Kind::Float)}},
      {"isNaN", "func(float64) bool", {{Nature::of(Kind::Float)}, Nature::of(Kind::Bool)}},
      {"isInf", "func(float64) bool", {{Nature::of(Kind::Float)}, Nature::of(Kind::Bool)}},
      {"isNil", "func(interface {}) bool", {{iface()}, Nature::of(Kind::Bool)}},
      {"default", "func(interface {}, interface {}) interface {}", {{iface(), iface()}, iface()}},
  };
  return functions;
}

const ArgoFunction *findArgoFunction(std::string_view name) {
  for (const ArgoFunction &f : argoFunctions())
    if (f.name == name) return &f;
  return nullptr;
}

/// Builtins checked against Go signatures (builtin.Function.Types), overloads in expr-lang's order.
const std::vector<Signature> *typedBuiltin(std::string_view name) {
  static const std::vector<Signature> kString = {{{iface()}, str()}};
  static const std::vector<Signature> kTrim = {{{str()}, str()}, {{str(), str()}, str()}};
  static const std::vector<Signature> kCase = {{{str()}, str()}};
  static const std::vector<Signature> kSplit = {{{str(), str()}, stringSlice()},
                                                {{str(), str(), Nature::of(Kind::Int)}, stringSlice()}};
  static const std::vector<Signature> kJoin = {
      {{stringSlice(), str()}, str()}, {{anySlice(), str()}, str()}, {{anySlice()}, str()},
      {{stringSlice(), str()}, str()}, {{stringSlice()}, str()}};
  static const std::vector<Signature> kSort = {
      {{anySlice(), str()}, anySlice()},   {{Nature::sliceType("[]int"), str()}, anySlice()},
      {{Nature::sliceType("[]float64"), str()}, anySlice()}, {{stringSlice(), str()}, anySlice()},
      {{anySlice()}, anySlice()},          {{Nature::sliceType("[]float64")}, anySlice()},
      {{stringSlice()}, anySlice()},       {{Nature::sliceType("[]int")}, anySlice()}};
  if (name == "string") return &kString;
  if (name == "trim") return &kTrim;
  if (name == "upper" || name == "lower") return &kCase;
  if (name == "split") return &kSplit;
  if (name == "join") return &kJoin;
  if (name == "sort") return &kSort;
  return nullptr;
}

/// expr-lang's predicate builtins (parser's `predicates` table): how many arguments they need.
int predicateArity(std::string_view name) {
  static constexpr std::array<std::string_view, 10> kTwo = {
      "all", "none", "any", "one", "filter", "map", "find", "findIndex", "findLast", "findLastIndex"};
  if (std::find(kTwo.begin(), kTwo.end(), name) != kTwo.end()) return 2;
  if (name == "count" || name == "sum") return 1; // the predicate is optional
  return 0;
}

bool isValidateBuiltin(std::string_view name) {
  static constexpr std::array<std::string_view, 15> kNames = {
      "len", "abs", "ceil", "floor", "round", "int", "float", "first",
      "last", "keys", "values", "max", "min", "mean", "median"};
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

/// How expr-lang's lexer names the first token of an expression, for its parser's
/// `unexpected token Kind("value")` message.
std::string tokenText(const Expr &e) {
  switch (e.kind) {
  case ExprKind::Int:
  case ExprKind::Float: return fmt::format("Number(\"{}\")", e.text);
  case ExprKind::String: return fmt::format("String(\"{}\")", e.text);
  case ExprKind::Identifier:
  case ExprKind::Call: return fmt::format("Identifier(\"{}\")", e.text);
  case ExprKind::Element: return "Operator(\"#\")";
  case ExprKind::Nil: return "Identifier(\"nil\")";
  case ExprKind::Bool: return fmt::format("Identifier(\"{}\")", e.boolValue ? "true" : "false");
  case ExprKind::List: return "Bracket(\"[\")";
  case ExprKind::Map:
  case ExprKind::Predicate: return "Bracket(\"{\")";
  case ExprKind::Unary:
    return fmt::format("Operator(\"{}\")", e.unaryOp == UnaryOp::Not
                                              ? (e.wordOperator ? "not" : "!")
                                              : e.unaryOp == UnaryOp::Negate ? "-" : "+");
  default: return e.child(0) ? tokenText(*e.child(0)) : "EOF";
  }
}

class Checker {
public:
  Checker(const Nature &result, const std::map<std::string, Value> *args)
      : result_(result), args_(args) {}

  CheckedCondition run(const Expr &root) {
    visit(root);
    out_.error = error_;
    return std::move(out_);
  }

private:
  /// Checker.error: the first error is the one reported; the visit goes on with an unknown.
  Nature error(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return {};
  }

  Nature visit(const Expr &e) {
    switch (e.kind) {
    case ExprKind::Nil: return Nature::of(Kind::Nil);
    case ExprKind::Bool: return Nature::of(Kind::Bool);
    case ExprKind::Int: return Nature::of(Kind::Int);
    case ExprKind::Float: return Nature::of(Kind::Float);
    case ExprKind::String: return Nature::of(Kind::String);
    case ExprKind::Identifier: return identifier(e);
    case ExprKind::Element: return pointer();
    case ExprKind::Unary: return unary(e);
    case ExprKind::Binary: return binary(e);
    case ExprKind::Conditional: return conditional(e);
    case ExprKind::Member: return member(e);
    case ExprKind::Index: return index(e);
    case ExprKind::Slice: return slice(e);
    case ExprKind::Call: return call(e);
    case ExprKind::Predicate: return e.child(0) ? visit(*e.child(0)) : Nature{};
    case ExprKind::List: return array(e);
    case ExprKind::Map:
      for (const auto &child : e.children)
        if (child) visit(*child);
      return Nature::of(Kind::Map);
    }
    return {};
  }

  /// identifierNode / ident: `result`, Argo's functions as values; `args` is not in Argo's env.
  Nature identifier(const Expr &e) {
    if (e.text == "result" && !e.argoUnbound) return result_;
    if (const ArgoFunction *f = findArgoFunction(e.text)) {
      Nature n = Nature::of(Kind::Func);
      n.goType = std::string(f->goType);
      return n;
    }
    return error("unknown name " + e.text);
  }

  /// pointerNode: `#` is the element of the innermost predicate's collection.
  Nature pointer() {
    if (scopes_.empty()) return error("unexpected token Operator(\"#\")"); // a parse error in expr-lang
    const Nature &collection = scopes_.back();
    if (collection.isUnknown()) return {};
    if (collection.isArray()) return collection.element();
    return error("cannot use " + collection.str() + " as array");
  }

  /// unaryNode.
  Nature unary(const Expr &e) {
    Nature nt = visit(*e.child(0));
    if (e.unaryOp == UnaryOp::Not) {
      if (nt.kind == Kind::Bool || nt.isUnknown()) return Nature::of(Kind::Bool);
      return error(fmt::format("invalid operation: {} (mismatched type {})",
                               e.wordOperator ? "not" : "!", nt.str()));
    }
    if (nt.isNumber()) return nt;
    if (nt.isUnknown()) return {};
    return error(fmt::format("invalid operation: {} (mismatched type {})",
                             e.unaryOp == UnaryOp::Negate ? "-" : "+", nt.str()));
  }

  static std::string spelling(const Expr &e) {
    switch (e.binaryOp) {
    case BinaryOp::And: return e.wordOperator ? "and" : "&&";
    case BinaryOp::Or: return e.wordOperator ? "or" : "||";
    case BinaryOp::NotIn: return "in"; // expr-lang parses `a not in b` as `not (a in b)`
    case BinaryOp::Power: return e.text == "^" ? "^" : "**";
    default: return std::string(expr::binaryOpSpelling(e.binaryOp));
    }
  }

  /// binaryNode.
  Nature binary(const Expr &e) {
    Nature l = visit(*e.child(0));
    Nature r = visit(*e.child(1));
    const Nature boolean = Nature::of(Kind::Bool);
    switch (e.binaryOp) {
    case BinaryOp::Equal:
    case BinaryOp::NotEqual:
      if (comparableTo(l, r)) return boolean;
      break;
    case BinaryOp::Or:
    case BinaryOp::And:
      if ((l.kind == Kind::Bool && r.kind == Kind::Bool) || maybeCompatible(l, r, {Check::Bool}))
        return boolean;
      break;
    case BinaryOp::Less:
    case BinaryOp::LessEqual:
    case BinaryOp::Greater:
    case BinaryOp::GreaterEqual:
      if ((l.isNumber() && r.isNumber()) || (l.kind == Kind::String && r.kind == Kind::String) ||
          maybeCompatible(l, r, {Check::Number, Check::String}))
        return boolean;
      break;
    case BinaryOp::Subtract:
    case BinaryOp::Multiply:
      if (l.isNumber() && r.isNumber()) return promote(l, r);
      if (maybeCompatible(l, r, {Check::Number})) return {};
      break;
    case BinaryOp::Divide:
    case BinaryOp::Power:
      if ((l.isNumber() && r.isNumber()) || maybeCompatible(l, r, {Check::Number}))
        return Nature::of(Kind::Float);
      break;
    case BinaryOp::Modulo:
      if ((l.isInteger() && r.isInteger()) || maybeCompatible(l, r, {Check::Integer}))
        return Nature::of(Kind::Int);
      break;
    case BinaryOp::Add:
      if (l.isNumber() && r.isNumber()) return promote(l, r);
      if (l.kind == Kind::String && r.kind == Kind::String) return str();
      if (maybeCompatible(l, r, {Check::Number, Check::String})) return {};
      break;
    case BinaryOp::In:
    case BinaryOp::NotIn:
      if (r.kind == Kind::Map) {
        if (!l.isUnknown() && !assignableTo(l, str()))
          return error(fmt::format("cannot use {} as type string in map key", l.str()));
        return boolean;
      }
      if (r.isArray()) {
        Nature element = r.element();
        if (!comparableTo(l, element))
          return error(fmt::format("cannot use {} as type {} in array", l.str(), element.str()));
        return boolean;
      }
      if (l.isUnknown() && isAnyOf(r, {Check::String, Check::Array, Check::Map})) return boolean;
      if (r.isUnknown()) return boolean;
      break;
    case BinaryOp::Matches:
      if (e.child(1)->kind == ExprKind::String) {
        std::string compileError = regexError(e.child(1)->text);
        if (!compileError.empty()) return error(compileError);
      }
      [[fallthrough]];
    case BinaryOp::Contains:
    case BinaryOp::StartsWith:
    case BinaryOp::EndsWith:
      if ((l.kind == Kind::String && r.kind == Kind::String) || maybeCompatible(l, r, {Check::String}))
        return boolean;
      break;
    case BinaryOp::Range:
      if ((l.isInteger() && r.isInteger()) || maybeCompatible(l, r, {Check::Integer}))
        return Nature::arrayOf(Nature::of(Kind::Int));
      break;
    case BinaryOp::Coalesce:
      if (l.kind == Kind::Nil && r.kind != Kind::Nil) return r;
      if (l.kind != Kind::Nil && r.kind == Kind::Nil) return l;
      if (l.kind == Kind::Nil && r.kind == Kind::Nil) return Nature::of(Kind::Nil);
      if (assignableTo(r, l)) return l;
      return {};
    }
    return error(fmt::format("invalid operation: {} (mismatched types {} and {})", spelling(e),
                             l.str(), r.str()));
  }

  /// The error regexp.Compile gives for a constant `matches` pattern. RE2 syntax is checked with
  /// ECMAScript's grammar, which agrees on what users write; the message is RE2's for the common
  /// unbalanced-parenthesis case and std::regex's otherwise.
  static std::string regexError(const std::string &pattern) {
    std::string body = pattern.rfind("(?i)", 0) == 0 ? pattern.substr(4) : pattern;
    try {
      std::regex re(body, std::regex::ECMAScript);
      (void)re;
      return {};
    } catch (const std::regex_error &error) {
      if (error.code() == std::regex_constants::error_paren)
        return "error parsing regexp: missing closing ): `" + pattern + "`";
      return "error parsing regexp: " + std::string(error.what()) + ": `" + pattern + "`";
    }
  }

  /// conditionalNode.
  Nature conditional(const Expr &e) {
    Nature c = visit(*e.child(0));
    if (c.kind != Kind::Bool && !c.isUnknown())
      return error(fmt::format("non-bool expression (type {}) used as condition", c.str()));
    Nature t1 = visit(*e.child(1));
    Nature t2 = visit(*e.child(2));
    if (t1.kind == Kind::Nil && t2.kind != Kind::Nil) return t2;
    if (t1.kind != Kind::Nil && t2.kind == Kind::Nil) return t1;
    if (t1.kind == Kind::Nil && t2.kind == Kind::Nil) return Nature::of(Kind::Nil);
    if (assignableTo(t1, t2)) {
      if (t1.isArray() && t2.isArray()) {
        Nature e1 = t1.element(), e2 = t2.element();
        if (!assignableTo(e1, e2) || !assignableTo(e2, e1)) return anySlice();
      }
      return t1;
    }
    return {};
  }

  /// The nature of an `args.NAME` placeholder: Argo substitutes the argument's text, so the
  /// checker sees the literal it spells.
  Nature argument(const std::string &name) {
    if (!args_) return {};
    auto it = args_->find(name);
    if (it == args_->end()) return {};
    return natureOf(it->second, ResultListType::Any);
  }

  static bool isArgsPlaceholder(const Expr &e) {
    const Expr *base = e.child(0);
    return e.kind == ExprKind::Member && base && base->kind == ExprKind::Identifier &&
           base->text == "args" && !base->argoUnbound;
  }

  /// memberNode with a name (`x.name`, `x?.name`).
  Nature member(const Expr &e) {
    if (isArgsPlaceholder(e)) return argument(e.text);
    Nature base = visit(*e.child(0));
    return fetch(base, str(), e.text, true);
  }

  /// memberNode with an index (`x[i]`).
  Nature index(const Expr &e) {
    Nature base = visit(*e.child(0));
    Nature prop = visit(*e.child(1));
    bool named = e.child(1)->kind == ExprKind::String;
    return fetch(base, prop, named ? e.child(1)->text : std::string(), named);
  }

  /// The body of memberNode once base and property are visited.
  Nature fetch(const Nature &base, const Nature &prop, const std::string &name, bool named) {
    if (base.isUnknown()) return {};
    if (named && base.kind == Kind::Nil) return error("type nil has no field " + name);
    if (base.kind == Kind::Map) {
      if (!assignableTo(prop, str()) && !prop.isUnknown())
        return error(fmt::format("cannot use {} to get an element from {}", prop.str(), base.str()));
      return iface();
    }
    if (base.isArray()) {
      if (!prop.isInteger() && !prop.isUnknown())
        return error(fmt::format("array elements can only be selected using an integer (got {})",
                                 prop.str()));
      return base.element();
    }
    if (named) return error(fmt::format("type {} has no field {}", base.str(), name));
    return error(fmt::format("type {}[{}] is undefined", base.str(), prop.str()));
  }

  /// sliceNode.
  Nature slice(const Expr &e) {
    Nature nt = visit(*e.child(0));
    if (nt.isUnknown()) return {};
    if (nt.kind != Kind::String && !nt.isArray()) return error("cannot slice " + nt.str());
    for (size_t i = 1; i < 3; ++i) {
      if (!e.child(i)) continue;
      Nature bound = visit(*e.child(i));
      if (!bound.isInteger() && !bound.isUnknown())
        return error("non-integer slice index " + bound.str());
    }
    return nt;
  }

  /// arrayNode: an array of one kind keeps its element's nature.
  Nature array(const Expr &e) {
    Nature prev;
    bool same = true;
    for (size_t i = 0; i < e.children.size(); ++i) {
      Nature current = visit(*e.children[i]);
      if (i > 0 && reflectKind(current) != reflectKind(prev)) same = false;
      prev = current;
    }
    return same ? Nature::arrayOf(prev) : anySlice();
  }

  Nature call(const Expr &e) {
    const std::string &name = e.text;
    if (const ArgoFunction *f = findArgoFunction(name)) {
      std::string failure;
      Nature out = checkArguments(name, f->signature, e, failure);
      if (!failure.empty()) return error(failure);
      return out;
    }
    if (predicateArity(name) > 0) return predicateBuiltin(e);
    if (isValidateBuiltin(name)) return validatedBuiltin(e);
    if (const std::vector<Signature> *overloads = typedBuiltin(name)) return overloaded(e, *overloads);
    expr::BuiltinSupport support = expr::builtinSupport(name);
    if (support == expr::BuiltinSupport::ReadsClock)
      return error(name + "() is not supported in Rewind conditions (replays must be deterministic)");
    if (support == expr::BuiltinSupport::NotEvaluated)
      return error("builtin " + name + " is not supported in Rewind conditions");
    return error("unknown name " + name);
  }

  /// Marks the integer literals expr-lang rewrites to floats when a float64 parameter receives an
  /// integer expression (traverseAndReplaceIntegerNodesWithFloatNodes).
  void floatLiterals(const Expr &e) {
    if (e.kind == ExprKind::Int) out_.floatLiterals.insert(&e);
    else if (e.kind == ExprKind::Unary && e.child(0)) floatLiterals(*e.child(0));
    else if (e.kind == ExprKind::Binary &&
             (e.binaryOp == BinaryOp::Add || e.binaryOp == BinaryOp::Subtract ||
              e.binaryOp == BinaryOp::Multiply)) {
      floatLiterals(*e.child(0));
      floatLiterals(*e.child(1));
    }
  }

  /// checkArguments: arity, then each argument against its parameter, stopping at the first bad
  /// one. The error is returned, not recorded, so that an error inside an argument wins.
  Nature checkArguments(const std::string &name, const Signature &signature, const Expr &call,
                        std::string &failure) {
    size_t count = call.children.size();
    size_t wanted = signature.in.size();
    if (count != wanted) {
      failure = fmt::format("{} arguments to call {}", count > wanted ? "too many" : "not enough", name);
      for (const auto &arg : call.children) visit(*arg);
      return signature.out;
    }
    for (size_t i = 0; i < count; ++i) {
      const Expr &arg = *call.children[i];
      Nature a = visit(arg);
      const Nature &in = signature.in[i];
      if (in.kind == Kind::Float && a.isInteger()) {
        floatLiterals(arg);
        continue;
      }
      if (in.isInteger() && a.isInteger()) continue;
      if (a.kind == Kind::Nil) {
        if (in.kind == Kind::Interface) continue;
        failure = fmt::format("cannot use nil as argument (type {}) to call {}", in.str(), name);
        return {};
      }
      if (!assignableTo(a, in) && !a.isUnknown()) {
        failure = fmt::format("cannot use {} as argument (type {}) to call {} ", a.str(), in.str(), name);
        return {};
      }
    }
    return signature.out;
  }

  /// checkFunction with Types: the first overload that accepts the arguments; else the last error.
  Nature overloaded(const Expr &e, const std::vector<Signature> &overloads) {
    std::string lastError;
    for (const Signature &signature : overloads) {
      std::string failure;
      Nature out = checkArguments(e.text, signature, e, failure);
      if (failure.empty()) return out;
      lastError = failure;
    }
    return error(lastError);
  }

  /// checkFunction with Validate: every argument visited, then the builtin's own rule.
  Nature validatedBuiltin(const Expr &e) {
    const std::string &name = e.text;
    std::vector<Nature> args;
    for (const auto &arg : e.children) args.push_back(visit(*arg));
    auto invalidCount = [&](size_t expected) {
      return error(fmt::format("invalid number of arguments (expected {}, got {})", expected, args.size()));
    };
    auto invalidArgument = [&](const Nature &n) {
      return error(fmt::format("invalid argument for {} (type {})", name, validateTypeName(n)));
    };
    if (name == "max" || name == "min" || name == "mean" || name == "median") {
      if (args.empty()) return error("not enough arguments to call " + name);
      for (const Nature &a : args) {
        if (a.isUnknown() || a.isArray()) return iface();
        if (!a.isNumber()) return invalidArgument(a);
      }
      return fromType(args[0]);
    }
    if (args.size() != 1) return invalidCount(1);
    const Nature &a = args[0];
    if (name == "len") {
      if (a.isUnknown() || a.isArray() || a.kind == Kind::Map || a.kind == Kind::String)
        return Nature::of(Kind::Int);
      return invalidArgument(a);
    }
    if (name == "abs") {
      if (a.isUnknown() || a.isNumber()) return fromType(a);
      return invalidArgument(a);
    }
    if (name == "ceil" || name == "floor" || name == "round") {
      if (a.isUnknown() || a.isNumber()) return Nature::of(Kind::Float);
      return invalidArgument(a);
    }
    if (name == "int" || name == "float") {
      if (a.isUnknown() || a.isNumber() || a.kind == Kind::String)
        return Nature::of(name == "int" ? Kind::Int : Kind::Float);
      return invalidArgument(a);
    }
    if (name == "first" || name == "last") {
      if (a.isUnknown()) return iface();
      if (a.isArray()) return fromType(a.element());
      return error(fmt::format("cannot get {} element from {}", name, validateTypeName(a)));
    }
    // keys, values
    if (a.isUnknown() || a.kind == Kind::Map) return anySlice();
    return error(fmt::format("cannot get {} from {}", name, validateTypeName(a)));
  }

  /// builtinNode for all, none, any, one, filter, map, count, sum, find, findIndex, findLast,
  /// findLastIndex: a collection, then a predicate evaluated with `#` bound to each element.
  Nature predicateBuiltin(const Expr &e) {
    const std::string &name = e.text;
    int arity = predicateArity(name);
    size_t count = e.children.size();
    // The parser's own checks, which come before any type check.
    if (count < static_cast<size_t>(arity) || count == 0) return error("expected at least 2 arguments");
    if (count > 2) return error("unexpected token " + tokenText(*e.children[2]));

    Nature collection = visit(*e.child(0));
    if (!collection.isArray() && !collection.isUnknown())
      return error(fmt::format("builtin {} takes only array (got {})", name, collection.str()));
    if ((name == "count" || name == "sum") && count == 1) {
      if (name == "count") return Nature::of(Kind::Int);
      return collection.isUnknown() ? Nature{} : collection.element();
    }
    scopes_.push_back(collection);
    Nature body = visit(*e.child(1));
    scopes_.pop_back();
    // predicateNode: a nil body has no output, so it is not a predicate.
    if (body.kind == Kind::Nil)
      return error("predicate should has one input and one output param");
    Nature out = fromType(body);
    if (name == "map") return Nature::arrayOf(body);
    if (name == "sum") return out;
    if (out.kind != Kind::Bool && !out.isUnknown())
      return error(fmt::format("predicate should return boolean (got {})", out.str()));
    if (name == "filter") return collection.isUnknown() ? anySlice() : Nature::arrayOf(collection.element());
    if (name == "count" || name == "findIndex" || name == "findLastIndex") return Nature::of(Kind::Int);
    if (name == "find" || name == "findLast") return collection.isUnknown() ? Nature{} : collection.element();
    return Nature::of(Kind::Bool);
  }

  const Nature &result_;
  const std::map<std::string, Value> *args_;
  std::vector<Nature> scopes_;
  std::string error_;
  CheckedCondition out_;
};

} // namespace

CheckedCondition checkArgoCondition(const Expr &condition, const Nature &result,
                                    const std::map<std::string, Value> *args) {
  return Checker(result, args).run(condition);
}

} // namespace rwd::runtime
