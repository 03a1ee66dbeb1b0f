// This file implements the policy formatter: Rewind's AST written back as idiomatic `.rwd` text.
#include "compiler/format/policy_formatter.h"

#include "compiler/expr/expr_printer.h"
#include "compiler/support/block_string.h"
#include "compiler/support/duration.h"

#include <cmath>
#include <fmt/format.h>
#include <set>

namespace rwd::format {

namespace {

constexpr const char *kRewind = "a Rewind policy";
constexpr size_t kLineWidth = 100;

/// Words that never lex as a name (every statement keyword is soft and may be a name).
bool isHardKeyword(std::string_view word) {
  static constexpr std::string_view kWords[] = {"true", "false", "nil", "and", "or", "not", "in",
                                                "matches", "contains", "startsWith", "endsWith"};
  for (std::string_view hard : kWords)
    if (word == hard) return true;
  return false;
}

/// Whether `text` lexes as one IDENT: `[a-zA-Z_][a-zA-Z0-9_]*` in `-`-joined parts.
bool isName(std::string_view text) {
  if (text.empty() || isHardKeyword(text)) return false;
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!letter(text.front()) || text.back() == '-') return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '-') {
      if (text[i - 1] == '-') return false;
      continue;
    }
    if (!letter(c) && !digit(c)) return false;
  }
  return true;
}

/// `"..."` or `'...'` with Rewind's escapes; single quotes when that avoids escaping `"`.
std::string quoted(std::string_view text) {
  bool hasDouble = text.find('"') != std::string_view::npos;
  bool hasSingle = text.find('\'') != std::string_view::npos;
  char quote = hasDouble && !hasSingle ? '\'' : '"';
  std::string out(1, quote);
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == quote || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\u{:04x}", u);
    } else {
      out += c;
    }
  }
  out += quote;
  return out;
}

/// A number as Rewind writes a percentage or weight: `10`, `2.5`.
std::string plainNumber(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) return fmt::format("{}", static_cast<int64_t>(value));
  return fmt::format("{}", value);
}

class Formatter {
public:
  Formatter(DiagnosticEngine &diags) : diags_(diags) {}

  std::string run(const std::vector<const ast::PolicyFile *> &files, const FormatOptions &options) {
    for (const std::string &line : options.header) out_ += line.empty() ? "//\n" : "// " + line + "\n";
    bool first = options.header.empty();
    auto separate = [&] {
      if (!first) out_ += '\n';
      first = false;
    };
    for (const ast::PolicyFile *file : files)
      for (const ast::Rollout &rollout : file->rollouts) {
        separate();
        formatRollout(rollout);
      }
    for (const ast::PolicyFile *file : files)
      for (const ast::Analysis &analysis : file->analyses) {
        separate();
        formatAnalysis(analysis);
      }
    return failed_ ? std::string() : out_;
  }

private:
  DiagnosticEngine &diags_;
  std::string out_;
  int depth_ = 0;
  bool failed_ = false;
  std::set<std::pair<FileId, uint32_t>> refused_;

  /// Reports once per source position: a config value is rendered flat, then tall if too wide.
  void refuse(const SourceRange &range, const std::string &what, const std::string &why) {
    failed_ = true;
    if (!refused_.insert({range.file, range.begin}).second) return;
    diags_.report(DiagKind::NotExpressibleInTarget, range, what, kRewind, why);
  }

  std::string indent() const { return std::string(static_cast<size_t>(depth_) * 2, ' '); }
  void line(const std::string &text) { out_ += indent() + text + "\n"; }
  void open(const std::string &text) {
    line(text + " {");
    ++depth_;
  }
  void close() {
    --depth_;
    line("}");
  }

  std::string name(const ast::Spanned<std::string> &spanned) {
    if (!isName(spanned.value))
      refuse(spanned.range, fmt::format("the name `{}`", spanned.value),
             "a name is letters, digits, `_` and single `-` between them, starting with a letter or `_`");
    return spanned.value;
  }

  /// A string, as a `"""` block when it spans lines (and the block reads back unchanged), or when
  /// it would otherwise need escapes; else quoted.
  std::string string(std::string_view text) {
    bool multiLine = text.find('\n') != std::string_view::npos;
    bool needsEscapes = text.find('\\') != std::string_view::npos ||
                        (text.find('"') != std::string_view::npos && text.find('\'') != std::string_view::npos);
    if ((multiLine || needsEscapes) && text.find("\"\"\"") == std::string_view::npos && text.back() != '"') {
      std::string block = multiLine ? blockLines(text) : std::string(text);
      if (dedentBlock(block) == text) return "\"\"\"" + block + "\"\"\"";
    }
    return quoted(text);
  }

