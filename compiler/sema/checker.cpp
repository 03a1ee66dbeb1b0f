// This file implements semantic checking of a policy: names, arguments, values, Argo's validation
// rules (pkg/apis/rollouts/validation, utils/analysis/factory.go ValidateMetric) and lints.
#include "compiler/sema/checker.h"

#include "compiler/plan/metric_validation.h"
#include "compiler/sema/condition_checker.h"
#include "compiler/sema/providers.h"
#include "compiler/sema/values.h"
#include "compiler/support/duration.h"
#include "compiler/support/go_duration.h"
#include "compiler/support/placeholders.h"

#include <fmt/format.h>
#include <functional>
#include <map>
#include <regex>
#include <set>

namespace rwd::sema {

namespace {

/// Argo's built-in notification triggers (shipped with templates), then the ones an admin can
/// define from the controller's event reasons (argo-semantics §9).
const std::set<std::string> kShippedTriggers = {
    "on-analysis-run-error",  "on-analysis-run-failed", "on-analysis-run-running",
    "on-rollout-aborted",     "on-rollout-completed",   "on-rollout-paused",
    "on-rollout-step-completed", "on-rollout-updated",  "on-scaling-replica-set"};
const std::set<std::string> kDefinableTriggers = {
    "on-analysis-run-inconclusive", "on-analysis-run-successful", "on-rollout-resumed",
    "on-rollout-retry", "on-traffic-weight-updated", "on-progress-deadline-exceeded"};

std::string typeNameOf(plan::ParamType t) { return std::string(plan::paramTypeName(t)); }

/// Argo fields Rewind models, with the syntax that sets each: an `argo { }` block may not set them.
using ModeledKeys = std::vector<std::pair<const char *, const char *>>;
const ModeledKeys kRolloutKeys = {
    {"replicas", "replicas N"}, {"minReadySeconds", "min ready D"},
    {"progressDeadlineSeconds", "progress deadline D"}, {"progressDeadlineAbort", "progress deadline D, abort"},
    {"rollbackWindow", "rollback window N"}, {"workloadRef", "workload deployment \"NAME\""},
    {"strategy", "canary { }` or `bluegreen { }"}};
const ModeledKeys kCanaryKeys = {
    {"canaryService", "canary service NAME"}, {"stableService", "stable service NAME"},
    {"trafficRouting", "traffic routing ROUTER { }"}, {"maxSurge", "max surge N"},
    {"maxUnavailable", "max unavailable N"}, {"scaleDownDelaySeconds", "scale-down after D"},
    {"abortScaleDownDelaySeconds", "abort scale-down after D"}, {"dynamicStableScale", "dynamic stable scale"},
    {"analysis", "background analyze NAME"}, {"steps", "weight N%`, `pause D`, `analyze NAME` and the other steps"}};
const ModeledKeys kBlueGreenKeys = {
    {"activeService", "active service NAME"}, {"previewService", "preview service NAME"},
    {"previewReplicaCount", "preview replicas N"}, {"autoPromotionEnabled", "promote manually"},
    {"autoPromotionSeconds", "promote after D"}, {"prePromotionAnalysis", "before promotion analyze NAME"},
    {"postPromotionAnalysis", "after promotion analyze NAME"}, {"scaleDownDelaySeconds", "scale-down after D"},
    {"abortScaleDownDelaySeconds", "abort scale-down after D"}};
const ModeledKeys kExperimentKeys = {
    {"duration", "experiment for D"}, {"templates", "replicaset NAME from stable"},
    {"analyses", "analyze NAME"}, {"dryRun", "with dry-run METRIC"}};
const ModeledKeys kReplicaSetKeys = {
    {"name", "replicaset NAME"}, {"specRef", "from stable` or `from canary"},
    {"replicas", "replicas N"}, {"weight", "weight N%"}};
const ModeledKeys kStepKeys = {
    {"setWeight", "weight N%"}, {"pause", "pause D` or `pause until promoted"}, {"analysis", "analyze NAME"},
    {"experiment", "experiment { }"}, {"setCanaryScale", "scale canary to N replicas"},
    {"setHeaderRoute", "header route \"NAME\" { }"}, {"setMirrorRoute", "mirror route \"NAME\" { }"}};

class PolicyChecker {
public:
  PolicyChecker(DiagnosticEngine &diags, const std::vector<const ast::PolicyFile *> &files)
      : diags_(diags), files_(files) {}

  std::optional<CheckedPolicy> run(const CheckOptions &options) {
    flaggerCanary_ = options.flaggerCanary;
    if (!checkSizeLimits()) return std::nullopt;
    CheckedPolicy result;
    for (const ast::PolicyFile *file : files_)
      for (const ast::Analysis &analysis : file->analyses)
        if (const ast::Analysis *previous = result.symbols.addAnalysis(analysis))
          diags_.report(DiagKind::DuplicateAnalysis, analysis.name.range, analysis.name.value)
              .note(DiagKind::PreviousDeclarationHere, previous->name.range);
    symbols_ = &result.symbols;

    for (const ast::PolicyFile *file : files_)
      for (const ast::Analysis &analysis : file->analyses) checkAnalysis(analysis);

    std::vector<const ast::Rollout *> rollouts;
    for (const ast::PolicyFile *file : files_)
      for (const ast::Rollout &rollout : file->rollouts) rollouts.push_back(&rollout);
    size_t declared = rollouts.size();
    if (!options.rollout.empty()) {
      auto chosen = std::find_if(rollouts.begin(), rollouts.end(),
                                 [&](const ast::Rollout *r) { return r->name.value == options.rollout; });
      if (chosen == rollouts.end()) {
        diags_.report(DiagKind::RolloutNotFound, SourceRange{}, options.rollout, rolloutNames(rollouts));
        return std::nullopt;
      }
      rollouts = {*chosen};
    }
    if (rollouts.empty() && options.requireRollout) diags_.report(DiagKind::NoRollout, SourceRange{});
    // Without `everyRollout` the first one is checked (the others are the error's).
    size_t checked = rollouts.size() > 1 && !options.everyRollout ? 1 : rollouts.size();
    if (checked < rollouts.size()) {
      auto report = diags_.report(DiagKind::SeveralRollouts, rollouts[1]->name.range, rolloutNames(rollouts));
      report.note(DiagKind::OtherRolloutHere, rollouts[0]->name.range);
    }
    if (checked > 0) {
      result.rollout = rollouts.front();
      result.rollouts.assign(rollouts.begin(), rollouts.begin() + static_cast<std::ptrdiff_t>(checked));
      for (const ast::Rollout *rollout : result.rollouts) checkRollout(*rollout);
      // An analysis the rollouts left unchecked may use is not unused (`--rollout` chose one).
      bool everyUseSeen = checked == declared;
      for (const auto &[name, analysis] : result.symbols.analyses())
        if (everyUseSeen && !used_.count(name) && !unresolvedUse_) // a misspelled use is reported already
          diags_.report(DiagKind::UnusedAnalysis, analysis->name.range, name);
    }
    if (diags_.hasErrors()) return std::nullopt;
    return result;
  }

private:
  /// `a`, `b` and `c`: the rollouts' names, for a diagnostic (the first ten).
  static std::string rolloutNames(const std::vector<const ast::Rollout *> &rollouts) {
    std::string names;
    size_t shown = std::min<size_t>(rollouts.size(), 10);
    for (size_t i = 0; i < shown; ++i) {
      if (i > 0) names += i + 1 == rollouts.size() ? " and " : ", ";
      names += "`" + rollouts[i]->name.value + "`";
    }
    if (rollouts.size() > shown) names += fmt::format(" and {} more", rollouts.size() - shown);
    return names.empty() ? std::string("none") : names;
  }

