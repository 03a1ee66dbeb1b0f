// This file implements the parsing of `--vary SETTING=VALUES` and the expansion of its values.
#include "compiler/driver/setting_values.h"

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/parse/parser.h"
#include "compiler/source/source_manager.h"
#include "compiler/support/duration.h"

#include <charconv>
#include <fmt/format.h>
#include <set>

namespace rwd::driver {

namespace {

constexpr MetricField kFields[] = {MetricField::FailureLimit,          MetricField::InconclusiveLimit,
                                   MetricField::ConsecutiveErrorLimit, MetricField::ConsecutiveSuccessLimit,
                                   MetricField::Count,                 MetricField::Interval,
                                   MetricField::InitialDelay};

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::optional<int64_t> parseInteger(std::string_view text) {
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

/// A number value read by the policy language's own lexer and literal rules (`5`, `0.05`, `5%`),
/// so that its double is bit for bit the one the same text in a policy gives.
std::optional<ast::Literal> readNumber(std::string_view text) {
  SourceManager sources;
  FileId id = sources.addBuffer("--vary", std::string(text));
  DiagnosticEngine diags;
  expr::ExprPtr e = parse::parseExpression(sources.file(id), 0, static_cast<uint32_t>(text.size()), diags);
  if (!e || diags.hasErrors()) return std::nullopt;
  ast::Literal literal;
  literal.text = std::string(text);
  if (e->kind == expr::ExprKind::Int) {
    literal.kind = ast::Literal::Kind::Int;
    literal.number = static_cast<double>(e->intValue);
  } else if (e->kind == expr::ExprKind::Float && e->unit == expr::LiteralUnit::None) {
    literal.kind = ast::Literal::Kind::Float;
    literal.number = e->floatValue;
  } else if (e->kind == expr::ExprKind::Float && e->unit == expr::LiteralUnit::Percent) {
    literal.kind = ast::Literal::Kind::Percent;
    literal.number = e->floatValue;
  } else {
    return std::nullopt;
  }
  return literal;
}

/// One value of `kind` from its text.
std::optional<SettingValue> readValue(std::string_view text, SettingKind kind, std::string &error) {
  SettingValue value;
  value.text = std::string(text);
  value.literal.text = value.text;
  switch (kind) {
  case SettingKind::Integer: {
    std::optional<int64_t> n = text == "none" ? std::optional<int64_t>(-1) : parseInteger(text);
    if (!n) break;
    value.literal.kind = ast::Literal::Kind::Int;
    value.literal.number = static_cast<double>(*n);
    return value;
  }
  case SettingKind::Duration: {
    std::string why;
    std::optional<int64_t> millis = parseDuration(text, &why);
    if (!millis) {
      error = fmt::format("`{}` is not a duration: {}", text, why);
      return std::nullopt;
    }
    value.literal.kind = ast::Literal::Kind::Duration;
    value.literal.millis = *millis;
    return value;
  }
  case SettingKind::Number:
    if (std::optional<ast::Literal> literal = readNumber(text)) {
      value.literal = *literal;
      return value;
    }
    break;
  case SettingKind::String:
    value.literal.kind = ast::Literal::Kind::String;
    return value;
  case SettingKind::Bool:
    if (text != "true" && text != "false") break;
    value.literal.kind = ast::Literal::Kind::Bool;
    value.literal.boolean = text == "true";
    return value;
  }
  static constexpr const char *kExpected[] = {"a whole number", "a duration", "a number such as 5, 0.05 or 5%",
                                              "a string", "true or false"};
  error = fmt::format("`{}` is not {}", text, kExpected[static_cast<int>(kind)]);
  return std::nullopt;
}

/// A decimal written without exponent (`12`, `0.25`), scaled to an integer with `scale` digits after
/// the point; nullopt when it is no such decimal or does not fit.
std::optional<int64_t> scaledDecimal(std::string_view text, size_t scale) {
  size_t dot = text.find('.');
  std::string digits(text.substr(0, dot));
  std::string fraction(dot == std::string_view::npos ? "" : text.substr(dot + 1));
  if (digits.empty() || fraction.size() > scale || (dot != std::string_view::npos && fraction.empty()))
    return std::nullopt;
  digits += fraction + std::string(scale - fraction.size(), '0');
  if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 17) return std::nullopt;
  return parseInteger(digits);
}

/// `scaled` with `scale` digits after the point, without trailing zeros (`250`, 2 → `2.5`).
std::string formatScaled(int64_t scaled, size_t scale) {
  std::string digits = std::to_string(scaled);
  if (scale == 0) return digits;
  if (digits.size() <= scale) digits.insert(0, scale + 1 - digits.size(), '0');
  std::string out = digits.substr(0, digits.size() - scale) + "." + digits.substr(digits.size() - scale);
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out;
}

/// The texts of the inclusive range LO..HI/STEP, for integers, durations or decimals.
std::optional<std::vector<std::string>> rangeTexts(std::string_view lo, std::string_view hi,
                                                   std::string_view step, SettingKind kind, std::string &error) {
  int64_t from = 0, to = 0, by = 0;
  std::vector<std::string> texts;
  auto count = [&]() -> std::optional<size_t> {
    if (by <= 0) {
      error = "the step of a range must be greater than 0";
      return std::nullopt;
    }
    if (to < from) {
      error = "a range goes from its low value up to its high value";
      return std::nullopt;
    }
    uint64_t n = (static_cast<uint64_t>(to) - static_cast<uint64_t>(from)) / static_cast<uint64_t>(by) + 1;
    if (n > kMaxSettingValues) {
      error = fmt::format("the range has {} values; a setting takes at most {}", n, kMaxSettingValues);
      return std::nullopt;
    }
    return static_cast<size_t>(n);
  };
  if (kind == SettingKind::Integer || kind == SettingKind::Duration) {
    std::string why;
    auto read = [&](std::string_view text) {
      return kind == SettingKind::Integer ? parseInteger(text) : parseDuration(text, &why);
    };
    std::optional<int64_t> a = read(lo), b = read(hi), c = read(step);
    if (!a || !b || !c) {
      error = fmt::format("`{}..{}/{}` is not a range of {}", lo, hi, step,
                          kind == SettingKind::Integer ? "whole numbers" : "durations");
      return std::nullopt;
    }
    from = *a, to = *b, by = *c;
    std::optional<size_t> n = count();
    if (!n) return std::nullopt;
    for (size_t i = 0; i < *n; ++i) {
      int64_t v = from + static_cast<int64_t>(i) * by;
      texts.push_back(kind == SettingKind::Integer ? std::to_string(v) : formatDuration(v));
    }
    return texts;
  }
  if (kind != SettingKind::Number) {
    error = "only numbers and durations have ranges; list the values (a,b,c)";
    return std::nullopt;
  }
  // Decimal numbers, each optionally a percentage (all three alike), in exact scaled integers.
  bool percent = !lo.empty() && lo.back() == '%';
  for (std::string_view *part : {&lo, &hi, &step}) {
    if ((!part->empty() && part->back() == '%') != percent) {
      error = "the low value, high value and step of a range are all percentages, or none is";
      return std::nullopt;
    }
    if (percent) part->remove_suffix(1);
  }
  size_t scale = 0;
  for (std::string_view part : {lo, hi, step})
    if (size_t dot = part.find('.'); dot != std::string_view::npos) scale = std::max(scale, part.size() - dot - 1);
  std::optional<int64_t> a = scaledDecimal(lo, scale), b = scaledDecimal(hi, scale), c = scaledDecimal(step, scale);
  if (!a || !b || !c) {
    error = fmt::format("`{}..{}/{}` is not a range of decimal numbers", lo, hi, step);
    return std::nullopt;
  }
  from = *a, to = *b, by = *c;
  std::optional<size_t> n = count();
  if (!n) return std::nullopt;
  for (size_t i = 0; i < *n; ++i)
    texts.push_back(formatScaled(from + static_cast<int64_t>(i) * by, scale) + (percent ? "%" : ""));
  return texts;
}

} // namespace

std::string_view metricFieldName(MetricField field) {
  switch (field) {
  case MetricField::FailureLimit: return "failure-limit";
  case MetricField::InconclusiveLimit: return "inconclusive-limit";
  case MetricField::ConsecutiveErrorLimit: return "consecutive-error-limit";
  case MetricField::ConsecutiveSuccessLimit: return "consecutive-success-limit";
  case MetricField::Count: return "count";
  case MetricField::Interval: return "interval";
  case MetricField::InitialDelay: return "initial-delay";
  }
  return "";
}

std::optional<SettingSpec> parseSettingSpec(std::string_view text, std::string &error) {
  size_t equals = text.find('=');
  if (equals == std::string_view::npos) {
    error = fmt::format("expected SETTING=VALUES, found `{}`", text);
    return std::nullopt;
  }
  SettingSpec spec;
  spec.name = std::string(trim(text.substr(0, equals)));
  spec.values = std::string(trim(text.substr(equals + 1)));
  size_t dot = spec.name.rfind('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == spec.name.size()) {
    error = fmt::format("`{}` names no setting: write ANALYSIS.PARAM or ANALYSIS/METRIC.FIELD", spec.name);
    return std::nullopt;
  }
  std::string owner = spec.name.substr(0, dot), member = spec.name.substr(dot + 1);
  size_t slash = owner.find('/');
  if (slash == std::string::npos) {
    spec.analysis = owner;
    spec.parameter = member;
  } else {
    spec.analysis = owner.substr(0, slash);
    spec.metric = owner.substr(slash + 1);
    for (MetricField field : kFields)
      if (metricFieldName(field) == member) spec.field = field;
    if (!spec.field) {
      std::string known;
      for (MetricField field : kFields) known += fmt::format("{}{}", known.empty() ? "" : ", ", metricFieldName(field));
      error = fmt::format("`{}` is not a metric field that can be varied; the fields are {}", member, known);
      return std::nullopt;
    }
  }
  if (spec.analysis.empty() || (spec.metric && spec.metric->empty())) {
    error = fmt::format("`{}` names no setting: write ANALYSIS.PARAM or ANALYSIS/METRIC.FIELD", spec.name);
    return std::nullopt;
  }
  if (spec.values.empty()) {
    error = fmt::format("`{}` has no values", spec.name);
    return std::nullopt;
  }
  return spec;
}

std::optional<std::vector<SettingValue>> expandSettingValues(std::string_view values, SettingKind kind,
                                                             std::string &error) {
  std::vector<std::string> texts;
  size_t dots = values.find("..");
  if (dots != std::string_view::npos && values.find(',') == std::string_view::npos && kind != SettingKind::String) {
    size_t slash = values.find('/', dots);
    if (slash == std::string_view::npos) {
      error = fmt::format("a range needs a step: LO..HI/STEP, found `{}`", values);
      return std::nullopt;
    }
    std::optional<std::vector<std::string>> range =
        rangeTexts(trim(values.substr(0, dots)), trim(values.substr(dots + 2, slash - dots - 2)),
                   trim(values.substr(slash + 1)), kind, error);
    if (!range) return std::nullopt;
    texts = std::move(*range);
  } else {
    for (size_t start = 0;;) {
      size_t comma = values.find(',', start);
      texts.emplace_back(trim(values.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    if (texts.size() > kMaxSettingValues) {
      error = fmt::format("{} values; a setting takes at most {}", texts.size(), kMaxSettingValues);
      return std::nullopt;
    }
  }
  std::vector<SettingValue> out;
  std::set<std::string> seen;
  for (const std::string &text : texts) {
    if (text.empty()) {
      error = "a value is empty (two commas in a row, or one at an end)";
      return std::nullopt;
    }
    if (!seen.insert(text).second) {
      error = fmt::format("`{}` is given twice", text);
      return std::nullopt;
    }
    std::optional<SettingValue> value = readValue(text, kind, error);
    if (!value) return std::nullopt;
    out.push_back(std::move(*value));
  }
  return out;
}

} // namespace rwd::driver
