// This file implements the policy variants of `rewind tune`: settings resolved in the AST, plans of
// edited policies, and the lines to change.
#include "compiler/driver/policy_variants.h"

#include "compiler/lower/lower.h"
#include "compiler/plan/plan_verifier.h"
#include "compiler/sema/checker.h"
#include "compiler/sema/values.h"
#include "compiler/support/duration.h"

#include <algorithm>
#include <fmt/format.h>
#include <functional>
#include <map>

namespace rwd::driver {

namespace {

using Field = std::optional<ast::Spanned<int64_t>> ast::Metric::*;

Field fieldMember(MetricField field) {
  switch (field) {
  case MetricField::FailureLimit: return &ast::Metric::failureLimit;
  case MetricField::InconclusiveLimit: return &ast::Metric::inconclusiveLimit;
  case MetricField::ConsecutiveErrorLimit: return &ast::Metric::consecutiveErrorLimit;
  case MetricField::ConsecutiveSuccessLimit: return &ast::Metric::consecutiveSuccessLimit;
  case MetricField::Count: return &ast::Metric::count;
  case MetricField::Interval: return &ast::Metric::interval;
  case MetricField::InitialDelay: return &ast::Metric::initialDelay;
  }
  return &ast::Metric::count;
}

bool isDurationField(MetricField field) { return field == MetricField::Interval || field == MetricField::InitialDelay; }

/// What an absent field means (Argo's defaults), or nullopt when absence has no single value.
std::optional<int64_t> defaultOf(MetricField field) {
  switch (field) {
  case MetricField::FailureLimit:
  case MetricField::InconclusiveLimit:
  case MetricField::ConsecutiveSuccessLimit:
  case MetricField::InitialDelay: return 0;
  case MetricField::ConsecutiveErrorLimit: return 4;
  case MetricField::Count:
  case MetricField::Interval: return std::nullopt;
  }
  return std::nullopt;
}

/// The field's integer (milliseconds for a duration) from a setting value.
int64_t fieldValue(MetricField field, const SettingValue &value) {
  return isDurationField(field) ? value.literal.millis : static_cast<int64_t>(value.literal.number);
}

/// Every run of the plan: steps, background, experiments, pre- and post-promotion.
void forEachRun(const plan::Plan &plan, const std::function<void(const plan::Run &)> &visit) {
  for (const plan::Step &step : plan.canary.steps) {
    if (step.analysis) visit(*step.analysis);
    if (step.experiment)
      for (const plan::ExperimentAnalysis &analysis : step.experiment->analyses) visit(analysis.run);
  }
  for (const std::optional<plan::Run> *run :
       {&plan.canary.background, &plan.blueGreen.prePromotion, &plan.blueGreen.postPromotion})
    if (*run) visit(**run);
}

bool usedInConditions(const ast::Analysis &analysis, const std::string &parameter) {
  std::function<bool(const expr::Expr &)> uses = [&](const expr::Expr &e) {
    if (e.kind == expr::ExprKind::Member && e.text == parameter && e.child(0) &&
        e.child(0)->kind == expr::ExprKind::Identifier && e.child(0)->text == "args")
      return true;
    for (const auto &child : e.children)
      if (child && uses(*child)) return true;
    return false;
  };
  for (const ast::Metric &metric : analysis.metrics)
    for (const std::optional<ast::Condition> *condition : {&metric.success, &metric.failure})
      if (*condition && (*condition)->expr && uses(*(*condition)->expr)) return true;
  return false;
}

std::optional<SettingKind> parameterKind(const ast::Parameter &parameter) {
  switch (sema::parseParamType(parameter.type.value).value_or(plan::ParamType::String)) {
  case plan::ParamType::Number: return SettingKind::Number;
  case plan::ParamType::Duration: return SettingKind::Duration;
  case plan::ParamType::String: return SettingKind::String;
  case plan::ParamType::Bool: return SettingKind::Bool;
  }
  return std::nullopt;
}

std::string available(const std::vector<std::string> &names) {
  std::string out;
  for (const std::string &name : names) out += fmt::format("{}`{}`", out.empty() ? "" : ", ", name);
  return out.empty() ? "none" : out;
}

bool isYamlFile(const SourceManager &sources, SourceRange range) {
  return range.valid() && isYamlPath(sources.file(range.file).path());
}

/// A string literal as `.rwd` writes it.
std::string quoted(const std::string &text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

/// The new spelling of a parameter default at `range` (its literal): the language's literal in a
/// `.rwd` file; in YAML the value Argo substitutes, quoted as the old value was.
std::string spellParameter(const SourceManager &sources, SourceRange range, const SettingValue &value) {
  const ast::Literal &literal = value.literal;
  if (!isYamlFile(sources, range)) {
    switch (literal.kind) {
    case ast::Literal::Kind::String: return quoted(literal.text);
    case ast::Literal::Kind::Duration: return formatDuration(literal.millis);
    default: return value.text;
    }
  }
  std::string text = sema::literalValue(literal).text;
  std::string_view old = sources.file(range.file).text().substr(range.begin, range.end - range.begin);
  if (!old.empty() && (old.front() == '"' || old.front() == '\'')) return old.front() + text + old.front();
  return text;
}

/// The new spelling of a metric field's value at `range`.
std::string spellField(const SourceManager &sources, SourceRange range, MetricField field, int64_t value) {
  bool yaml = isYamlFile(sources, range);
  if (isDurationField(field)) return yaml ? formatGoDuration(value) : formatDuration(value);
  if (!yaml && field == MetricField::FailureLimit && value == -1) return "none";
  return std::to_string(value);
}

/// The statement that sets an absent field: `failure limit 2` in `.rwd`, `failureLimit: 2` in YAML.
std::string fieldStatement(bool yaml, MetricField field, const std::string &value) {
  static const std::map<MetricField, std::pair<const char *, const char *>> kSpelling = {
      {MetricField::FailureLimit, {"failure limit", "failureLimit"}},
      {MetricField::InconclusiveLimit, {"inconclusive limit", "inconclusiveLimit"}},
      {MetricField::ConsecutiveErrorLimit, {"error limit", "consecutiveErrorLimit"}},
      {MetricField::ConsecutiveSuccessLimit, {"success streak", "consecutiveSuccessLimit"}},
      {MetricField::Count, {"count", "count"}},
      {MetricField::Interval, {"every", "interval"}},
      {MetricField::InitialDelay, {"initial delay", "initialDelay"}},
  };
  const auto &[rwd, argo] = kSpelling.at(field);
  return yaml ? fmt::format("{}: {}", argo, value) : fmt::format("{} {}", rwd, value);
}

/// Saves the AST slots a variant changes and puts them back when it goes out of scope.
class AstRestorer {
public:
  explicit AstRestorer(const std::vector<TunedSetting> &settings) {
    for (const TunedSetting &s : settings) {
      if (s.parameter) parameters_.emplace_back(s.parameter, s.parameter->defaultValue);
      if (s.metric) fields_.emplace_back(s.metric, fieldMember(*s.spec.field), s.metric->*fieldMember(*s.spec.field));
    }
  }
  ~AstRestorer() {
    // In reverse, so that a slot set by two settings gets its first saved (original) value back.
    for (auto it = parameters_.rbegin(); it != parameters_.rend(); ++it) std::get<0>(*it)->defaultValue = std::get<1>(*it);
    for (auto it = fields_.rbegin(); it != fields_.rend(); ++it) std::get<0>(*it)->*std::get<1>(*it) = std::get<2>(*it);
  }
  AstRestorer(const AstRestorer &) = delete;
  AstRestorer &operator=(const AstRestorer &) = delete;

private:
  std::vector<std::pair<ast::Parameter *, std::optional<ast::Literal>>> parameters_;
  std::vector<std::tuple<ast::Metric *, Field, std::optional<ast::Spanned<int64_t>>>> fields_;
};

} // namespace

std::optional<TunedSetting> resolveSetting(FrontendResult &frontend, const SettingSpec &spec, std::string &error) {
  TunedSetting setting;
  setting.spec = spec;
  std::vector<std::string> analyses;
  for (auto &file : frontend.files)
    for (ast::Analysis &analysis : file->analyses) {
      analyses.push_back(analysis.name.value);
      if (!setting.analysis && analysis.name.value == spec.analysis) setting.analysis = &analysis;
    }
  if (!setting.analysis) {
    error = fmt::format("the policy has no analysis `{}`; it has {}", spec.analysis, available(analyses));
    return std::nullopt;
  }
  const plan::Plan &plan = *frontend.plan;
  auto used = std::find_if(plan.templates.begin(), plan.templates.end(),
                           [&](const plan::Template &t) { return t.name == spec.analysis; });
  if (used == plan.templates.end()) {
    error = fmt::format("the rollout never uses analysis `{}`, so no replay depends on it", spec.analysis);
    return std::nullopt;
  }
  setting.planTemplate = static_cast<size_t>(used - plan.templates.begin());

  if (spec.field) {
    std::vector<std::string> metrics;
    for (ast::Metric &metric : setting.analysis->metrics) {
      metrics.push_back(metric.name.value);
      if (!setting.metric && metric.name.value == *spec.metric) setting.metric = &metric;
    }
    if (!setting.metric) {
      error = fmt::format("analysis `{}` has no metric `{}`; it has {}", spec.analysis, *spec.metric, available(metrics));
      return std::nullopt;
    }
    setting.kind = isDurationField(*spec.field) ? SettingKind::Duration : SettingKind::Integer;
  } else {
    std::vector<std::string> names;
    for (ast::Parameter &parameter : setting.analysis->parameters) {
      names.push_back(parameter.name.value);
      if (!setting.parameter && parameter.name.value == spec.parameter) setting.parameter = &parameter;
    }
    if (!setting.parameter) {
      error = fmt::format("analysis `{}` has no parameter `{}`; it has {}", spec.analysis, spec.parameter, available(names));
      return std::nullopt;
    }
    if (setting.parameter->secret) {
      error = fmt::format("parameter `{}` of analysis `{}` is read from a Secret; it has no default to vary",
                          spec.parameter, spec.analysis);
      return std::nullopt;
    }
    bool defaultUsed = false;
    forEachRun(plan, [&](const plan::Run &run) {
      if (std::find(run.templates.begin(), run.templates.end(), setting.planTemplate) == run.templates.end()) return;
      defaultUsed |= std::none_of(run.arguments.begin(), run.arguments.end(),
                                  [&](const plan::Argument &a) { return a.name == spec.parameter; });
    });
    if (!defaultUsed) {
      error = fmt::format("every use of analysis `{}` passes `{}` explicitly, so its default is never used; "
                          "change the argument in the rollout instead",
                          spec.analysis, spec.parameter);
      return std::nullopt;
    }
    if (!usedInConditions(*setting.analysis, spec.parameter)) {
      error = fmt::format("parameter `{}` of analysis `{}` appears in no condition; a replay answers every "
                          "query from the trace, so its value changes nothing",
                          spec.parameter, spec.analysis);
      return std::nullopt;
    }
    setting.kind = *parameterKind(*setting.parameter);
  }
  std::optional<std::vector<SettingValue>> values = expandSettingValues(spec.values, setting.kind, error);
  if (!values) return std::nullopt;
  if (spec.field)
    for (const SettingValue &value : *values) {
      int64_t n = fieldValue(*spec.field, value);
      int64_t min = *spec.field == MetricField::FailureLimit ? -1 : 0;
      if (n < min) {
        error = fmt::format("`{}` is below the least {} ({})", value.text, metricFieldName(*spec.field), min);
        return std::nullopt;
      }
    }
  setting.values = std::move(*values);
  return setting;
}

std::optional<plan::Plan> lowerVariant(FrontendResult &frontend, const std::vector<TunedSetting> &settings,
                                       const std::vector<size_t> &choice, std::string &error) {
  AstRestorer restore(settings);
  for (size_t i = 0; i < settings.size(); ++i) {
    const TunedSetting &s = settings[i];
    const SettingValue &value = s.values[choice[i]];
    if (s.parameter) {
      ast::Literal literal = value.literal;
      literal.range = s.parameter->defaultValue ? s.parameter->defaultValue->range : s.parameter->range;
      s.parameter->defaultValue = std::move(literal);
    } else {
      auto &slot = s.metric->*fieldMember(*s.spec.field);
      int64_t n = fieldValue(*s.spec.field, value);
      // An absent field at its default stays absent, as policyEdits leaves it: the same policy.
      if (!slot && defaultOf(*s.spec.field) == n) continue;
      slot = ast::Spanned<int64_t>{n, slot ? slot->range : s.metric->range};
    }
  }
  std::vector<const ast::PolicyFile *> files;
  for (const auto &file : frontend.files) files.push_back(file.get());
  DiagnosticEngine diags;
  std::optional<sema::CheckedPolicy> checked = sema::checkPolicy(files, diags, {});
  std::optional<plan::Plan> plan;
  if (checked && checked->rollout) {
    plan = lower::lowerToPlan(*checked);
    if (!plan::verifyPlan(*plan, diags)) plan.reset();
  }
  if (!plan || diags.hasErrors()) {
    for (const Diagnostic &d : diags.sorted())
      if (d.severity == Severity::Error) {
        error = d.message;
        break;
      }
    return std::nullopt;
  }
  return plan;
}

std::vector<LineEdit> policyEdits(const SourceManager &sources, const std::vector<TunedSetting> &settings,
                                  const std::vector<size_t> &choice) {
  struct Replacement {
    SourceRange range;
    std::string text;
  };
  std::map<std::pair<FileId, uint32_t>, std::vector<Replacement>> changed; // by file and line
  std::vector<std::pair<SourceRange, LineEdit>> added;
  for (size_t i = 0; i < settings.size(); ++i) {
    const TunedSetting &s = settings[i];
    const SettingValue &value = s.values[choice[i]];
    Replacement replacement;
    if (s.parameter) {
      const ast::Literal &old = *s.parameter->defaultValue; // resolveSetting saw it used
      if (sema::literalValue(old).text == sema::literalValue(value.literal).text) continue;
      replacement = {old.range, spellParameter(sources, old.range, value)};
    } else {
      MetricField field = *s.spec.field;
      int64_t n = fieldValue(field, value);
      const std::optional<ast::Spanned<int64_t>> &slot = s.metric->*fieldMember(field);
      if (slot ? slot->value == n : defaultOf(field) == n) continue;
      if (!slot) {
        const SourceFile &file = sources.file(s.metric->range.file);
        LineColumn at = file.lineColumn(s.metric->range.begin);
        std::string_view line = file.lineText(at.line);
        bool yaml = isYamlPath(file.path());
        // `.rwd`: one level inside `metric NAME {`; YAML: beside the metric's first key.
        std::string indent = yaml ? std::string(at.column - 1, ' ')
                                  : std::string(line.substr(0, line.find_first_not_of(" \t"))) + "  ";
        LineEdit edit{file.path(), at.line, "", indent + fieldStatement(yaml, field, spellField(sources, s.metric->range, field, n)),
                      fmt::format("add to metric `{}`", s.metric->name.value), std::string(line)};
        added.emplace_back(s.metric->range, std::move(edit));
        continue;
      }
      bool wholeStatement = field == MetricField::FailureLimit && slot->value == -1 && !isYamlFile(sources, slot->range);
      std::string spelled = spellField(sources, slot->range, field, n);
      // `failure limit none` keeps the range of the whole statement.
      replacement = {slot->range, wholeStatement ? "failure limit " + spelled : spelled};
    }
    const SourceFile &file = sources.file(replacement.range.file);
    changed[{replacement.range.file, file.lineColumn(replacement.range.begin).line}].push_back(replacement);
  }
  std::vector<std::pair<SourceRange, LineEdit>> edits = std::move(added);
  for (auto &[where, replacements] : changed) {
    const SourceFile &file = sources.file(where.first);
    uint32_t lineStart = file.lineStart(where.second);
    std::string before(file.lineText(where.second)), after = before;
    std::sort(replacements.begin(), replacements.end(),
              [](const Replacement &a, const Replacement &b) { return a.range.begin > b.range.begin; });
    for (const Replacement &r : replacements) {
      uint32_t begin = r.range.begin - lineStart;
      uint32_t end = std::min<uint32_t>(r.range.end - lineStart, static_cast<uint32_t>(after.size()));
      after.replace(begin, end - begin, r.text);
    }
    edits.emplace_back(SourceRange{where.first, lineStart, lineStart},
                       LineEdit{file.path(), where.second, std::move(before), std::move(after), "", ""});
  }
  std::stable_sort(edits.begin(), edits.end(), [](const auto &a, const auto &b) {
    return std::tie(a.first.file, a.second.line) < std::tie(b.first.file, b.second.line);
  });
  std::vector<LineEdit> out;
  for (auto &[range, edit] : edits) out.push_back(std::move(edit));
  return out;
}

} // namespace rwd::driver