  bool flaggerCanary_ = false;
  /// Reports the first step, metric and analysis past its limit; false if any was.
  bool checkSizeLimits() {
    bool ok = true;
    size_t analyses = 0;
    for (const ast::PolicyFile *file : files_) {
      for (const ast::Rollout &rollout : file->rollouts)
        if (rollout.canary && rollout.canary->steps.size() > kMaxSteps) {
          diags_.report(DiagKind::TooManySteps, rollout.canary->steps[kMaxSteps].range,
                        rollout.name.value, kMaxSteps);
          ok = false;
        }
      for (const ast::Analysis &analysis : file->analyses) {
        if (analysis.metrics.size() > kMaxMetrics) {
          diags_.report(DiagKind::TooManyMetrics, analysis.metrics[kMaxMetrics].range,
                        analysis.name.value, kMaxMetrics);
          ok = false;
        }
        if (++analyses == kMaxAnalyses + 1) {
          diags_.report(DiagKind::TooManyAnalyses, analysis.name.range, kMaxAnalyses);
          ok = false;
        }
      }
    }
    return ok;
  }

  //===-- Analyses and metrics ---------------------------------------------===//

  void checkAnalysis(const ast::Analysis &analysis) {
    std::map<std::string, const ast::Parameter *> params;
    for (const ast::Parameter &p : analysis.parameters) {
      if (auto [it, inserted] = params.emplace(p.name.value, &p); !inserted)
        diags_.report(DiagKind::DuplicateParameter, p.name.range, p.name.value)
            .note(DiagKind::PreviousDeclarationHere, it->second->name.range);
      std::optional<plan::ParamType> type = parseParamType(p.type.value);
      if (!type) {
        diags_.report(DiagKind::UnknownParameterType, p.type.range, p.type.value);
        continue;
      }
      if (p.defaultValue && literalType(*p.defaultValue) != *type)
        diags_.report(DiagKind::ArgumentTypeMismatch, p.defaultValue->range, p.name.value,
                      typeNameOf(*type), typeNameOf(literalType(*p.defaultValue)));
      if (p.secret) {
        // Argo resolves a secretKeyRef to the Secret's string value (analysis/analysis.go).
        if (*type != plan::ParamType::String)
          diags_.report(DiagKind::SecretParamNotString, p.type.range, p.name.value, typeNameOf(*type));
        if (p.secret->name.value.empty())
          diags_.report(DiagKind::EmptySecretRef, p.secret->name.range, "name");
        if (p.secret->key.value.empty())
          diags_.report(DiagKind::EmptySecretRef, p.secret->key.range, "key");
      }
    }
    if (analysis.metrics.empty())
      diags_.report(DiagKind::EmptyAnalysis, analysis.name.range, analysis.name.value);
    std::map<std::string, const ast::Metric *> metrics;
    for (const ast::Metric &metric : analysis.metrics) {
      if (auto [it, inserted] = metrics.emplace(metric.name.value, &metric); !inserted)
        diags_.report(DiagKind::DuplicateMetric, metric.name.range, metric.name.value,
                      analysis.name.value)
            .note(DiagKind::PreviousDeclarationHere, it->second->name.range);
      checkMetric(analysis, metric);
    }
    // Which parameters does any metric reference?
    for (const ast::Parameter &p : analysis.parameters)
      if (!referencedParams_[&analysis].count(p.name.value))
        diags_.report(DiagKind::UnusedParameter, p.name.range, p.name.value, analysis.name.value);
  }

  /// Checks `{{...}}` placeholders in a provider string: each must be `{{args.NAME}}` of a
  /// declared parameter (argo-semantics §4).
  void checkPlaceholders(const ast::Analysis &analysis, const std::string &text, SourceRange where) {
    static const std::regex kPlaceholder(R"(\{\{\s*([^}]*?)\s*\}\})");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kPlaceholder);
         it != std::sregex_iterator(); ++it) {
      std::string inner = (*it)[1].str();
      SourceRange at = where; // the string holding the placeholder
      if (inner.rfind("args.", 0) == 0) {
        std::string name = inner.substr(5);
        referencedParams_[&analysis].insert(name);
        bool declared = false;
        for (const ast::Parameter &p : analysis.parameters) declared |= p.name.value == name;
        if (!declared) diags_.report(DiagKind::UnknownTemplateArg, at, name, analysis.name.value);
        continue;
      }
      // A metric read from (or written for) Flagger may use the variables Flagger's MetricTemplate
      // renders itself (metric.go TemplateFunctions).
      static const std::set<std::string> kFlaggerVariables = {"name", "namespace", "target", "service",
                                                              "ingress", "route", "interval"};
      bool forFlagger = false;
      for (const ast::Metric &m : analysis.metrics) forFlagger |= m.flagger.has_value();
      if (forFlagger && kFlaggerVariables.count(inner)) continue;
      auto report = diags_.report(DiagKind::UnresolvedPlaceholder, at, it->str());
      for (const ast::Parameter &p : analysis.parameters)
        if (p.name.value == inner) report.note(DiagKind::PlaceholderNeedsArgs, at, inner);
    }
  }