  /// The body of a multi-line block: a newline, the lines indented one level deeper, and the
  /// closing quotes' indentation.
  std::string blockLines(std::string_view text) {
    std::string inner = indent() + "  ";
    std::string block = "\n";
    size_t start = 0;
    while (start <= text.size()) {
      size_t nl = text.find('\n', start);
      std::string_view part = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
      if (!part.empty()) block += inner + std::string(part);
      block += '\n';
      if (nl == std::string_view::npos) break;
      start = nl + 1;
    }
    return block + indent();
  }

  std::string duration(int64_t millis) { return formatDuration(millis); }

  std::string literal(const ast::Literal &lit) {
    switch (lit.kind) {
    case ast::Literal::Kind::String: return string(lit.text);
    case ast::Literal::Kind::Int:
      if (lit.number < 0) {
        refuse(lit.range, fmt::format("the negative number {}", plainNumber(lit.number)), "literals have no sign");
        return "0";
      }
      return fmt::format("{}", static_cast<int64_t>(lit.number));
    case ast::Literal::Kind::Float: {
      if (!std::isfinite(lit.number) || lit.number < 0) {
        refuse(lit.range, fmt::format("the number {}", lit.number), "literals are finite and have no sign");
        return "0.0";
      }
      std::string text = fmt::format("{}", lit.number);
      if (text.find_first_of(".e") == std::string::npos) text += ".0";
      return text;
    }
    case ast::Literal::Kind::Percent: return plainNumber(lit.number * 100) + "%";
    case ast::Literal::Kind::Duration: return duration(lit.millis);
    case ast::Literal::Kind::Bool: return lit.boolean ? "true" : "false";
    }
    return "";
  }

  std::string configKey(const std::string &key) { return isName(key) ? key : quoted(key); }

  /// `{ a: 1, b: [2, 3] }` on one line when it fits, else one entry per line.
  std::string config(const ast::ConfigValue &value) {
    std::string flat = configFlat(value);
    if (indent().size() + flat.size() <= kLineWidth && flat.find('\n') == std::string::npos) return flat;
    return configTall(value);
  }

  std::string configFlat(const ast::ConfigValue &value) {
    switch (value.kind) {
    case ast::ConfigValue::Kind::Scalar: return literal(value.scalar);
    case ast::ConfigValue::Kind::Object: {
      if (value.entries.empty()) return "{}";
      std::string out = "{ ";
      for (size_t i = 0; i < value.entries.size(); ++i) {
        if (i) out += ", ";
        out += configKey(value.entries[i].first.value) + ": " + configFlat(value.entries[i].second);
      }
      return out + " }";
    }
    case ast::ConfigValue::Kind::List: {
      std::string out = "[";
      for (size_t i = 0; i < value.items.size(); ++i) {
        if (i) out += ", ";
        out += configFlat(value.items[i]);
      }
      return out + "]";
    }
    }
    return "";
  }

  std::string configTall(const ast::ConfigValue &value) {
    if (value.kind == ast::ConfigValue::Kind::Scalar) return literal(value.scalar);
    bool object = value.kind == ast::ConfigValue::Kind::Object;
    std::string out = object ? "{\n" : "[\n";
    ++depth_;
    size_t count = object ? value.entries.size() : value.items.size();
    for (size_t i = 0; i < count; ++i) {
      out += indent();
      if (object) out += configKey(value.entries[i].first.value) + ": " + config(value.entries[i].second);
      else out += config(value.items[i]) + ",";
      out += '\n';
    }
    --depth_;
    return out + indent() + (object ? "}" : "]");
  }

  //===-- rollouts ------------------------------------------------------------===//

