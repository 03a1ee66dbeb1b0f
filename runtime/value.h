// This file implements the dynamic values conditions compute on: what a metric provider returned
// (`result`), run arguments, and every intermediate of the expression evaluator.
//
// The model mirrors what Argo hands to expr-lang: nil, bool, int64, float64, string, lists and
// string-keyed maps. Lists and maps are immutable and shared, so copying a Value is cheap. Maps
// keep insertion order (Go maps have none) so every output that walks a map is deterministic.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace rwd::runtime {

enum class ValueKind : uint8_t { Nil, Bool, Int, Float, String, List, Map };

class Value {
public:
  using ListItems = std::vector<Value>;
  using MapEntry = std::pair<std::string, Value>;
  using MapEntries = std::vector<MapEntry>;

  /// A nil value.
  Value() = default;

  static Value nil() { return Value(); }
  static Value boolean(bool value);
  static Value integer(int64_t value);
  static Value number(double value);
  static Value string(std::string value);
  static Value list(ListItems items);
  /// This list as a provider hands it to expr-lang: a Go []float64 (Prometheus, Graphite, Datadog,
  /// Wavefront), not the []interface {} expr-lang builds. Only the Go type name differs.
  Value asFloat64List() const;
  bool isFloat64List() const { return isList() && float64List_; }
  /// Keys are unique: a later entry with an existing key replaces that key's value in place.
  static Value map(MapEntries entries);

  ValueKind kind() const { return static_cast<ValueKind>(storage_.index()); }
  bool isNil() const { return kind() == ValueKind::Nil; }
  bool isBool() const { return kind() == ValueKind::Bool; }
  bool isInt() const { return kind() == ValueKind::Int; }
  bool isFloat() const { return kind() == ValueKind::Float; }
  bool isNumber() const { return isInt() || isFloat(); }
  bool isString() const { return kind() == ValueKind::String; }
  bool isList() const { return kind() == ValueKind::List; }
  bool isMap() const { return kind() == ValueKind::Map; }

  /// Accessors return a neutral default (false, 0, "", empty) when the kind does not match.
  bool asBool() const;
  int64_t asInt() const;
  double asFloat() const;
  /// An Int or Float as a double (Go's float64(x)); 0 otherwise.
  double toDouble() const;
  const std::string &asString() const;
  const ListItems &asList() const;
  const MapEntries &asMap() const;

  /// The value stored under `key` in a Map, or null when absent or not a Map.
  const Value *find(std::string_view key) const;

private:
  // The alternatives are in ValueKind order, so index() is the kind.
  using Storage =
      std::variant<std::monostate, bool, int64_t, double, std::shared_ptr<const std::string>,
                   std::shared_ptr<const ListItems>, std::shared_ptr<const MapEntries>>;
  Storage storage_;
  bool float64List_ = false;
};

/// Argo's stored measurement text: `0.97`, `[0.97,0.5]`, `[]`, `NaN`, `+Inf`, `-Inf`, `nil`.
/// Floats use Go's strconv.FormatFloat(f, 'f', -1, 64) (shortest round-trip, never an exponent), as
/// Prometheus' SampleValue.String() does. A top-level string is written raw; strings inside lists
/// and maps are JSON-quoted. Maps are `{"key":value,...}` in insertion order.
std::string formatValue(const Value &value);

/// Rewind's short type name: "nil", "bool", "int", "float", "string", "map", and for lists
/// "[]float", "[]int", ... when every element has that type, "[]any" when mixed or empty.
std::string typeName(const Value &value);

/// The Go type (`%T`) Argo would see for this value: "float64", "int", "string", "bool", "<nil>",
/// "[]float64" (a provider's list, asFloat64List), "[]interface {}" (any other list),
/// "map[string]interface {}". Used to mirror expr-lang's and Argo's error messages.
std::string goTypeName(const Value &value);

/// Go's fmt `%v` rendering (what expr-lang's `string(x)` returns): floats as %g with the shortest
/// digits (`1e+06`, `0.5`), lists as `[1 2]`, maps as `map[a:1 b:2]` with sorted keys, nil as
/// `<nil>`, strings raw.
std::string goFormat(const Value &value);

/// Go's shortest %v text of a float64 (`0.95`, `1e+06`, `NaN`, `+Inf`).
std::string goFormatFloat(double value);

/// A JSON string literal (with quotes) for `text`.
std::string jsonQuote(std::string_view text);
/// Appends `text` escaped for a JSON string (`"`, backslash and control bytes), without quotes.
void appendJsonEscaped(std::string &out, std::string_view text);

} // namespace rwd::runtime