  void checkConfigPlaceholders(const ast::Analysis &analysis, const ast::ConfigValue &value) {
    switch (value.kind) {
    case ast::ConfigValue::Kind::Scalar:
      if (value.scalar.kind == ast::Literal::Kind::String)
        checkPlaceholders(analysis, value.scalar.text, value.scalar.range);
      break;
    case ast::ConfigValue::Kind::Object:
      for (const auto &[key, child] : value.entries) checkConfigPlaceholders(analysis, child);
      break;
    case ast::ConfigValue::Kind::List:
      for (const auto &child : value.items) checkConfigPlaceholders(analysis, child);
      break;
    }
  }

  void checkMetric(const ast::Analysis &analysis, const ast::Metric &metric) {
    const std::string &name = metric.name.value;
    // Provider: exactly one, known, with its required fields.
    if (metric.providers.empty())
      diags_.report(DiagKind::MissingProvider, metric.name.range, name);
    for (size_t i = 1; i < metric.providers.size(); ++i)
      diags_.report(DiagKind::DuplicateProvider, metric.providers[i].range, name)
          .note(DiagKind::PreviousSettingHere, metric.providers[0].range);
    const ProviderInfo *info = nullptr;
    if (!metric.providers.empty()) {
      const ast::Provider &provider = metric.providers.front();
      info = findProvider(provider.kind.value);
      if (!info) {
        auto report = diags_.report(DiagKind::UnknownProvider, provider.kind.range, provider.kind.value);
        std::string best;
        size_t bestDistance = 3;
        for (const char *candidate : {"prometheus", "datadog", "newRelic", "wavefront", "web", "job",
                                      "kayenta", "cloudWatch", "graphite", "influxdb", "skywalking",
                                      "plugin"})
          if (size_t d = editDistance(provider.kind.value, candidate); d < bestDistance) {
            bestDistance = d;
            best = candidate;
          }
        if (!best.empty()) report.suggest(provider.kind.range, best);
      } else if (provider.config) {
        for (const auto &alternatives : info->required) {
          bool found = false;
          for (const char *field : alternatives) {
            for (const auto &[key, _] : provider.config->entries) found |= key.value == field;
            // A Prometheus query read from Argo YAML sits in its own slot beside the other settings.
            found |= std::string_view(field) == "query" && provider.query.has_value();
          }
          if (!found) diags_.report(DiagKind::ProviderFieldMissing, provider.range, info->name, alternatives[0]);
        }
      }
      if (provider.query) checkPlaceholders(analysis, provider.query->value, provider.query->range);
      if (provider.address) checkPlaceholders(analysis, provider.address->value, provider.address->range);
      if (provider.config) checkConfigPlaceholders(analysis, *provider.config);
    }
    // Unit and shape.
    std::string unit;
    if (metric.unit) {
      if (auto canonical = canonicalUnit(metric.unit->value)) unit = *canonical;
      else diags_.report(DiagKind::UnknownUnit, metric.unit->range, metric.unit->value, knownUnitList());
    }
    if (metric.returns && metric.returns->value != "vector" && metric.returns->value != "scalar")
      diags_.report(DiagKind::UnknownResultShape, metric.returns->range, metric.returns->value);
    plan::ResultShape shape = resultShapeOf(metric);

    // Conditions.
    if (shape == plan::ResultShape::None) {
      for (const auto *cond : {&metric.success, &metric.failure})
        if (*cond) diags_.report(DiagKind::ConditionsIgnored, (*cond)->range, metric.providers.front().kind.value);
    } else {
      ConditionContext context;
      context.shape = shape;
      context.unit = unit;
      context.metricName = analysis.name.value;
      context.noDataIsFailedCheck = flaggerCanary_;
      for (const ast::Parameter &p : analysis.parameters)
        if (auto type = parseParamType(p.type.value)) context.parameters[p.name.value] = *type;
      for (const auto *cond : {&metric.success, &metric.failure})
        if (*cond && (*cond)->expr) { // Argo YAML that does not compile was reported when read
          checkCondition(*(*cond)->expr, context, diags_);
          std::function<void(const expr::Expr &)> collect = [&](const expr::Expr &e) {
            if (e.kind == expr::ExprKind::Member && e.children[0] &&
                e.children[0]->kind == expr::ExprKind::Identifier && e.children[0]->text == "args" &&
                !e.children[0]->argoUnbound)
              referencedParams_[&analysis].insert(e.text);
            for (const auto &c : e.children)
              if (c) collect(*c);
          };
          collect(*(*cond)->expr);
        }
      if (!metric.success && !metric.failure && info)
        diags_.report(DiagKind::NoConditions, metric.name.range, name);
    }

    checkTextSettings(analysis, metric);
    // Argo's ValidateMetric (utils/analysis/factory.go).
    int64_t count = metric.count ? metric.count->value : 0;
    int64_t failureLimit = metric.failureLimit ? metric.failureLimit->value : 0;
    int64_t inconclusiveLimit = metric.inconclusiveLimit ? metric.inconclusiveLimit->value : 0;
    int64_t successLimit = metric.consecutiveSuccessLimit ? metric.consecutiveSuccessLimit->value : 0;
    auto negative = [&](const std::optional<ast::Spanned<int64_t>> &limit, const char *field, int64_t min,
                        const char *expected) {
      if (limit && limit->value < min) diags_.report(DiagKind::ArgoInvalidLimit, limit->range, field, expected, limit->value);
    };
    negative(metric.failureLimit, "failureLimit", -1, ">= 0, or -1 to disable it");
    negative(metric.inconclusiveLimit, "inconclusiveLimit", 0, ">= 0");
    negative(metric.consecutiveErrorLimit, "consecutiveErrorLimit", 0, ">= 0");
    negative(metric.consecutiveSuccessLimit, "consecutiveSuccessLimit", 0, ">= 0");
    bool intervalText = false;
    for (const ast::TextSetting &setting : metric.textSettings) intervalText |= setting.field == "interval";
    if (count > 1 && !metric.interval && !intervalText)
      diags_.report(DiagKind::CountWithoutInterval, metric.count->range, name, count);
    if (metric.interval && metric.interval->value <= 0)
      diags_.report(DiagKind::ValueOutOfRange, metric.interval->range, "every", "longer than 0s",
                    formatDuration(metric.interval->value));
    if (failureLimit == -1 && successLimit == 0)
      diags_.report(DiagKind::FailureLimitNeedsSuccessStreak, metric.failureLimit->range);
    if (count > 0) {
      if (failureLimit >= 0 && count < failureLimit + successLimit)
        diags_.report(DiagKind::CountBelowLimits, metric.count->range, count,
                      fmt::format("failure limit + success streak ({} + {})", failureLimit, successLimit));
      else if (failureLimit < 0 && count < successLimit)
        diags_.report(DiagKind::CountBelowLimits, metric.count->range, count,
                      fmt::format("the success streak ({})", successLimit));
      if (count < inconclusiveLimit)
        diags_.report(DiagKind::CountBelowLimits, metric.count->range, count,
                      fmt::format("the inconclusive limit ({})", inconclusiveLimit));
      if (failureLimit >= count && successLimit == 0)
        diags_.report(DiagKind::MetricCanNeverFail, metric.failureLimit->range, name,
                      fmt::format("a metric fails when failures exceed the limit ({} > {}), but it "
                                  "takes only {} measurements",
                                  failureLimit + 1, failureLimit, count));
    }
    if (metric.inconclusiveLimit && !(metric.success && metric.failure) &&
        shape != plan::ResultShape::None)
      diags_.report(DiagKind::InconclusiveLimitUseless, metric.inconclusiveLimit->range);
  }

