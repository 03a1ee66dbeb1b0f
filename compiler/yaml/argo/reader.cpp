// This file implements the scalar conversions and checks of the Argo YAML mappers, each failure
// reported as a located diagnostic.
#include "compiler/yaml/argo/reader.h"

#include "compiler/support/duration.h"
#include "compiler/support/go_duration.h"

#include <charconv>
#include <cmath>
#include <fmt/format.h>

namespace rwd::yaml::argo {

namespace {

bool hasPlaceholder(std::string_view text) { return text.find("{{") != std::string_view::npos; }

std::optional<int64_t> parseInt(std::string_view text) {
  int64_t value = 0;
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::optional<double> parseNumber(std::string_view text) {
  double value = 0;
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

} // namespace

void Reader::reportBadKey(const YAML::Node &key) {
  SourceRange where = range(key);
  // `x: {{args.y}}` unquoted is a YAML flow map whose key is another map, not a placeholder.
  if (file_.text().substr(where.begin, 2) == "{{" || file_.text().substr(where.begin, 1) == "{")
    if (where.begin > 0 && file_.text()[where.begin - 1] == '{') --where.begin;
  if (file_.text().substr(where.begin, 2) == "{{") {
    diags_.report(DiagKind::ArgoInvalidValue, where,
                  "an unquoted `{{...}}` is a YAML flow map, not a placeholder; quote it (\"{{args.NAME}}\")");
    return;
  }
  diags_.report(DiagKind::YamlWrongShape, where, "a key", "a string", describe(key));
}

bool Reader::rejectPlaceholder(const YAML::Node &node, std::string_view field) {
  if (!node.IsScalar() || !hasPlaceholder(node.Scalar())) return false;
  diags_.report(DiagKind::ArgoPlaceholderNotAllowed, range(node), field);
  return true;
}

void Reader::notCarried(const YAML::Node &key, std::string_view field) {
  diags_.report(DiagKind::ArgoNotCarried, range(key), field);
}

std::optional<ast::Spanned<std::string>> Reader::string(const YAML::Node &node, std::string_view field) {
  if (!visit(node)) return std::nullopt;
  if (!node.IsScalar()) {
    diags_.report(DiagKind::YamlWrongShape, range(node), field, "a string", describe(node));
    return std::nullopt;
  }
  return ast::Spanned<std::string>{node.Scalar(), range(node)};
}

std::optional<ast::Spanned<int64_t>> Reader::integer(const YAML::Node &node, std::string_view field,
                                                    int64_t min) {
  if (!visit(node)) return std::nullopt;
  if (rejectPlaceholder(node, field)) return std::nullopt;
  std::optional<int64_t> value = node.IsScalar() ? parseInt(node.Scalar()) : std::nullopt;
  std::string expected = min == 0 ? "a non-negative integer" : fmt::format("an integer >= {}", min);
  if (!value || *value < min) {
    diags_.report(DiagKind::YamlWrongShape, range(node), field, expected, describe(node));
    return std::nullopt;
  }
  return ast::Spanned<int64_t>{*value, range(node)};
}

std::optional<ast::Spanned<bool>> Reader::boolean(const YAML::Node &node, std::string_view field) {
  if (!visit(node)) return std::nullopt;
  if (node.IsScalar() && (node.Scalar() == "true" || node.Scalar() == "false"))
    return ast::Spanned<bool>{node.Scalar() == "true", range(node)};
  diags_.report(DiagKind::YamlWrongShape, range(node), field, "`true` or `false`", describe(node));
  return std::nullopt;
}

std::optional<ast::Spanned<int64_t>> Reader::duration(const YAML::Node &node, std::string_view field,
                                                     bool allowSeconds) {
  if (!visit(node)) return std::nullopt;
  if (rejectPlaceholder(node, field)) return std::nullopt;
  if (!node.IsScalar()) {
    diags_.report(DiagKind::YamlWrongShape, range(node), field, "a duration such as `30s` or `5m`",
                  describe(node));
    return std::nullopt;
  }
  const std::string &text = node.Scalar();
  if (allowSeconds)
    if (std::optional<int64_t> secs = parseInt(text)) {
      if (*secs < 0 || *secs > INT64_MAX / 1000) {
        diags_.report(DiagKind::YamlWrongShape, range(node), field, "a non-negative duration", describe(node));
        return std::nullopt;
      }
      return ast::Spanned<int64_t>{*secs * 1000, range(node)};
    }
  // Argo parses these with Go's time.ParseDuration (no `d` unit, any order of units).
  std::string error;
  std::optional<int64_t> millis = parseGoDuration(text, &error);
  if (!millis || *millis < 0) {
    if (!allowSeconds && parseInt(text)) error = "a bare number is not a Go duration; add a unit (`30s`)";
    else if (millis) error = "a negative duration";
    diags_.report(DiagKind::InvalidDuration, range(node), text, error);
    return std::nullopt;
  }
  return ast::Spanned<int64_t>{*millis, range(node)};
}

const std::string *Reader::settingText(const YAML::Node &node, const std::string &field, std::string_view expected) {
  if (!visit(node)) return nullptr;
  if (node.IsScalar()) return &node.Scalar();
  diags_.report(DiagKind::YamlWrongShape, range(node), field, expected, describe(node));
  return nullptr;
}

void Reader::intOrText(const YAML::Node &node, const std::string &field, std::optional<ast::Spanned<int64_t>> &out,
                       std::vector<ast::TextSetting> &texts) {
  const std::string *scalar = settingText(node, field, "an integer or a string");
  if (!scalar) return;
  const std::string &text = *scalar;
  if (!hasPlaceholder(text))
    if (std::optional<int64_t> value = parseInt(text)) {
      out = ast::Spanned<int64_t>{*value, range(node)};
      return;
    }
  // IntOrString.IntValue() reads what is not an integer once resolved as 0 (strconv.Atoi's error
  // is discarded); sema says so, and a placeholder is judged per run.
  texts.push_back({field, {text, range(node)}});
}

void Reader::durationOrText(const YAML::Node &node, const std::string &field, std::optional<ast::Spanned<int64_t>> &out,
                            std::vector<ast::TextSetting> &texts) {
  const std::string *scalar = settingText(node, field, "a duration such as `30s` or `5m`");
  if (!scalar) return;
  const std::string &text = *scalar;
  if (hasPlaceholder(text)) {
    texts.push_back({field, {text, range(node)}});
    return;
  }
  // The CRD types these fields as strings: a plain number is not one, and Kubernetes refuses it.
  if (isPlain(node) && parseInt(text)) {
    diags_.report(DiagKind::InvalidDuration, range(node), text, "a bare number is not a Go duration; add a unit (`30s`)");
    return;
  }
  std::optional<int64_t> millis = parseGoDuration(text);
  if (millis && *millis < 0) {
    diags_.report(DiagKind::InvalidDuration, range(node), text, "a negative duration");
    return;
  }
  if (millis) {
    out = ast::Spanned<int64_t>{*millis, range(node)};
    return;
  }
  // A string Go cannot parse is accepted by the CRD; Argo's validation puts each run in Error
  // (sema reports it).
  texts.push_back({field, {text, range(node)}});
}

std::optional<ast::Spanned<int64_t>> Reader::seconds(const YAML::Node &node, std::string_view field) {
  std::optional<ast::Spanned<int64_t>> secs = integer(node, field);
  if (!secs) return std::nullopt;
  if (secs->value > INT64_MAX / 1000) {
    diags_.report(DiagKind::YamlWrongShape, secs->range, field, "a number of seconds", describe(node));
    return std::nullopt;
  }
  secs->value *= 1000;
  return secs;
}

std::optional<ast::Quantity> Reader::quantity(const YAML::Node &node, std::string_view field) {
  if (!visit(node)) return std::nullopt;
  if (rejectPlaceholder(node, field)) return std::nullopt;
  ast::Quantity q;
  q.range = range(node);
  if (node.IsScalar()) {
    std::string_view text = node.Scalar();
    if (!text.empty() && text.back() == '%') {
      std::optional<double> value = parseNumber(text.substr(0, text.size() - 1));
      if (value && *value >= 0 && *value <= 100) {
        q.percent = true;
        q.value = *value;
        return q;
      }
    } else if (std::optional<int64_t> value = parseInt(text); value && *value >= 0) {
      q.value = static_cast<double>(*value);
      return q;
    }
  }
  diags_.report(DiagKind::YamlWrongShape, q.range, field, "a replica count or a percentage such as \"25%\"",
                describe(node));
  return std::nullopt;
}

ast::Literal Reader::literal(const YAML::Node &node) {
  ast::Literal lit;
  lit.range = range(node);
  lit.text = node.IsScalar() ? node.Scalar() : "";
  lit.kind = ast::Literal::Kind::String;
  if (!node.IsScalar() || !isPlain(node)) return lit;
  const std::string &text = node.Scalar();
  if (text == "true" || text == "false") {
    lit.kind = ast::Literal::Kind::Bool;
    lit.boolean = text == "true";
  } else if (std::optional<int64_t> i = parseInt(text)) {
    lit.kind = ast::Literal::Kind::Int;
    lit.number = static_cast<double>(*i);
  } else if (std::optional<double> d = parseNumber(text);
             d && text.find_first_of(".eE") != std::string::npos && text.find_first_not_of("0123456789.eE+-") == std::string::npos) {
    lit.kind = ast::Literal::Kind::Float;
    lit.number = *d;
  }
  return lit;
}

ast::ConfigValue Reader::config(const YAML::Node &node) {
  ast::ConfigValue value;
  value.range = range(node);
  if (!enter(node)) return value;
  if (node.IsMap()) {
    value.kind = ast::ConfigValue::Kind::Object;
    for (auto it = node.begin(); it != node.end() && !stopped(); ++it) {
      ast::Spanned<std::string> key{it->first.IsScalar() ? it->first.Scalar() : "", range(it->first)};
      if (!it->first.IsScalar()) {
        reportBadKey(it->first);
        continue;
      }
      value.entries.push_back({std::move(key), config(it->second)});
    }
  } else if (node.IsSequence()) {
    value.kind = ast::ConfigValue::Kind::List;
    for (auto it = node.begin(); it != node.end() && !stopped(); ++it) value.items.push_back(config(*it));
  } else {
    value.kind = ast::ConfigValue::Kind::Scalar;
    value.scalar = literal(node);
    if (node.IsNull()) {
      value.scalar.kind = ast::Literal::Kind::String;
      value.scalar.text = "";
    }
  }
  leave();
  return value;
}

void readMetricRules(Reader &r, const YAML::Node &list, const std::string &key, const std::string &field,
                     std::vector<MetricRule> &rules) {
  bool retention = key == "measurementRetention";
  if (!r.expectSeq(list, field)) return;
  for (const YAML::Node &rule : list) {
    if (!r.visit(rule) || !r.expectMap(rule, key + "[]")) continue;
    MetricRule m;
    m.range = r.range(rule);
    bool named = false;
    r.entries(rule, [&](const std::string &rk, const YAML::Node &rkn, const YAML::Node &rv) {
      if (rk == "metricName") {
        if (auto name = r.string(rv, "metricName")) {
          m.pattern = name->value;
          m.range = name->range;
          named = true;
        }
      } else if (rk == "limit" && retention) {
        if (auto limit = r.integer(rv, "measurementRetention[].limit")) m.limit = limit->value;
      } else {
        r.notCarried(rkn, key + "[]." + rk);
      }
    });
    if (!named) {
      r.diags().report(DiagKind::YamlMissingField, m.range, fmt::format("a `{}` rule", key), "metricName");
      continue;
    }
    rules.push_back(std::move(m));
  }
}

} // namespace rwd::yaml::argo
