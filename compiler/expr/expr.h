// This file implements the condition expression tree shared by the compiler, the plan and the runtime.
//
// Conditions are written in Argo's expression language (expr-lang) plus Rewind's unit literals
// (`95%`, `500ms`). The parser builds this tree; sema type- and unit-checks it and resolves every
// unit literal to a plain number in the metric's unit; the plan keeps the resolved tree; the runtime
// evaluates it and the Argo backend prints it back as expr-lang text. It holds no ANTLR or AST types.
#pragma once

#include "compiler/source/source_manager.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace rwd::expr {

enum class ExprKind : uint8_t {
  Nil,         // nil
  Bool,        // true / false                         boolValue
  Int,         // 42                                   intValue
  Float,       // 0.95, or a unit literal              floatValue (+ unit)
  String,      // "text" or 'text'                     text
  Identifier,  // result, args                         text
  Element,     // #  (current element inside a predicate)
  Unary,       // not x, !x, -x, +x                    unaryOp, children[0]
  Binary,      // a op b                               binaryOp, children[0..1]
  Conditional, // c ? a : b                            children[0..2]
  Member,      // x.name, x?.name                      text = name, optional, children[0]
  Index,       // x[i]                                 children[0..1]
  Slice,       // x[a:b], x[:b], x[a:]                 children[0], children[1]/[2] may be null
  Call,        // f(a, b)                              text = function name, children = arguments
  Predicate,   // { # > 1 } or a bare predicate argument   children[0] = body
  List,        // [a, b]                               children
  Map,         // {a: 1, "b": 2}                       mapKeys[i] ↔ children[i]
};

enum class UnaryOp : uint8_t { Not, Negate, Plus };

enum class BinaryOp : uint8_t {
  Or, And, Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual,
  In, NotIn, Matches, Contains, StartsWith, EndsWith,
  Range, Add, Subtract, Multiply, Divide, Modulo, Power, Coalesce,
};

/// The unit a numeric literal was written with. Sema resolves it; lowering clears it.
enum class LiteralUnit : uint8_t {
  None,
  Percent,  // 95%   floatValue holds 0.95 until resolved
  Duration, // 500ms floatValue holds milliseconds until resolved
};

struct Expr {
  ExprKind kind = ExprKind::Nil;
  SourceRange range;
  bool boolValue = false;
  int64_t intValue = 0;
  double floatValue = 0;
  LiteralUnit unit = LiteralUnit::None;
  std::string text;       // string value, identifier, member or function name; literal spelling
  UnaryOp unaryOp = UnaryOp::Not;
  BinaryOp binaryOp = BinaryOp::Or;
  bool optional = false;  // `?.` member access
  bool wordOperator = false; // written `and`/`or`/`not` rather than `&&`/`||`/`!`
  /// Argo YAML: an identifier written as such, not substituted from `{{args.x}}`, that Argo's
  /// condition environment does not have (`args` itself): expr-lang reports it as an unknown name.
  bool argoUnbound = false;
  std::vector<std::string> mapKeys;
  std::vector<std::unique_ptr<Expr>> children; // a null child is an omitted slice bound

  std::unique_ptr<Expr> clone() const;
  const Expr *child(size_t i) const { return i < children.size() ? children[i].get() : nullptr; }
};

using ExprPtr = std::unique_ptr<Expr>;

std::string_view binaryOpSpelling(BinaryOp op);
std::string_view unaryOpSpelling(UnaryOp op, bool word);

} // namespace rwd::expr