  /// Settings written as text: their placeholders name parameters; text without one is what Argo
  /// reads when a run starts (a count or limit that is not an integer is 0; a duration Go cannot
  /// parse puts the run in Error).
  void checkTextSettings(const ast::Analysis &analysis, const ast::Metric &metric) {
    for (const ast::TextSetting &setting : metric.textSettings) {
      const std::string &text = setting.text.value;
      checkPlaceholders(analysis, text, setting.text.range);
      if (text.find("{{") != std::string::npos) continue;
      if (setting.field == "interval" || setting.field == "initialDelay") {
        std::string error;
        if (!text.empty() && !parseGoDuration(text, &error))
          diags_.report(DiagKind::ArgoInvalidMetricDuration, setting.text.range, text, error);
      } else if (goIntValue(text) == 0 && text.find_first_not_of("+-0") != std::string::npos) {
        diags_.report(DiagKind::ArgoNotAnInteger, setting.text.range, text);
      }
    }
  }

  /// Settings written with placeholders, resolved with this use's literal arguments over the
  /// template's defaults as Argo does when it creates the run: what Argo reads as 0, and what its
  /// validation refuses (the run goes to Error; simulation replays it). A placeholder filled from
  /// the cluster (a pod template hash, a field) cannot be judged here.
  void checkResolvedSettings(const ast::Analysis &analysis, const ast::AnalysisRef &ref, size_t firstPosition) {
    std::map<std::string, std::string> values;
    for (const ast::Parameter &p : analysis.parameters)
      if (p.secret) values[p.name.value] = "temp-for-secret"; // getResolvedMetricsWithoutSecrets
      else if (p.defaultValue) values[p.name.value] = literalValue(*p.defaultValue).text;
    for (const ast::Argument &arg : ref.arguments) {
      if (arg.kind == ast::Argument::Kind::Literal) values[arg.name.value] = literalValue(arg.literal).text;
      else values.erase(arg.name.value);
    }
    for (size_t i = 0; i < analysis.metrics.size(); ++i) {
      const ast::Metric &metric = analysis.metrics[i];
      bool templated = false;
      for (const ast::TextSetting &setting : metric.textSettings)
        templated |= setting.text.value.find("{{") != std::string::npos;
      if (!templated) continue;
      auto value = [](const std::optional<ast::Spanned<int64_t>> &v) {
        return v ? std::optional<int64_t>(v->value) : std::nullopt;
      };
      plan::ArgoMetricSettings settings;
      settings.count = value(metric.count);
      settings.failureLimit = value(metric.failureLimit);
      settings.inconclusiveLimit = value(metric.inconclusiveLimit);
      settings.consecutiveErrorLimit = value(metric.consecutiveErrorLimit);
      settings.consecutiveSuccessLimit = value(metric.consecutiveSuccessLimit);
      settings.intervalMs = value(metric.interval);
      settings.initialDelayMs = value(metric.initialDelay);
      settings.providers = metric.providers.size();
      bool known = true;
      for (const ast::TextSetting &setting : metric.textSettings) {
        std::string resolved = substituteArgs(setting.text.value, values);
        known &= resolved.find("{{") == std::string::npos;
        plan::applyArgoText(settings, setting.field, resolved);
        bool integerField = setting.field != "interval" && setting.field != "initialDelay";
        if (known && integerField && resolved != setting.text.value && goIntValue(resolved) == 0 &&
            resolved.find_first_not_of("+-0") != std::string::npos)
          diags_.report(DiagKind::ArgoNotAnInteger, ref.range, resolved)
              .note(DiagKind::DeclaredHere, setting.text.range, setting.field);
      }
      if (!known) continue;
      if (std::optional<std::string> error = plan::validateArgoMetric(settings))
        diags_.report(DiagKind::ArgoRunSpecInvalid, ref.range, fmt::format("metrics[{}]: {}", firstPosition + i, *error))
            .note(DiagKind::DeclaredHere, metric.name.range, metric.name.value);
    }
  }

  /// Does the metric run indefinitely as Argo's Rollout validation sees it
  /// (validation_references.go ValidateAnalysisTemplateWithType)? It resolves text settings with
  /// the template's own defaults, `dummy-value` for the rest, and then asks EffectiveCount.
  static bool runsIndefinitely(const ast::Analysis &analysis, const ast::Metric &metric) {
    std::map<std::string, std::string> defaults;
    for (const ast::Parameter &p : analysis.parameters)
      defaults[p.name.value] = p.defaultValue && !p.secret ? literalValue(*p.defaultValue).text : "dummy-value";
    int64_t count = metric.count ? metric.count->value : 0;
    bool interval = metric.interval.has_value();
    for (const ast::TextSetting &setting : metric.textSettings) {
      std::string resolved = substituteArgs(setting.text.value, defaults);
      if (setting.field == "count") count = goIntValue(resolved);
      if (setting.field == "interval") interval = !resolved.empty();
    }
    return interval && count == 0;
  }