  void formatRollout(const ast::Rollout &rollout) {
    open("rollout " + name(rollout.name));
    if (rollout.replicas) line(fmt::format("replicas {}", rollout.replicas->value));
    if (rollout.progressDeadline)
      line("progress deadline " + duration(rollout.progressDeadline->value) +
           (rollout.progressDeadlineAbort ? ", abort" : ""));
    if (rollout.minReady) line("min ready " + duration(rollout.minReady->value));
    if (rollout.rollbackWindow) line(fmt::format("rollback window {}", rollout.rollbackWindow->value));
    if (rollout.workload) formatWorkload(*rollout.workload);
    if (rollout.canary) formatCanary(*rollout.canary);
    if (rollout.blueGreen) formatBlueGreen(*rollout.blueGreen);
    if (rollout.onRollback) {
      switch (rollout.onRollback->kind) {
      case ast::RollbackAction::Kind::Abort: line("on rollback abort"); break;
      case ast::RollbackAction::Kind::UndoPrevious: line("on rollback undo"); break;
      case ast::RollbackAction::Kind::UndoRevision:
        line(fmt::format("on rollback to revision {}", rollout.onRollback->revision));
        break;
      }
    }
    for (const ast::Notification &notification : rollout.notifications) {
      std::string triggers;
      for (const auto &trigger : notification.triggers) {
        // `on rollout-aborted` reads better than `on on-rollout-aborted`; both name one trigger.
        ast::Spanned<std::string> shortName = trigger;
        if (shortName.value.rfind("on-", 0) == 0 && isName(shortName.value.substr(3)))
          shortName.value.erase(0, 3);
        triggers += (triggers.empty() ? "" : ", ") + name(shortName);
      }
      line(fmt::format("notify {} {} on {}", name(notification.service), quoted(notification.recipient.value),
                       triggers));
    }
    if (rollout.extra) line("argo " + config(*rollout.extra));
    if (rollout.flagger) line("flagger " + config(*rollout.flagger));
    close();
  }

  void formatWorkload(const ast::Workload &workload) {
    std::string text = "workload ";
    text += workload.kind.value == "Deployment" ? std::string("deployment") : quoted(workload.kind.value);
    text += " " + quoted(workload.name.value);
    if (workload.apiVersion && workload.apiVersion->value != "apps/v1")
      text += ", api version " + quoted(workload.apiVersion->value);
    if (workload.scaleDown) text += ", scale down " + name(*workload.scaleDown);
    line(text);
  }

  std::string analysisRef(const ast::AnalysisRef &ref) {
    std::string out = name(ref.name);
    if (ref.arguments.empty()) return out;
    out += '(';
    for (size_t i = 0; i < ref.arguments.size(); ++i) {
      const ast::Argument &arg = ref.arguments[i];
      if (i) out += ", ";
      out += name(arg.name) + ": ";
      switch (arg.kind) {
      case ast::Argument::Kind::Literal: out += literal(arg.literal); break;
      case ast::Argument::Kind::StableHash: out += "stable hash"; break;
      case ast::Argument::Kind::LatestHash: out += "latest hash"; break;
      case ast::Argument::Kind::FieldRef: out += "field " + quoted(arg.fieldPath); break;
      }
    }
    return out + ')';
  }

  std::string dryRun(const std::vector<ast::Spanned<std::string>> &metrics) {
    if (metrics.empty()) return "";
    std::string out = " with dry-run ";
    for (size_t i = 0; i < metrics.size(); ++i) out += (i ? ", " : "") + name(metrics[i]);
    return out;
  }

  std::string analysisUse(const ast::AnalysisUse &use, const std::string &between = "") {
    std::string refs;
    for (const ast::AnalysisRef &ref : use.refs) refs += (refs.empty() ? "" : ", ") + analysisRef(ref);
    return refs + between + dryRun(use.dryRunMetrics);
  }

  void formatCanary(const ast::Canary &canary) {
    open("canary");
    for (size_t i = 0; i <= canary.steps.size(); ++i) {
      for (const ast::IrreversibleMark &mark : canary.marks)
        if (mark.beforeStep == i) line("irreversible " + quoted(mark.note));
      if (i < canary.steps.size()) formatStep(canary.steps[i]);
    }
    if (canary.background) {
      std::string from =
          canary.backgroundStartingStep ? fmt::format(" from step {}", canary.backgroundStartingStep->value) : "";
      line("background analyze " + analysisUse(*canary.background, from));
    }
    if (canary.stableService) line("stable service " + name(*canary.stableService));
    if (canary.canaryService) line("canary service " + name(*canary.canaryService));
    if (canary.trafficRouting) {
      std::string text = "traffic routing " + name(canary.trafficRouting->provider);
      if (canary.trafficRouting->config) text += " " + config(*canary.trafficRouting->config);
      line(text);
    }
    if (canary.maxSurge) line("max surge " + quantity(*canary.maxSurge));
    if (canary.maxUnavailable) line("max unavailable " + quantity(*canary.maxUnavailable));
    if (canary.scaleDownDelay) line("scale-down after " + duration(canary.scaleDownDelay->value));
    if (canary.abortScaleDown) line("abort scale-down " + scaleDown(*canary.abortScaleDown));
    if (canary.dynamicStableScale) line("dynamic stable scale");
    if (canary.extra) line("argo " + config(*canary.extra));
    close();
  }

