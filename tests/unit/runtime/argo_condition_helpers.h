// This file implements helpers for tests that evaluate conditions as Argo does: results of the kinds
// the expr-lang oracle uses, and Argo's EvalCondition on a condition read as Argo YAML.
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/source/source_manager.h"
#include "compiler/yaml/argo/condition_source.h"
#include "runtime/measurement_eval.h"

#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace rwd::test {

using runtime::Value;

inline double parseFloat(const std::string &text) {
  if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (text == "+Inf" || text == "Inf") return std::numeric_limits<double>::infinity();
  if (text == "-Inf") return -std::numeric_limits<double>::infinity();
  return std::stod(text);
}

/// encoding/json's decoding into interface {}: numbers are float64.
inline Value fromJson(const nlohmann::json &j) {
  if (j.is_null()) return Value::nil();
  if (j.is_boolean()) return Value::boolean(j.get<bool>());
  if (j.is_number()) return Value::number(j.get<double>());
  if (j.is_string()) return Value::string(j.get<std::string>());
  if (j.is_array()) {
    Value::ListItems items;
    for (const auto &item : j) items.push_back(fromJson(item));
    return Value::list(std::move(items));
  }
  Value::MapEntries entries;
  for (const auto &[key, item] : j.items()) entries.emplace_back(key, fromJson(item));
  return Value::map(std::move(entries));
}

/// A result of the given kind, as the oracle harness builds it (see data/expr_lang_oracle.tsv).
inline Value resultOf(const std::string &type, const std::string &value) {
  if (type == "vector") {
    Value::ListItems items;
    std::stringstream stream(value);
    std::string item;
    while (std::getline(stream, item, ',')) items.push_back(Value::number(parseFloat(item)));
    return Value::list(std::move(items));
  }
  if (type == "scalar") return Value::number(parseFloat(value));
  if (type == "string") return Value::string(value);
  if (type == "int") return Value::integer(std::stoll(value));
  if (type == "json") return fromJson(nlohmann::json::parse(value));
  return Value::nil(); // nil, nilptr (Argo dereferences a nil pointer to nil)
}

/// A condition read as Argo YAML reads it: the tree, or expr-lang's compile error.
struct ArgoText {
  yaml::argo::ArgoCondition parsed;
  std::string text;
  runtime::ConditionSpec spec() const { return {parsed.expr.get(), text, parsed.compileError}; }
};

inline ArgoText readArgoCondition(const std::string &condition) {
  SourceManager sources;
  FileId id = sources.addBuffer("<condition>", condition);
  yaml::ScalarSource source;
  source.range = SourceRange{id, 0, static_cast<uint32_t>(condition.size())};
  for (uint32_t i = 0; i <= condition.size(); ++i) source.positions.push_back(i);
  source.exact = true;
  DiagnosticEngine diags;
  return {yaml::argo::parseCondition(sources.file(id), condition, source, diags), condition};
}

inline runtime::ResultListType listTypeOf(const std::string &type) {
  return type == "json" ? runtime::ResultListType::Any : runtime::ResultListType::Float64;
}

/// What Argo's EvalCondition returns for `condition` read as a successCondition in Argo YAML,
/// with `result` of the given kind: "true", "false" or "error: MESSAGE".
inline std::string evaluateAsArgo(const std::string &condition, const std::string &type,
                                  const std::string &value) {
  ArgoText read = readArgoCondition(condition);
  if (!read.spec().isSet()) return "error: (not parsed)";
  Value result = resultOf(type, value);
  std::map<std::string, Value> args;
  runtime::ConditionOutcome outcome =
      runtime::evaluateCondition(read.spec(), runtime::EvalEnv{&result, &args, listTypeOf(type)});
  if (!outcome.ok) return "error: " + outcome.error;
  return outcome.value ? "true" : "false";
}

/// Argo's EvaluateResult for a metric with these conditions ("" = unset) and `result`.
inline runtime::MeasurementVerdict measureAsArgo(const std::string &success,
                                                 const std::string &failure,
                                                 const std::string &type, const std::string &value) {
  ArgoText s = success.empty() ? ArgoText{} : readArgoCondition(success);
  ArgoText f = failure.empty() ? ArgoText{} : readArgoCondition(failure);
  return runtime::evaluateMeasurement(s.spec(), f.spec(), resultOf(type, value), {}, listTypeOf(type));
}

} // namespace rwd::test