  //===-- Rollouts -----------------------------------------------------------===//

  /// Argo stores these settings as whole seconds (…Seconds fields); a fraction would be lost.
  void requireWholeSeconds(const std::optional<ast::Spanned<int64_t>> &value, const char *what) {
    if (value && value->value % 1000 != 0)
      diags_.report(DiagKind::ValueOutOfRange, value->range, what, "a whole number of seconds",
                    formatDuration(value->value));
  }

  void checkRollout(const ast::Rollout &rollout) {
    requireWholeSeconds(rollout.progressDeadline, "progress deadline");
    requireWholeSeconds(rollout.minReady, "min ready");
    if (rollout.canary) {
      requireWholeSeconds(rollout.canary->scaleDownDelay, "scale-down after");
      for (const ast::CanaryStep &step : rollout.canary->steps)
        if (step.kind == ast::StepKind::TimedPause)
          requireWholeSeconds(std::optional<ast::Spanned<int64_t>>(step.duration), "pause");
      if (rollout.canary->abortScaleDown && rollout.canary->abortScaleDown->millis % 1000)
        diags_.report(DiagKind::ValueOutOfRange, rollout.canary->abortScaleDown->range, "abort scale-down",
                      "a whole number of seconds", formatDuration(rollout.canary->abortScaleDown->millis));
    }
    if (rollout.blueGreen) {
      requireWholeSeconds(rollout.blueGreen->scaleDownDelay, "scale-down after");
      requireWholeSeconds(rollout.blueGreen->autoPromotionDelay, "promote after");
      if (rollout.blueGreen->abortScaleDown && rollout.blueGreen->abortScaleDown->millis % 1000)
        diags_.report(DiagKind::ValueOutOfRange, rollout.blueGreen->abortScaleDown->range, "abort scale-down",
                      "a whole number of seconds", formatDuration(rollout.blueGreen->abortScaleDown->millis));
    }
    if (!rollout.canary && !rollout.blueGreen)
      diags_.report(DiagKind::StrategyMissing, rollout.name.range, rollout.name.value);
    for (SourceRange extra : rollout.extraStrategies)
      diags_.report(DiagKind::SeveralStrategies, extra, rollout.name.value);
    // Argo compares with the default deadline (600 s) when none is written (validation.go).
    int64_t deadline = rollout.progressDeadline ? rollout.progressDeadline->value : 600'000;
    if (rollout.minReady && deadline <= rollout.minReady->value)
      diags_.report(DiagKind::ProgressDeadlineTooShort,
                    rollout.progressDeadline ? rollout.progressDeadline->range : rollout.minReady->range,
                    formatDuration(deadline) + (rollout.progressDeadline ? "" : ", the default"),
                    formatDuration(rollout.minReady->value));
    if (rollout.onRollback && rollout.onRollback->kind == ast::RollbackAction::Kind::UndoRevision &&
        rollout.onRollback->revision <= 0)
      diags_.report(DiagKind::RollbackRevisionInvalid, rollout.onRollback->range,
                    rollout.onRollback->revision);
    if (rollout.canary) checkCanary(*rollout.canary);
    if (rollout.blueGreen) checkBlueGreen(*rollout.blueGreen);
    if (rollout.extra) checkExtra(*rollout.extra, kRolloutKeys, "argo");
    if (rollout.workload) {
      const ast::Workload &w = *rollout.workload;
      if (w.scaleDown && w.scaleDown->value != "never" && w.scaleDown->value != "onsuccess" &&
          w.scaleDown->value != "progressively")
        diags_.report(DiagKind::UnknownWorkloadScaleDown, w.scaleDown->range, w.scaleDown->value);
      if (rollout.extra)
        for (const auto &[key, _] : rollout.extra->entries)
          if (key.value == "template")
            diags_.report(DiagKind::IncompatibleSettings, key.range,
                          "an inline pod template cannot be combined with `workload`; Argo requires "
                          "`template` to be empty for a workload reference")
                .note(DiagKind::PreviousSettingHere, w.range);
    }
    for (const ast::Notification &n : rollout.notifications)
      for (const auto &trigger : n.triggers) {
        if (flaggerCanary_) break; // alert severities; the Flagger backend checks them
        std::string full = trigger.value.rfind("on-", 0) == 0 ? trigger.value : "on-" + trigger.value;
        if (kShippedTriggers.count(full)) continue;
        if (kDefinableTriggers.count(full)) {
          diags_.report(DiagKind::TriggerWithoutTemplate, trigger.range, full, full);
          continue;
        }
        auto report = diags_.report(DiagKind::UnknownTrigger, trigger.range, trigger.value, full);
        std::string best;
        size_t bestDistance = 4;
        for (const auto *set : {&kShippedTriggers, &kDefinableTriggers})
          for (const auto &candidate : *set)
            if (size_t d = editDistance(full, candidate); d < bestDistance) {
              bestDistance = d;
              best = candidate.substr(3);
            }
        if (!best.empty()) report.note(DiagKind::DidYouMean, trigger.range, best);
      }
  }