  static std::string quantity(const ast::Quantity &q) { return plainNumber(q.value) + (q.percent ? "%" : ""); }
  std::string scaleDown(const ast::ScaleDownDelay &delay) {
    return delay.never ? "never" : "after " + duration(delay.millis);
  }

  void formatStep(const ast::CanaryStep &step) {
    switch (step.kind) {
    case ast::StepKind::SetWeight: line("weight " + plainNumber(step.weight.value) + "%"); break;
    case ast::StepKind::TimedPause: line("pause " + duration(step.duration.value)); break;
    case ast::StepKind::ManualPause:
      line(step.timeout ? "pause until promoted, timeout " + duration(step.timeout->value) : "pause until promoted");
      break;
    case ast::StepKind::Analysis: line("analyze " + analysisUse(step.analysis)); break;
    case ast::StepKind::Experiment: formatExperiment(*step.experiment); break;
    case ast::StepKind::SetCanaryScale:
      switch (step.scale.kind) {
      case ast::CanaryScale::Kind::Replicas: line(fmt::format("scale canary to {} replicas", step.scale.replicas)); break;
      case ast::CanaryScale::Kind::Weight: line("scale canary to " + plainNumber(step.scale.weight) + "%"); break;
      case ast::CanaryScale::Kind::MatchTrafficWeight: line("scale canary with traffic"); break;
      }
      break;
    case ast::StepKind::HeaderRoute:
    case ast::StepKind::MirrorRoute: {
      std::string text = std::string(step.kind == ast::StepKind::HeaderRoute ? "header" : "mirror") + " route " +
                         quoted(step.routeName.value);
      if (step.config) text += " " + config(*step.config);
      line(text);
      break;
    }
    case ast::StepKind::Passthrough:
      line("argo step " + configKey(step.routeName.value) + " " + (step.config ? config(*step.config) : "{}"));
      break;
    }
  }

  void formatExperiment(const ast::Experiment &experiment) {
    open(experiment.duration ? "experiment for " + duration(experiment.duration->value) : "experiment");
    for (const ast::ExperimentReplicaSet &rs : experiment.replicaSets) {
      std::string text = "replicaset " + name(rs.name) + " from " + rs.specRef.value;
      if (rs.replicas) text += fmt::format(", replicas {}", rs.replicas->value);
      if (rs.weight) text += ", weight " + plainNumber(rs.weight->value) + "%";
      if (rs.config) text += " " + config(*rs.config);
      line(text);
    }
    for (const ast::ExperimentAnalysis &analysis : experiment.analyses) {
      std::string text = "analyze " + analysisRef(analysis.ref);
      if (analysis.alias && analysis.alias->value != analysis.ref.name.value) text += " as " + name(*analysis.alias);
      if (analysis.required) text += ", required";
      line(text);
    }
    if (!experiment.dryRunMetrics.empty()) line(dryRun(experiment.dryRunMetrics).substr(1));
    if (experiment.extra) line("argo " + config(*experiment.extra));
    close();
  }

  void formatBlueGreen(const ast::BlueGreen &bg) {
    open("bluegreen");
    if (bg.activeService) line("active service " + name(*bg.activeService));
    if (bg.previewService) line("preview service " + name(*bg.previewService));
    if (bg.previewReplicas) line(fmt::format("preview replicas {}", bg.previewReplicas->value));
    if (bg.autoPromotion && !bg.autoPromotion->value)
      line(bg.promotionTimeout ? "promote manually, timeout " + duration(bg.promotionTimeout->value)
                               : "promote manually");
    else if (bg.autoPromotionDelay) line("promote after " + duration(bg.autoPromotionDelay->value));
    else if (bg.autoPromotion) line("promote automatically");
    if (bg.prePromotion) line("before promotion analyze " + analysisUse(*bg.prePromotion));
    if (bg.postPromotion) line("after promotion analyze " + analysisUse(*bg.postPromotion));
    if (bg.scaleDownDelay) line("scale-down after " + duration(bg.scaleDownDelay->value));
    if (bg.abortScaleDown) line("abort scale-down " + scaleDown(*bg.abortScaleDown));
    for (const ast::IrreversibleMark &mark : bg.marks) line("irreversible " + quoted(mark.note));
    if (bg.extra) line("argo " + config(*bg.extra));
    close();
  }

