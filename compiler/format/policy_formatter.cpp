// This file implements the policy formatter: Rewind's AST written back as idiomatic `.rwd` text.
#include "compiler/format/policy_formatter.h"

#include "compiler/expr/expr_printer.h"
#include "compiler/support/block_string.h"
#include "compiler/support/duration.h"

#include <cmath>
#include <fmt/format.h>
#include <algorithm>
#include <functional>
#include <regex>
#include <set>
#include <utility>

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

  /// `rewind fmt`: one file with its comments, imports and blank lines.
  std::string runFile(const ast::PolicyFile &file, const SourceFile &source) {
    source_ = &source;
    comments_ = file.comments;
    commentWritten_.assign(comments_.size(), false);
    for (const ast::Import &import : file.imports) {
      at(import.range);
      line("import " + quoted(import.path.value));
    }
    std::string body = run({&file}, {});
    if (failed_) return body;
    commentsBefore(UINT32_MAX, /*all=*/true);
    return out_;
  }

  std::string run(const std::vector<const ast::PolicyFile *> &files, const FormatOptions &options) {
    for (const std::string &line : options.header) out_ += line.empty() ? "//\n" : "// " + line + "\n";
    bool first = options.header.empty() && out_.empty();
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
  const SourceFile *source_ = nullptr;
  std::vector<ast::Comment> comments_;
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

  //===-- layout of a formatted file (rewind fmt): comments and blank lines --===//
  //
  // Each statement is written with the source range it came from (`at`). A comment is written
  // before the first statement written after it in the file, or after a statement on the same
  // line (a trailing comment); one blank line between statements in the file stays one. Comments
  // inside a statement that is rewritten as one line go before it. So nothing is dropped, and a
  // formatted file formats to itself.

  SourceRange anchor_;
  uint32_t lastEnd_ = 0;
  std::vector<bool> commentWritten_;

  void at(const SourceRange &range) { anchor_ = range; }

  bool laidOut() const { return source_ && anchor_.valid() && anchor_.file == source_->id(); }
  uint32_t lineOf(uint32_t offset) const { return source_->lineColumn(offset).line; }

  /// One blank line when the file has one between what was written last and `begin`.
  void blankLineBefore(uint32_t begin) {
    if (begin <= lastEnd_ || out_.empty() || out_.ends_with("\n\n") || out_.ends_with("{\n")) return;
    std::string_view between = source_->text().substr(lastEnd_, begin - lastEnd_);
    size_t first = between.find('\n');
    if (first != std::string_view::npos && between.find('\n', first + 1) != std::string_view::npos &&
        between.substr(first).find_first_not_of(" \t\r\n") == std::string_view::npos)
      out_ += '\n';
  }

  /// Whether code precedes the comment on its line (it trails a statement).
  bool trails(const ast::Comment &comment) const {
    uint32_t lineStart = source_->lineStart(lineOf(comment.range.begin));
    std::string_view before = source_->text().substr(lineStart, comment.range.begin - lineStart);
    return before.find_first_not_of(" \t") != std::string_view::npos;
  }

  /// Writes the comments that start before `before` on lines of their own. A comment trailing a
  /// statement waits for that statement (which may be written later, in canonical order) unless
  /// `all`: at the end of its block (from `blockBegin`) nothing is left to wait for.
  void commentsBefore(uint32_t before, bool all = false, uint32_t blockBegin = 0) {
    if (!source_) return;
    for (size_t i = 0; i < comments_.size() && comments_[i].range.begin < before; ++i) {
      const ast::Comment &comment = comments_[i];
      if (commentWritten_[i] || (trails(comment) && (!all || comment.range.begin < blockBegin))) continue;
      commentWritten_[i] = true;
      blankLineBefore(comment.range.begin);
      out_ += indent() + comment.text + "\n";
      lastEnd_ = std::max(lastEnd_, comment.range.end);
    }
  }

  /// `  // comment` for a comment after offset `end` on the line of `end - 1`.
  std::string trailingComment(uint32_t end) {
    if (!source_ || end == 0) return "";
    for (size_t i = 0; i < comments_.size(); ++i) {
      const ast::Comment &comment = comments_[i];
      if (commentWritten_[i] || comment.range.begin < end || lineOf(comment.range.begin) != lineOf(end - 1)) continue;
      commentWritten_[i] = true;
      lastEnd_ = std::max(lastEnd_, comment.range.end);
      return "  " + comment.text;
    }
    return "";
  }

  /// Starts a statement spanning `range`: comments before it, a kept blank line.
  void beginStatement(uint32_t commentsUpTo, uint32_t begin) {
    commentsBefore(commentsUpTo);
    blankLineBefore(begin);
  }

  void line(const std::string &text) {
    if (!laidOut()) {
      out_ += indent() + text + "\n";
      return;
    }
    SourceRange range = std::exchange(anchor_, SourceRange{});
    beginStatement(range.end, range.begin);
    out_ += indent() + text + trailingComment(range.end) + "\n";
    lastEnd_ = std::max(lastEnd_, range.end);
  }
  void open(const std::string &text) {
    if (!laidOut()) {
      out_ += indent() + text + " {\n";
      ++depth_;
      return;
    }
    SourceRange range = std::exchange(anchor_, SourceRange{});
    beginStatement(range.begin, range.begin);
    // The header ends at the block's `{`: a comment after it on that line trails the header.
    size_t brace = source_->text().find('{', range.begin);
    uint32_t headerEnd = brace == std::string_view::npos ? range.begin : static_cast<uint32_t>(brace) + 1;
    out_ += indent() + text + " {" + trailingComment(headerEnd) + "\n";
    lastEnd_ = std::max(lastEnd_, headerEnd);
    ++depth_;
  }
  void close() {
    bool laid = laidOut();
    SourceRange range = std::exchange(anchor_, SourceRange{});
    if (laid) commentsBefore(range.end > 0 ? range.end - 1 : 0, /*all=*/true, range.begin);
    --depth_;
    out_ += indent() + "}" + (laid ? trailingComment(range.end) : "") + "\n";
    if (laid) lastEnd_ = std::max(lastEnd_, range.end);
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
    at(rollout.range), open("rollout " + name(rollout.name));
    if (rollout.replicas) at(rollout.replicas->range), line(fmt::format("replicas {}", rollout.replicas->value));
    if (rollout.progressDeadline)
      at(rollout.progressDeadline->range), line("progress deadline " + duration(rollout.progressDeadline->value) +
           (rollout.progressDeadlineAbort ? ", abort" : ""));
    if (rollout.minReady) at(rollout.minReady->range), line("min ready " + duration(rollout.minReady->value));
    if (rollout.rollbackWindow) at(rollout.rollbackWindow->range), line(fmt::format("rollback window {}", rollout.rollbackWindow->value));
    if (rollout.workload) formatWorkload(*rollout.workload);
    if (rollout.canary) formatCanary(*rollout.canary);
    if (rollout.blueGreen) formatBlueGreen(*rollout.blueGreen);
    if (rollout.onRollback) {
      switch (rollout.onRollback->kind) {
      case ast::RollbackAction::Kind::Abort: at(rollout.onRollback->range), line("on rollback abort"); break;
      case ast::RollbackAction::Kind::UndoPrevious: at(rollout.onRollback->range), line("on rollback undo"); break;
      case ast::RollbackAction::Kind::UndoRevision:
        at(rollout.onRollback->range), line(fmt::format("on rollback to revision {}", rollout.onRollback->revision));
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
      at(notification.range), line(fmt::format("notify {} {} on {}", name(notification.service), quoted(notification.recipient.value),
                       triggers));
    }
    if (rollout.extra) at(rollout.extra->range), line("argo " + config(*rollout.extra));
    if (rollout.flagger) at(rollout.flagger->range), line("flagger " + config(*rollout.flagger));
    at(rollout.range), close();
  }

  void formatWorkload(const ast::Workload &workload) {
    std::string text = "workload ";
    text += workload.kind.value == "Deployment" ? std::string("deployment") : quoted(workload.kind.value);
    text += " " + quoted(workload.name.value);
    if (workload.apiVersion && workload.apiVersion->value != "apps/v1")
      text += ", api version " + quoted(workload.apiVersion->value);
    if (workload.scaleDown) text += ", scale down " + name(*workload.scaleDown);
    at(workload.range), line(text);
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
    at(canary.range), open("canary");
    for (size_t i = 0; i <= canary.steps.size(); ++i) {
      for (const ast::IrreversibleMark &mark : canary.marks)
        if (mark.beforeStep == i) at(mark.range), line("irreversible " + quoted(mark.note));
      if (i < canary.steps.size()) formatStep(canary.steps[i]);
    }
    if (canary.background) {
      std::string from =
          canary.backgroundStartingStep ? fmt::format(" from step {}", canary.backgroundStartingStep->value) : "";
      at(canary.background->range), line("background analyze " + analysisUse(*canary.background, from));
    }
    if (canary.stableService) at(canary.stableService->range), line("stable service " + name(*canary.stableService));
    if (canary.canaryService) at(canary.canaryService->range), line("canary service " + name(*canary.canaryService));
    if (canary.trafficRouting) {
      std::string text = "traffic routing " + name(canary.trafficRouting->provider);
      if (canary.trafficRouting->config) text += " " + config(*canary.trafficRouting->config);
      at(canary.trafficRouting->range), line(text);
    }
    if (canary.maxSurge) at(canary.maxSurge->range), line("max surge " + quantity(*canary.maxSurge));
    if (canary.maxUnavailable) at(canary.maxUnavailable->range), line("max unavailable " + quantity(*canary.maxUnavailable));
    if (canary.scaleDownDelay) at(canary.scaleDownDelay->range), line("scale-down after " + duration(canary.scaleDownDelay->value));
    if (canary.abortScaleDown) at(canary.abortScaleDown->range), line("abort scale-down " + scaleDown(*canary.abortScaleDown));
    if (canary.dynamicStableScale) at(*canary.dynamicStableScale), line("dynamic stable scale");
    if (canary.extra) at(canary.extra->range), line("argo " + config(*canary.extra));
    at(canary.range), close();
  }

  static std::string quantity(const ast::Quantity &q) { return plainNumber(q.value) + (q.percent ? "%" : ""); }
  std::string scaleDown(const ast::ScaleDownDelay &delay) {
    return delay.never ? "never" : "after " + duration(delay.millis);
  }

  void formatStep(const ast::CanaryStep &step) {
    switch (step.kind) {
    case ast::StepKind::SetWeight: at(step.range), line("weight " + plainNumber(step.weight.value) + "%"); break;
    case ast::StepKind::TimedPause: at(step.range), line("pause " + duration(step.duration.value)); break;
    case ast::StepKind::ManualPause:
      at(step.range), line(step.timeout ? "pause until promoted, timeout " + duration(step.timeout->value) : "pause until promoted");
      break;
    case ast::StepKind::Analysis: at(step.range), line("analyze " + analysisUse(step.analysis)); break;
    case ast::StepKind::Experiment: formatExperiment(*step.experiment); break;
    case ast::StepKind::SetCanaryScale:
      switch (step.scale.kind) {
      case ast::CanaryScale::Kind::Replicas: at(step.range), line(fmt::format("scale canary to {} replicas", step.scale.replicas)); break;
      case ast::CanaryScale::Kind::Weight: at(step.range), line("scale canary to " + plainNumber(step.scale.weight) + "%"); break;
      case ast::CanaryScale::Kind::MatchTrafficWeight: at(step.range), line("scale canary with traffic"); break;
      }
      break;
    case ast::StepKind::HeaderRoute:
    case ast::StepKind::MirrorRoute: {
      std::string text = std::string(step.kind == ast::StepKind::HeaderRoute ? "header" : "mirror") + " route " +
                         quoted(step.routeName.value);
      if (step.config) text += " " + config(*step.config);
      at(step.range), line(text);
      break;
    }
    case ast::StepKind::Passthrough:
      at(step.range), line("argo step " + configKey(step.routeName.value) + " " + (step.config ? config(*step.config) : "{}"));
      break;
    }
  }

  void formatExperiment(const ast::Experiment &experiment) {
    at(experiment.range), open(experiment.duration ? "experiment for " + duration(experiment.duration->value) : "experiment");
    for (const ast::ExperimentReplicaSet &rs : experiment.replicaSets) {
      std::string text = "replicaset " + name(rs.name) + " from " + rs.specRef.value;
      if (rs.replicas) text += fmt::format(", replicas {}", rs.replicas->value);
      if (rs.weight) text += ", weight " + plainNumber(rs.weight->value) + "%";
      if (rs.config) text += " " + config(*rs.config);
      at(rs.range), line(text);
    }
    for (const ast::ExperimentAnalysis &analysis : experiment.analyses) {
      std::string text = "analyze " + analysisRef(analysis.ref);
      if (analysis.alias && analysis.alias->value != analysis.ref.name.value) text += " as " + name(*analysis.alias);
      if (analysis.required) text += ", required";
      at(analysis.range), line(text);
    }
    if (!experiment.dryRunMetrics.empty()) at(experiment.dryRunMetrics.front().range), line(dryRun(experiment.dryRunMetrics).substr(1));
    if (experiment.extra) at(experiment.extra->range), line("argo " + config(*experiment.extra));
    at(experiment.range), close();
  }

  void formatBlueGreen(const ast::BlueGreen &bg) {
    at(bg.range), open("bluegreen");
    if (bg.activeService) at(bg.activeService->range), line("active service " + name(*bg.activeService));
    if (bg.previewService) at(bg.previewService->range), line("preview service " + name(*bg.previewService));
    if (bg.previewReplicas) at(bg.previewReplicas->range), line(fmt::format("preview replicas {}", bg.previewReplicas->value));
    if (bg.autoPromotion && !bg.autoPromotion->value)
      at(bg.autoPromotion->range), line(bg.promotionTimeout ? "promote manually, timeout " + duration(bg.promotionTimeout->value)
                               : "promote manually");
    else if (bg.autoPromotionDelay) at(bg.autoPromotionDelay->range), line("promote after " + duration(bg.autoPromotionDelay->value));
    else if (bg.autoPromotion) at(bg.autoPromotion->range), line("promote automatically");
    if (bg.prePromotion) at(bg.prePromotion->range), line("before promotion analyze " + analysisUse(*bg.prePromotion));
    if (bg.postPromotion) at(bg.postPromotion->range), line("after promotion analyze " + analysisUse(*bg.postPromotion));
    if (bg.scaleDownDelay) at(bg.scaleDownDelay->range), line("scale-down after " + duration(bg.scaleDownDelay->value));
    if (bg.abortScaleDown) at(bg.abortScaleDown->range), line("abort scale-down " + scaleDown(*bg.abortScaleDown));
    for (const ast::IrreversibleMark &mark : bg.marks) at(mark.range), line("irreversible " + quoted(mark.note));
    if (bg.extra) at(bg.extra->range), line("argo " + config(*bg.extra));
    at(bg.range), close();
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
    at(analysis.range), open(head);
    for (size_t i = 0; i < analysis.metrics.size(); ++i) {
      if (i) out_ += '\n';
      formatMetric(analysis.metrics[i]);
    }
    at(analysis.range), close();
  }

  /// A condition as Rewind spells it. Argo text that does not compile, or that names `args`
  /// outside a placeholder (an unknown name in Argo, a parameter in Rewind), has no Rewind spelling
  /// with the same meaning.
  void condition(const std::string &keyword, const ast::Condition &c) {
    if (!c.expr) {
      refuse(c.range, "a condition that does not compile in expr-lang", c.argoCompileError);
      return;
    }
    std::function<const expr::Expr *(const expr::Expr &)> unbound = [&](const expr::Expr &e) -> const expr::Expr * {
      if (e.argoUnbound) return &e;
      for (const auto &child : e.children)
        if (child)
          if (const expr::Expr *hit = unbound(*child)) return hit;
      return nullptr;
    };
    if (const expr::Expr *name = unbound(*c.expr)) {
      refuse(name->range, "`" + name->text + "` outside a `{{args.NAME}}` placeholder",
             "Argo has no such name, while Rewind would read a parameter");
      return;
    }
    line(keyword + expr::printRewindExpr(*c.expr));
  }

  /// A setting written as text: `args.NAME` when the text is exactly `{{args.NAME}}` and the
  /// language spells the name (so that formatting keeps the text as it was), else the text quoted.
  static std::optional<std::string> textSetting(const ast::Metric &metric, std::string_view field) {
    static const std::regex kOnePlaceholder(R"(^\{\{args\.([^\s{}]+)\}\}$)");
    for (const ast::TextSetting &setting : metric.textSettings) {
      if (setting.field != field) continue;
      std::smatch match;
      if (std::regex_match(setting.text.value, match, kOnePlaceholder) && isName(match[1].str()))
        return "args." + match[1].str();
      return quoted(setting.text.value);
    }
    return std::nullopt;
  }

  void formatMetric(const ast::Metric &metric) {
    at(metric.range), open("metric " + name(metric.name));
    for (const ast::Provider &provider : metric.providers) formatProvider(provider);
    auto integer = [&](const std::optional<ast::Spanned<int64_t>> &value, std::string_view field) {
      if (value && value->value < 0)
        refuse(value->range, fmt::format("`{}: {}`", field, value->value),
               "a count or limit is written as a whole number of 0 or more (`failure limit none` for -1)");
      return value ? std::optional<std::string>(std::to_string(value->value)) : textSetting(metric, field);
    };
    // Where a setting was written, for the comments `fmt` keeps beside it.
    auto where = [&](const std::optional<ast::Spanned<int64_t>> &value, std::string_view field) {
      if (value) return value->range;
      for (const ast::TextSetting &setting : metric.textSettings)
        if (setting.field == field) return setting.text.range;
      return metric.range;
    };
    std::optional<std::string> interval =
        metric.interval ? std::optional<std::string>(duration(metric.interval->value)) : textSetting(metric, "interval");
    std::optional<std::string> count = integer(metric.count, "count");
    if (interval) at(where(metric.interval, "interval")), line("every " + *interval + (count ? ", " + *count + " times" : ""));
    else if (count) at(where(metric.count, "count")), line("count " + *count);
    if (metric.initialDelay) at(metric.initialDelay->range), line("initial delay " + duration(metric.initialDelay->value));
    else if (auto text = textSetting(metric, "initialDelay")) at(where(metric.initialDelay, "initialDelay")), line("initial delay " + *text);
    if (metric.success) at(metric.success->range), condition("success when ", *metric.success);
    if (metric.failure) at(metric.failure->range), condition("failure when ", *metric.failure);
    if (metric.failureLimit && metric.failureLimit->value == -1) at(metric.failureLimit->range), line("failure limit none");
    else if (auto text = integer(metric.failureLimit, "failureLimit")) at(where(metric.failureLimit, "failureLimit")), line("failure limit " + *text);
    if (auto text = integer(metric.inconclusiveLimit, "inconclusiveLimit"))
      at(where(metric.inconclusiveLimit, "inconclusiveLimit")), line("inconclusive limit " + *text);
    if (auto text = integer(metric.consecutiveErrorLimit, "consecutiveErrorLimit"))
      at(where(metric.consecutiveErrorLimit, "consecutiveErrorLimit")), line("error limit " + *text);
    if (auto text = integer(metric.consecutiveSuccessLimit, "consecutiveSuccessLimit"))
      at(where(metric.consecutiveSuccessLimit, "consecutiveSuccessLimit")), line("success streak " + *text);
    if (metric.dryRun) at(*metric.dryRun), line("dry-run");
    if (metric.unit) at(metric.unit->range), line("unit " + name(*metric.unit));
    if (metric.returns) at(metric.returns->range), line("returns " + name(*metric.returns));
    if (metric.keep) at(metric.keep->range), line(fmt::format("keep {} measurements", metric.keep->value));
    if (metric.flagger) at(metric.flagger->range), line("flagger " + config(*metric.flagger));
    at(metric.range), close();
  }

  void formatProvider(const ast::Provider &provider) {
    bool plainPrometheus = provider.kind.value == "prometheus" && provider.query &&
                           (!provider.config || provider.config->entries.empty());
    if (plainPrometheus) {
      std::string text = "prometheus ";
      if (provider.address) text += "at " + quoted(provider.address->value) + " ";
      at(provider.range), line(text + string(provider.query->value));
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
    at(provider.range), line("provider " + name(provider.kind) + " " + config(object));
  }
};

} // namespace

std::string formatPolicy(const std::vector<const ast::PolicyFile *> &files, DiagnosticEngine &diags,
                         const FormatOptions &options) {
  return Formatter(diags).run(files, options);
}

std::string formatFile(const ast::PolicyFile &file, const SourceFile &source, DiagnosticEngine &diags) {
  return Formatter(diags).runFile(file, source);
}

} // namespace rwd::format