  void checkCanary(const ast::Canary &canary) {
    if (canary.steps.empty()) diags_.report(DiagKind::EmptySteps, canary.range);
    const ast::CanaryStep *lastWeight = nullptr;
    double currentWeight = 0;
    for (size_t i = 0; i < canary.steps.size(); ++i) {
      const ast::CanaryStep &step = canary.steps[i];
      switch (step.kind) {
      case ast::StepKind::SetWeight:
        if (step.weight.value < 0 || step.weight.value > 100) {
          diags_.report(DiagKind::WeightOutOfRange, step.weight.range,
                        fmt::format("{}%", formatNumber(step.weight.value)));
          break;
        }
        if (step.weight.value != std::floor(step.weight.value))
          diags_.report(DiagKind::ValueOutOfRange, step.weight.range, "weight", "a whole percentage",
                        fmt::format("{}%", formatNumber(step.weight.value)));
        if (lastWeight && step.weight.value == lastWeight->weight.value)
          diags_.report(DiagKind::RedundantStep, step.range,
                        fmt::format("step {} sets the weight to {}% again", i,
                                    formatNumber(step.weight.value)))
              .note(DiagKind::PreviousWeightHere, lastWeight->range);
        else if (lastWeight && step.weight.value < lastWeight->weight.value)
          diags_.report(DiagKind::WeightDecreases, step.range, formatNumber(lastWeight->weight.value),
                        formatNumber(step.weight.value))
              .note(DiagKind::PreviousWeightHere, lastWeight->range);
        lastWeight = &step;
        currentWeight = step.weight.value;
        break;
      case ast::StepKind::TimedPause:
        if (step.duration.value == 0)
          diags_.report(DiagKind::RedundantStep, step.range,
                        fmt::format("step {} pauses for 0s, which does nothing", i));
        break;
      case ast::StepKind::ManualPause:
        if (step.timeout && step.timeout->value <= 0)
          diags_.report(DiagKind::ValueOutOfRange, step.timeout->range, "timeout", "longer than 0s",
                        formatDuration(step.timeout->value));
        break;
      case ast::StepKind::Analysis:
        checkAnalysisUse(step.analysis, "a step");
        if (currentWeight == 0) diags_.report(DiagKind::AnalysisWithoutTraffic, step.range);
        break;
      case ast::StepKind::Experiment:
        if (step.experiment) checkExperiment(*step.experiment, canary);
        break;
      case ast::StepKind::SetCanaryScale:
        if (step.scale.kind == ast::CanaryScale::Kind::Weight &&
            (step.scale.weight < 0 || step.scale.weight > 100))
          diags_.report(DiagKind::WeightOutOfRange, step.range,
                        fmt::format("{}%", formatNumber(step.scale.weight)));
        else if (step.scale.kind == ast::CanaryScale::Kind::Weight &&
                 step.scale.weight != std::floor(step.scale.weight))
          diags_.report(DiagKind::ValueOutOfRange, step.range, "scale canary to", "a whole percentage",
                        fmt::format("{}%", formatNumber(step.scale.weight)));
        // validation.go: InvalidSetCanaryScaleTrafficPolicy.
        if (!canary.trafficRouting) diags_.report(DiagKind::NeedsTrafficRouting, step.range, "`scale canary`");
        break;
      case ast::StepKind::HeaderRoute:
      case ast::StepKind::MirrorRoute:
        checkRouteStep(step, canary);
        break;
      case ast::StepKind::Passthrough:
        for (const auto &[key, syntax] : kStepKeys)
          if (step.routeName.value == key)
            diags_.report(DiagKind::ArgoKeyModeled, step.routeName.range, "argo step", key, syntax);
        break;
      }
    }
    if (canary.extra) checkExtra(*canary.extra, kCanaryKeys, "argo");
    if (canary.background) {
      checkAnalysisUse(*canary.background, "background");
      // Argo starts a background run only while steps remain (currentStepIndex < len(steps)), so
      // a starting step at or past the end — or a canary without steps — never runs it.
      int64_t starting = canary.backgroundStartingStep ? canary.backgroundStartingStep->value : 0;
      if (starting >= static_cast<int64_t>(canary.steps.size()))
        diags_.report(DiagKind::StartingStepOutOfRange,
                      canary.backgroundStartingStep ? canary.backgroundStartingStep->range
                                                    : canary.background->range,
                      starting, canary.steps.size());
    }
    for (const ast::IrreversibleMark &mark : canary.marks)
      if (mark.beforeStep >= canary.steps.size())
        diags_.report(DiagKind::IrreversibleAtEnd, mark.range);
    if (canary.abortScaleDown && !canary.abortScaleDown->never && canary.abortScaleDown->millis == 0)
      diags_.report(DiagKind::NeverScalesDown, canary.abortScaleDown->range);
    if (canary.stableService && canary.canaryService &&
        canary.stableService->value == canary.canaryService->value)
      diags_.report(DiagKind::SameServices, canary.canaryService->range, "stable service", "canary service");
    bool routed = canary.trafficRouting.has_value();
    static const std::set<std::string> kRouters = {"istio", "nginx", "alb", "smi", "ambassador",
                                                   "appMesh", "traefik", "apisix", "plugins"};
    if (routed && !kRouters.count(canary.trafficRouting->provider.value)) {
      auto report = diags_.report(DiagKind::IncompatibleSettings, canary.trafficRouting->provider.range,
                                  fmt::format("unknown traffic router `{}`; Argo knows istio, nginx, alb, smi, "
                                              "ambassador, appMesh, traefik, apisix and plugins",
                                              canary.trafficRouting->provider.value));
      for (const auto &candidate : kRouters)
        if (editDistance(canary.trafficRouting->provider.value, candidate) <= 2)
          report.suggest(canary.trafficRouting->provider.range, candidate);
    }
    if (canary.scaleDownDelay && !routed)
      diags_.report(DiagKind::NeedsTrafficRouting, canary.scaleDownDelay->range, "`scale-down after`");
    if (canary.dynamicStableScale && !routed)
      diags_.report(DiagKind::NeedsTrafficRouting, *canary.dynamicStableScale, "`dynamic stable scale`");
    if (canary.dynamicStableScale && canary.scaleDownDelay)
      diags_.report(DiagKind::IncompatibleSettings, *canary.dynamicStableScale,
                    "`dynamic stable scale` cannot be combined with `scale-down after`");
    // Argo needs both services for every router except plugins and Istio subset routing
    // (a destinationRule), where the subsets select the pods (validation.go).
    bool istioSubsets = false;
    if (routed && canary.trafficRouting->config)
      for (const auto &[key, _] : canary.trafficRouting->config->entries)
        istioSubsets |= canary.trafficRouting->provider.value == "istio" && key.value == "destinationRule";
    if (routed && canary.trafficRouting->provider.value != "plugins" && !istioSubsets) {
      if (!canary.canaryService)
        diags_.report(DiagKind::MissingService, canary.trafficRouting->range, "traffic routing",
                      "`canary service`");
      if (!canary.stableService)
        diags_.report(DiagKind::MissingService, canary.trafficRouting->range, "traffic routing",
                      "`stable service`");
    }
    if (canary.maxSurge && canary.maxUnavailable && canary.maxSurge->value == 0 &&
        canary.maxUnavailable->value == 0)
      diags_.report(DiagKind::IncompatibleSettings, canary.maxUnavailable->range,
                    "max surge and max unavailable cannot both be 0");
  }