  //===-- analyses ------------------------------------------------------------===//

  void formatAnalysis(const ast::Analysis &analysis) {
    std::string head = std::string(analysis.cluster ? "cluster analysis " : "analysis ") + name(analysis.name);
    if (!analysis.parameters.empty()) {
      std::vector<std::string> params;
      size_t width = head.size() + 4;
      for (const ast::Parameter &param : analysis.parameters) {
        std::string text = name(param.name) + ": " + param.type.value;
        if (param.secret)
          text += " = secret " + quoted(param.secret->name.value) + " key " + quoted(param.secret->key.value);
        else if (param.defaultValue)
          text += " = " + literal(*param.defaultValue);
        width += text.size() + 2;
        params.push_back(std::move(text));
      }
      if (width <= kLineWidth) {
        head += '(';
        for (size_t i = 0; i < params.size(); ++i) head += (i ? ", " : "") + params[i];
        head += ')';
      } else {
        head += "(\n";
        for (size_t i = 0; i < params.size(); ++i) head += "  " + params[i] + (i + 1 < params.size() ? ",\n" : "\n");
        head += ')';
      }
    }
    open(head);
    for (size_t i = 0; i < analysis.metrics.size(); ++i) {
      if (i) out_ += '\n';
      formatMetric(analysis.metrics[i]);
    }
    close();
  }

  void formatMetric(const ast::Metric &metric) {
    open("metric " + name(metric.name));
    for (const ast::Provider &provider : metric.providers) formatProvider(provider);
    if (metric.interval) {
      std::string text = "every " + duration(metric.interval->value);
      if (metric.count) text += fmt::format(", {} times", metric.count->value);
      line(text);
    } else if (metric.count) {
      line(fmt::format("count {}", metric.count->value));
    }
    if (metric.initialDelay) line("initial delay " + duration(metric.initialDelay->value));
    if (metric.success) line("success when " + expr::printRewindExpr(*metric.success->expr));
    if (metric.failure) line("failure when " + expr::printRewindExpr(*metric.failure->expr));
    if (metric.failureLimit)
      line(metric.failureLimit->value < 0 ? std::string("failure limit none")
                                          : fmt::format("failure limit {}", metric.failureLimit->value));
    if (metric.inconclusiveLimit) line(fmt::format("inconclusive limit {}", metric.inconclusiveLimit->value));
    if (metric.consecutiveErrorLimit) line(fmt::format("error limit {}", metric.consecutiveErrorLimit->value));
    if (metric.consecutiveSuccessLimit) line(fmt::format("success streak {}", metric.consecutiveSuccessLimit->value));
    if (metric.dryRun) line("dry-run");
    if (metric.unit) line("unit " + name(*metric.unit));
    if (metric.returns) line("returns " + name(*metric.returns));
    if (metric.keep) line(fmt::format("keep {} measurements", metric.keep->value));
    if (metric.flagger) line("flagger " + config(*metric.flagger));
    close();
  }

  void formatProvider(const ast::Provider &provider) {
    bool plainPrometheus = provider.kind.value == "prometheus" && provider.query &&
                           (!provider.config || provider.config->entries.empty());
    if (plainPrometheus) {
      std::string text = "prometheus ";
      if (provider.address) text += "at " + quoted(provider.address->value) + " ";
      line(text + string(provider.query->value));
      return;
    }
    // Everything else, a Prometheus query with further settings included, as a config object
    // whose keys are Argo's field names.
    ast::ConfigValue object;
    object.kind = ast::ConfigValue::Kind::Object;
    auto addString = [&](const char *key, const ast::Spanned<std::string> &value) {
      ast::ConfigValue scalar;
      scalar.scalar.kind = ast::Literal::Kind::String;
      scalar.scalar.text = value.value;
      scalar.range = scalar.scalar.range = value.range;
      object.entries.push_back({ast::Spanned<std::string>{key, value.range}, std::move(scalar)});
    };
    if (provider.address) addString("address", *provider.address);
    if (provider.query) addString("query", *provider.query);
    if (provider.config)
      for (const auto &entry : provider.config->entries) object.entries.push_back(entry);
    line("provider " + name(provider.kind) + " " + config(object));
  }
};

} // namespace

std::string formatPolicy(const std::vector<const ast::PolicyFile *> &files, DiagnosticEngine &diags,
                         const FormatOptions &options) {
  return Formatter(diags).run(files, options);
}

} // namespace rwd::format