  /// An `argo { }` block must not set a field Rewind models (the emitted YAML would hold it twice).
  void checkExtra(const ast::ConfigValue &extra, const ModeledKeys &modeled, const char *where) {
    for (const auto &[key, _] : extra.entries)
      for (const auto &[field, syntax] : modeled)
        if (key.value == field) diags_.report(DiagKind::ArgoKeyModeled, key.range, where, field, syntax);
  }

  /// Header and mirror routes (validation.go, ValidateRolloutStrategyCanary): a supporting router,
  /// and the route's name in `trafficRouting.managedRoutes`.
  void checkRouteStep(const ast::CanaryStep &step, const ast::Canary &canary) {
    bool header = step.kind == ast::StepKind::HeaderRoute;
    std::string what = header ? "`header route`" : "`mirror route`";
    if (!canary.trafficRouting) {
      diags_.report(DiagKind::NeedsTrafficRouting, step.range, what);
      return;
    }
    const std::string &router = canary.trafficRouting->provider.value;
    // validation.go: InvalidSetHeaderRouteTrafficPolicy, InvalidSetMirrorRouteTrafficPolicy.
    bool supported = header ? (router == "istio" || router == "alb" || router == "apisix" || router == "plugins")
                            : (router == "istio" || router == "plugins");
    if (!supported)
      diags_.report(DiagKind::RouterUnsupported, step.range, what,
                    header ? "istio, alb, apisix or plugins" : "istio or plugins", router);
    if (step.config)
      for (const auto &[key, _] : step.config->entries)
        if (key.value == "name")
          diags_.report(DiagKind::ArgoKeyModeled, key.range, header ? "header route" : "mirror route", "name",
                        header ? "header route \"NAME\"" : "mirror route \"NAME\"");
    const ast::ConfigValue *managed = nullptr;
    if (canary.trafficRouting->config)
      for (const auto &[key, value] : canary.trafficRouting->config->entries)
        if (key.value == "managedRoutes") managed = &value;
    if (!managed) {
      diags_.report(DiagKind::ManagedRoutesMissing, step.range, what);
      return;
    }
    bool found = false;
    for (const ast::ConfigValue &item : managed->items)
      for (const auto &[key, value] : item.entries)
        found |= key.value == "name" && value.kind == ast::ConfigValue::Kind::Scalar &&
                 value.scalar.text == step.routeName.value;
    if (!found)
      diags_.report(DiagKind::RouteNotManaged, step.routeName.range, step.routeName.value)
          .note(DiagKind::DeclaredHere, managed->range, "managedRoutes");
  }

  /// An experiment step: its ReplicaSets, and each analysis as its own AnalysisRun
  /// (rollout/experiment.go GetExperimentFromTemplate; validation.go for template weights).
  void checkExperiment(const ast::Experiment &e, const ast::Canary &canary) {
    std::map<std::string, const ast::ExperimentReplicaSet *> replicaSets;
    for (const ast::ExperimentReplicaSet &rs : e.replicaSets) {
      if (auto [it, inserted] = replicaSets.emplace(rs.name.value, &rs); !inserted)
        diags_.report(DiagKind::DuplicateReplicaSet, rs.name.range, rs.name.value)
            .note(DiagKind::PreviousDeclarationHere, it->second->name.range);
      if (rs.specRef.value != "stable" && rs.specRef.value != "canary")
        diags_.report(DiagKind::InvalidSpecRef, rs.specRef.range, rs.name.value, rs.specRef.value);
      if (rs.weight) {
        double w = rs.weight->value;
        if (w < 0 || w > 100)
          diags_.report(DiagKind::WeightOutOfRange, rs.weight->range, fmt::format("{}%", formatNumber(w)));
        else if (w != std::floor(w))
          diags_.report(DiagKind::ValueOutOfRange, rs.weight->range, "weight", "a whole percentage",
                        fmt::format("{}%", formatNumber(w)));
        if (!canary.trafficRouting)
          diags_.report(DiagKind::NeedsTrafficRouting, rs.weight->range, "a replicaset `weight`");
        else if (const std::string &router = canary.trafficRouting->provider.value;
                 router != "smi" && router != "alb" && router != "istio" && router != "plugins")
          diags_.report(DiagKind::RouterUnsupported, rs.weight->range, "a replicaset `weight`",
                        "smi, alb, istio or plugins", router);
      }
      if (rs.replicas && rs.replicas->value < 0)
        diags_.report(DiagKind::ValueOutOfRange, rs.replicas->range, "replicas", "0 or more",
                      rs.replicas->value);
      if (rs.config) checkExtra(*rs.config, kReplicaSetKeys, "replicaset");
    }
    std::map<std::string, SourceRange> names;
    for (const ast::ExperimentAnalysis &a : e.analyses) {
      const ast::Spanned<std::string> &name = a.alias ? *a.alias : a.ref.name;
      if (auto [it, inserted] = names.emplace(name.value, name.range); !inserted)
        diags_.report(DiagKind::DuplicateExperimentAnalysis, name.range, name.value)
            .note(DiagKind::PreviousDeclarationHere, it->second);
      ast::AnalysisUse use; // each analysis is its own run, with the experiment's dry-run rules
      use.refs.push_back(a.ref);
      use.dryRunMetrics = e.dryRunMetrics;
      use.range = a.range;
      checkAnalysisUse(use, "an experiment");
    }
    if (e.extra) checkExtra(*e.extra, kExperimentKeys, "argo");
  }

  void checkBlueGreen(const ast::BlueGreen &bg) {
    if (!bg.activeService)
      diags_.report(DiagKind::MissingService, bg.range, "a blue-green strategy", "`active service`");
    if (bg.activeService && bg.previewService && bg.activeService->value == bg.previewService->value)
      diags_.report(DiagKind::SameServices, bg.previewService->range, "active service", "preview service");
    if (bg.prePromotion) checkAnalysisUse(*bg.prePromotion, "pre-promotion");
    if (bg.postPromotion) checkAnalysisUse(*bg.postPromotion, "post-promotion");
    if (bg.promotionTimeout && bg.promotionTimeout->value <= 0)
      diags_.report(DiagKind::ValueOutOfRange, bg.promotionTimeout->range, "timeout", "longer than 0s",
                    formatDuration(bg.promotionTimeout->value));
    if (bg.abortScaleDown && !bg.abortScaleDown->never && bg.abortScaleDown->millis == 0)
      diags_.report(DiagKind::NeverScalesDown, bg.abortScaleDown->range);
    // The seed's pitfall: a long (5m or more) scale-down delay on a manually promoted rollout, read as "roll back
    // if nobody promotes within D". Argo has no such timer (argo-semantics §11, upstream #2200).
    bool manual = bg.autoPromotion && !bg.autoPromotion->value;
    if (manual && !bg.promotionTimeout && bg.scaleDownDelay && bg.scaleDownDelay->value >= 300'000)
      diags_.report(DiagKind::ScaleDownDelayNotTimeout, bg.scaleDownDelay->range,
                    formatDuration(bg.scaleDownDelay->value));
    if (bg.extra) checkExtra(*bg.extra, kBlueGreenKeys, "argo");
  }

  /// Resolves the analyses of one run, checks arguments, flattened metric names, dry-run names
  /// and (for step, pre- and post-promotion runs) that every metric has a finite count.
  void checkAnalysisUse(const ast::AnalysisUse &use, const char *runKind) {
    // Background and experiment runs are terminated from outside, so they may run unbounded.
    bool background = std::string_view(runKind) == "background" || std::string_view(runKind) == "an experiment";
    std::map<std::string, std::pair<std::string, SourceRange>> runArgs;
    std::map<std::string, std::pair<const ast::Metric *, const ast::Analysis *>> runMetrics;
    size_t metricPosition = 0; // of the ref's first metric in the flattened run
    for (const ast::AnalysisRef &ref : use.refs) {
      const ast::Analysis *analysis = symbols_->findAnalysis(ref.name.value);
      if (!analysis) {
        unresolvedUse_ = true;
        auto report = diags_.report(DiagKind::UnknownAnalysis, ref.name.range, ref.name.value);
        std::string best = symbols_->closestAnalysis(ref.name.value);
        if (!best.empty())
          report.suggest(ref.name.range, best)
              .note(DiagKind::DeclaredHere, symbols_->findAnalysis(best)->name.range, best);
        continue;
      }
      used_.insert(analysis->name.value);
      std::set<std::string> given;
      for (const ast::Argument &arg : ref.arguments) {
        if (!given.insert(arg.name.value).second) {
          diags_.report(DiagKind::DuplicateArgument, arg.name.range, arg.name.value);
          continue;
        }
        const ast::Parameter *param = nullptr;
        for (const ast::Parameter &p : analysis->parameters)
          if (p.name.value == arg.name.value) param = &p;
        if (!param) {
          diags_.report(DiagKind::UnknownArgument, arg.name.range, analysis->name.value, arg.name.value)
              .note(DiagKind::DeclaredHere, analysis->name.range, analysis->name.value);
          continue;
        }
        // A pod template hash or a field's value is only known in the cluster, and Argo substitutes
        // it as text whatever the parameter's use: only a literal can be checked here.
        std::optional<plan::ParamType> type = parseParamType(param->type.value);
        plan::ParamType given = arg.kind == ast::Argument::Kind::Literal ? literalType(arg.literal)
                                                                         : plan::ParamType::String;
        if (type && arg.kind == ast::Argument::Kind::Literal && *type != given)
          diags_.report(DiagKind::ArgumentTypeMismatch, arg.range, arg.name.value, typeNameOf(*type),
                        typeNameOf(given));
        std::string valueText = arg.kind == ast::Argument::Kind::Literal ? literalValue(arg.literal).text
                                : arg.kind == ast::Argument::Kind::StableHash ? "<stable hash>"
                                : arg.kind == ast::Argument::Kind::LatestHash ? "<latest hash>"
                                                                              : "<field " + arg.fieldPath + ">";
        auto [it, inserted] = runArgs.emplace(arg.name.value, std::make_pair(valueText, arg.range));
        if (!inserted && it->second.first != valueText)
          diags_.report(DiagKind::ConflictingRunArgument, arg.range, arg.name.value, it->second.first,
                        valueText)
              .note(DiagKind::PreviousSettingHere, it->second.second);
      }
      for (const ast::Parameter &p : analysis->parameters)
        if (!given.count(p.name.value) && !p.defaultValue && !p.secret)
          diags_.report(DiagKind::MissingArgument, ref.range, p.name.value, analysis->name.value)
              .note(DiagKind::DeclaredHere, p.name.range, p.name.value);
      checkResolvedSettings(*analysis, ref, metricPosition);
      for (const ast::Metric &metric : analysis->metrics) {
        auto [it, inserted] = runMetrics.emplace(metric.name.value, std::make_pair(&metric, analysis));
        // Twice in one analysis is DuplicateMetric, reported with the analysis; the same analysis
        // used twice in one run is deduplicated by Argo.
        if (!inserted && it->second.second != analysis)
          diags_.report(DiagKind::DuplicateMetricInRun, ref.range, metric.name.value)
              .note(DiagKind::PreviousDeclarationHere, it->second.first->name.range);
        if (runsIndefinitely(*analysis, metric) && !background)
          diags_.report(DiagKind::UnboundedMetricInStep, metric.name.range, metric.name.value, runKind)
              .note(DiagKind::UsedAsHere, ref.range, runKind);
      }
      metricPosition += analysis->metrics.size();
    }
    for (const auto &dry : use.dryRunMetrics)
      if (!runMetrics.count(dry.value)) diags_.report(DiagKind::DryRunOnUnknownMetric, dry.range, dry.value);
  }

  DiagnosticEngine &diags_;
  const std::vector<const ast::PolicyFile *> &files_;
  const SymbolTable *symbols_ = nullptr;
  std::set<std::string> used_;
  bool unresolvedUse_ = false;
  std::map<const ast::Analysis *, std::set<std::string>> referencedParams_;
};

} // namespace

std::optional<CheckedPolicy> checkPolicy(const std::vector<const ast::PolicyFile *> &files,
                                         DiagnosticEngine &diags, const CheckOptions &options) {
  return PolicyChecker(diags, files).run(options);
}

} // namespace rwd::sema
