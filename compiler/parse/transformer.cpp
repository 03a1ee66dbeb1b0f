// This file implements the Transformer: ANTLR parse tree → Rewind AST, with literal checks.
#include "compiler/parse/transformer.h"

#include "compiler/support/block_string.h"
#include "compiler/support/duration.h"

#include <charconv>
#include <cmath>
#include <fmt/format.h>

namespace rwd::parse {

namespace {

using P = grammar::PolicyParser;

/// Appends the UTF-8 encoding of `cp`.
void appendUtf8(std::string &out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

/// The ratio a written percentage stands for, correctly rounded: the decimal point of the written
/// digits moves two places left before conversion, so `99.9%` is exactly the double nearest 0.999
/// (99.9 / 100 is not).
double percentToRatio(std::string_view digits) {
  std::string whole(digits), fraction;
  if (size_t dot = whole.find('.'); dot != std::string::npos) {
    fraction = whole.substr(dot + 1);
    whole = whole.substr(0, dot);
  }
  while (whole.size() < 2) whole.insert(whole.begin(), '0');
  std::string shifted = whole.substr(0, whole.size() - 2) + "." + whole.substr(whole.size() - 2) + fraction;
  double value = 0;
  std::from_chars(shifted.data(), shifted.data() + shifted.size(), value);
  return value;
}

std::string_view percentDigits(const std::string &text) {
  std::string_view digits = text;
  if (!digits.empty() && digits.back() == '%') digits.remove_suffix(1);
  return digits;
}

} // namespace

//===-- Ranges and tokens -------------------------------------------------===//

SourceRange Transformer::range(antlr4::ParserRuleContext &ctx) const {
  antlr4::Token *start = ctx.getStart();
  antlr4::Token *stop = ctx.getStop();
  if (!stop || stop->getStopIndex() < start->getStartIndex()) stop = start;
  return offsets_.range(start->getStartIndex(), stop->getStopIndex());
}

SourceRange Transformer::range(antlr4::Token *token) const {
  return offsets_.range(token->getStartIndex(), token->getStopIndex());
}

ast::Spanned<std::string> Transformer::name(P::NameContext &ctx) {
  return {ctx.getText(), range(ctx)};
}

ast::Spanned<std::string> Transformer::stringToken(antlr4::tree::TerminalNode *node) {
  SourceRange where = range(node);
  std::string raw = node->getText();
  if (raw.size() >= 6 && raw.compare(0, 3, "\"\"\"") == 0)
    return {dedentBlock(std::string_view(raw).substr(3, raw.size() - 6)), where};
  std::string out;
  std::string_view body = std::string_view(raw).substr(1, raw.size() - 2);
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    char e = i + 1 < body.size() ? body[i + 1] : '\0';
    size_t escapeLen = 2;
    switch (e) {
    case 'n': out += '\n'; break;
    case 't': out += '\t'; break;
    case 'r': out += '\r'; break;
    case '\\': out += '\\'; break;
    case '"': out += '"'; break;
    case '\'': out += '\''; break;
    case 'u': {
      uint32_t cp = 0;
      bool ok = i + 6 <= body.size();
      for (size_t k = 2; ok && k < 6; ++k) {
        char h = body[i + k];
        int v = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
        if (v < 0) ok = false;
        else cp = cp * 16 + static_cast<uint32_t>(v);
      }
      if (ok && !(cp >= 0xD800 && cp <= 0xDFFF)) {
        appendUtf8(out, cp);
        escapeLen = 6;
        break;
      }
      [[fallthrough]];
    }
    default: {
      uint32_t at = where.begin + 1 + static_cast<uint32_t>(i);
      diags_.report(DiagKind::InvalidEscape, SourceRange{where.file, at, at + 2},
                    std::string(body.substr(i, 2)));
    }
    }
    i += escapeLen - 1;
  }
  return {std::move(out), where};
}

ast::Spanned<int64_t> Transformer::intToken(antlr4::tree::TerminalNode *node) {
  std::string text = node->getText();
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    diags_.report(DiagKind::InvalidNumber, range(node), text, "the number is too large");
    value = 0;
  }
  return {value, range(node)};
}

ast::Spanned<int64_t> Transformer::durationToken(antlr4::tree::TerminalNode *node) {
  std::string text = node->getText();
  std::string error;
  auto millis = parseDuration(text, &error);
  if (!millis) {
    diags_.report(DiagKind::InvalidDuration, range(node), text, error);
    return {0, range(node)};
  }
  return {*millis, range(node)};
}

ast::Spanned<double> Transformer::percentToken(antlr4::Token *token, bool allowAbove100) {
  std::string text = token->getText();
  bool percent = !text.empty() && text.back() == '%';
  std::string digits = percent ? text.substr(0, text.size() - 1) : text;
  double value = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || !std::isfinite(value)) {
    diags_.report(DiagKind::InvalidNumber, range(token), text, "not a finite number");
    value = 0;
  } else if (!allowAbove100 && value > 100) {
    diags_.report(DiagKind::PercentOutOfRange, range(token), text);
  }
  return {value, range(token)};
}

ast::Quantity Transformer::quantity(antlr4::ParserRuleContext &ctx,
                                    antlr4::tree::TerminalNode *percent,
                                    antlr4::tree::TerminalNode *integer) {
  ast::Quantity q;
  q.range = range(ctx);
  if (percent) {
    q.percent = true;
    q.value = percentToken(percent->getSymbol(), false).value;
  } else if (integer) {
    q.value = static_cast<double>(intToken(integer).value);
  }
  return q;
}

template <typename T>
void Transformer::setOnce(std::optional<T> &slot, T value, SourceRange where,
                          std::string_view what, SourceRange previous) {
  if (slot) {
    diags_.report(DiagKind::DuplicateSetting, where, what)
        .note(DiagKind::PreviousSettingHere, previous);
    return;
  }
  slot = std::move(value);
}

//===-- Files and rollouts ------------------------------------------------===//

std::unique_ptr<ast::PolicyFile>
Transformer::transformPolicyFile(P::PolicyFileContext &ctx) {
  auto file = std::make_unique<ast::PolicyFile>();
  file->file = offsets_.file().id();
  for (P::TopLevelItemContext *item : ctx.topLevelItem()) {
    if (auto *imp = item->importDecl()) {
      ast::Import import;
      import.path = stringToken(imp->STRING());
      import.range = range(*imp);
      file->imports.push_back(std::move(import));
    } else if (auto *rollout = item->rolloutDecl()) {
      file->rollouts.push_back(transformRollout(*rollout));
    } else if (auto *analysis = item->analysisDecl()) {
      file->analyses.push_back(transformAnalysis(*analysis));
    }
  }
  return file;
}

ast::Rollout Transformer::transformRollout(P::RolloutDeclContext &ctx) {
  ast::Rollout rollout;
  rollout.name = name(*ctx.name());
  rollout.range = range(ctx);
  std::optional<SourceRange> strategyRange;
  for (P::RolloutItemContext *item : ctx.rolloutItem()) {
    SourceRange where = range(*item);
    if (auto *c = dynamic_cast<P::ReplicasItemContext *>(item)) {
      setOnce(rollout.replicas, intToken(c->INT()), where, "replicas",
              rollout.replicas ? rollout.replicas->range : where);
    } else if (auto *c = dynamic_cast<P::ProgressDeadlineItemContext *>(item)) {
      setOnce(rollout.progressDeadline, durationToken(c->DURATION()), where, "progress deadline",
              rollout.progressDeadline ? rollout.progressDeadline->range : where);
      rollout.progressDeadlineAbort = c->abortFlag != nullptr;
    } else if (auto *c = dynamic_cast<P::MinReadyItemContext *>(item)) {
      setOnce(rollout.minReady, durationToken(c->DURATION()), where, "min ready",
              rollout.minReady ? rollout.minReady->range : where);
    } else if (auto *c = dynamic_cast<P::RollbackWindowItemContext *>(item)) {
      setOnce(rollout.rollbackWindow, intToken(c->INT()), where, "rollback window",
              rollout.rollbackWindow ? rollout.rollbackWindow->range : where);
    } else if (auto *c = dynamic_cast<P::CanaryStrategyItemContext *>(item)) {
      if (strategyRange) rollout.extraStrategies.push_back(where);
      else {
        strategyRange = where;
        rollout.canary = transformCanary(*c->canaryDecl());
      }
    } else if (auto *c = dynamic_cast<P::BluegreenStrategyItemContext *>(item)) {
      if (strategyRange) rollout.extraStrategies.push_back(where);
      else {
        strategyRange = where;
        rollout.blueGreen = transformBlueGreen(*c->bluegreenDecl());
      }
    } else if (auto *c = dynamic_cast<P::OnRollbackItemContext *>(item)) {
      ast::RollbackAction action;
      action.range = where;
      P::RollbackActionContext *a = c->rollbackAction();
      if (dynamic_cast<P::RollbackAbortContext *>(a)) action.kind = ast::RollbackAction::Kind::Abort;
      else if (auto *r = dynamic_cast<P::RollbackUndoRevisionContext *>(a)) {
        action.kind = ast::RollbackAction::Kind::UndoRevision;
        action.revision = intToken(r->INT()).value;
      } else action.kind = ast::RollbackAction::Kind::UndoPrevious;
      setOnce(rollout.onRollback, action, where, "on rollback",
              rollout.onRollback ? rollout.onRollback->range : where);
    } else if (auto *c = dynamic_cast<P::NotifyItemContext *>(item)) {
      ast::Notification n;
      n.range = where;
      std::vector<P::NameContext *> names = c->name();
      n.service = name(*names[0]);
      n.recipient = stringToken(c->STRING());
      for (size_t i = 1; i < names.size(); ++i) n.triggers.push_back(name(*names[i]));
      rollout.notifications.push_back(std::move(n));
    } else if (auto *c = dynamic_cast<P::WorkloadItemContext *>(item)) {
      setOnce(rollout.workload, transformWorkload(*c), where, "workload",
              rollout.workload ? rollout.workload->range : where);
    } else if (auto *c = dynamic_cast<P::RolloutExtraItemContext *>(item)) {
      setOnce(rollout.extra, transformConfigObject(*c->configObject()), where, "argo",
              rollout.extra ? rollout.extra->range : where);
    } else if (auto *c = dynamic_cast<P::RolloutFlaggerItemContext *>(item)) {
      setOnce(rollout.flagger, transformConfigObject(*c->configObject()), where, "flagger",
              rollout.flagger ? rollout.flagger->range : where);
    }
  }
  return rollout;
}

ast::Workload Transformer::transformWorkload(P::WorkloadItemContext &ctx) {
  ast::Workload workload;
  workload.range = range(ctx);
  std::vector<antlr4::tree::TerminalNode *> strings = ctx.STRING();
  if (P::NameContext *kind = ctx.name()) {
    // `deployment` is the keyword-like spelling of the only kind Argo resolves (apps/v1 Deployment).
    workload.kind = name(*kind);
    if (workload.kind.value == "deployment") workload.kind.value = "Deployment";
  } else {
    workload.kind = stringToken(strings.front());
  }
  workload.name = stringToken(strings.back());
  for (P::WorkloadOptionContext *option : ctx.workloadOption()) {
    SourceRange where = range(*option);
    if (auto *c = dynamic_cast<P::WorkloadScaleDownContext *>(option)) {
      setOnce(workload.scaleDown, name(*c->name()), where, "scale down",
              workload.scaleDown ? workload.scaleDown->range : where);
    } else if (auto *c = dynamic_cast<P::WorkloadApiVersionContext *>(option)) {
      setOnce(workload.apiVersion, stringToken(c->STRING()), where, "api version",
              workload.apiVersion ? workload.apiVersion->range : where);
    }
  }
  return workload;
}

ast::ScaleDownDelay Transformer::transformScaleDownDelay(P::ScaleDownDelayContext &ctx) {
  ast::ScaleDownDelay delay;
  delay.range = range(ctx);
  if (ctx.DURATION()) delay.millis = durationToken(ctx.DURATION()).value;
  else delay.never = true;
  return delay;
}

std::unique_ptr<ast::Canary> Transformer::transformCanary(P::CanaryDeclContext &ctx) {
  auto canary = std::make_unique<ast::Canary>();
  canary->range = range(ctx);
  for (P::CanaryItemContext *item : ctx.canaryItem()) {
    SourceRange where = range(*item);
    ast::CanaryStep step;
    step.range = where;
    if (auto *c = dynamic_cast<P::WeightStepContext *>(item)) {
      step.kind = ast::StepKind::SetWeight;
      P::PercentageContext *p = c->percentage();
      step.weight = percentToken(p->getStart(), true);
      canary->steps.push_back(std::move(step));
    } else if (auto *c = dynamic_cast<P::TimedPauseStepContext *>(item)) {
      step.kind = ast::StepKind::TimedPause;
      step.duration = durationToken(c->DURATION());
      canary->steps.push_back(std::move(step));
    } else if (auto *c = dynamic_cast<P::ManualPauseStepContext *>(item)) {
      step.kind = ast::StepKind::ManualPause;
      if (c->DURATION()) step.timeout = durationToken(c->DURATION());
      canary->steps.push_back(std::move(step));
    } else if (auto *c = dynamic_cast<P::AnalysisStepContext *>(item)) {
      step.kind = ast::StepKind::Analysis;
      step.analysis = transformAnalysisUse(*c->analysisRefList(), c->analysisOptions(), *c);
      canary->steps.push_back(std::move(step));
    } else if (auto *c = dynamic_cast<P::IrreversibleMarkContext *>(item)) {
      canary->marks.push_back({stringToken(c->STRING()).value, canary->steps.size(), where});
    } else if (auto *c = dynamic_cast<P::BackgroundAnalysisContext *>(item)) {
      if (canary->background) {
        diags_.report(DiagKind::DuplicateSetting, where, "background analyze")
            .note(DiagKind::PreviousSettingHere, canary->background->range);
        continue;
      }
      canary->background = transformAnalysisUse(*c->analysisRefList(), c->analysisOptions(), *c);
      if (c->INT()) canary->backgroundStartingStep = intToken(c->INT());
    } else if (auto *c = dynamic_cast<P::AbortScaleDownItemContext *>(item)) {
      setOnce(canary->abortScaleDown, transformScaleDownDelay(*c->scaleDownDelay()), where,
              "abort scale-down", canary->abortScaleDown ? canary->abortScaleDown->range : where);
    } else if (auto *c = dynamic_cast<P::CanaryScaleDownItemContext *>(item)) {
      setOnce(canary->scaleDownDelay, durationToken(c->DURATION()), where, "scale-down after",
              canary->scaleDownDelay ? canary->scaleDownDelay->range : where);
    } else if (auto *c = dynamic_cast<P::StableServiceItemContext *>(item)) {
      setOnce(canary->stableService, name(*c->name()), where, "stable service",
              canary->stableService ? canary->stableService->range : where);
    } else if (auto *c = dynamic_cast<P::CanaryServiceItemContext *>(item)) {
      setOnce(canary->canaryService, name(*c->name()), where, "canary service",
              canary->canaryService ? canary->canaryService->range : where);
    } else if (auto *c = dynamic_cast<P::TrafficRoutingItemContext *>(item)) {
      ast::TrafficRouting routing;
      routing.provider = name(*c->name());
      routing.range = where;
      if (c->configObject()) routing.config = transformConfigObject(*c->configObject());
      setOnce(canary->trafficRouting, std::move(routing), where, "traffic routing",
              canary->trafficRouting ? canary->trafficRouting->range : where);
    } else if (auto *c = dynamic_cast<P::MaxSurgeItemContext *>(item)) {
      auto *q = c->quantity();
      setOnce(canary->maxSurge, quantity(*q, q->PERCENT(), q->INT()), where, "max surge",
              canary->maxSurge ? canary->maxSurge->range : where);
    } else if (auto *c = dynamic_cast<P::MaxUnavailableItemContext *>(item)) {
      auto *q = c->quantity();
      setOnce(canary->maxUnavailable, quantity(*q, q->PERCENT(), q->INT()), where,
              "max unavailable", canary->maxUnavailable ? canary->maxUnavailable->range : where);
    } else if (dynamic_cast<P::DynamicStableScaleItemContext *>(item)) {
      setOnce(canary->dynamicStableScale, where, where, "dynamic stable scale",
              canary->dynamicStableScale ? *canary->dynamicStableScale : where);
    } else if (auto *c = dynamic_cast<P::ExperimentStepContext *>(item)) {
      step.kind = ast::StepKind::Experiment;
      step.experiment = transformExperiment(*c);
      canary->steps.push_back(std::move(step));
    } else if (auto *c = dynamic_cast<P::ScaleCanaryReplicasStepContext *>(item)) {
      step.kind = ast::StepKind::SetCanaryScale;
      step.scale.kind = ast::CanaryScale::Kind::Replicas;
      step.scale.replicas = intToken(c->INT()).value;
      step.scale.range = where;
      canary->steps.push_back(std::move(step));
    } else if (auto *c = dynamic_cast<P::ScaleCanaryWeightStepContext *>(item)) {
      step.kind = ast::StepKind::SetCanaryScale;
      step.scale.kind = ast::CanaryScale::Kind::Weight;
      step.scale.weight = percentToken(c->PERCENT()->getSymbol(), false).value;
      step.scale.range = where;
      canary->steps.push_back(std::move(step));
    } else if (dynamic_cast<P::ScaleCanaryTrafficStepContext *>(item)) {
      step.kind = ast::StepKind::SetCanaryScale;
      step.scale.kind = ast::CanaryScale::Kind::MatchTrafficWeight;
      step.scale.range = where;
      canary->steps.push_back(std::move(step));
    } else if (auto *c = dynamic_cast<P::HeaderRouteStepContext *>(item)) {
      step.kind = ast::StepKind::HeaderRoute;
      step.routeName = stringToken(c->STRING());
      if (c->configObject()) step.config = transformConfigObject(*c->configObject());
      canary->steps.push_back(std::move(step));
    } else if (auto *c = dynamic_cast<P::MirrorRouteStepContext *>(item)) {
      step.kind = ast::StepKind::MirrorRoute;
      step.routeName = stringToken(c->STRING());
      if (c->configObject()) step.config = transformConfigObject(*c->configObject());
      canary->steps.push_back(std::move(step));
    } else if (auto *c = dynamic_cast<P::PassthroughStepContext *>(item)) {
      step.kind = ast::StepKind::Passthrough;
      P::ConfigKeyContext *key = c->configKey();
      step.routeName = key->STRING() ? stringToken(key->STRING()) : name(*key->name());
      step.config = transformConfigValue(*c->configValue());
      canary->steps.push_back(std::move(step));
    } else if (auto *c = dynamic_cast<P::CanaryExtraItemContext *>(item)) {
      setOnce(canary->extra, transformConfigObject(*c->configObject()), where, "argo",
              canary->extra ? canary->extra->range : where);
    }
  }
  return canary;
}

std::unique_ptr<ast::BlueGreen> Transformer::transformBlueGreen(P::BluegreenDeclContext &ctx) {
  auto bg = std::make_unique<ast::BlueGreen>();
  bg->range = range(ctx);
  for (P::BluegreenItemContext *item : ctx.bluegreenItem()) {
    SourceRange where = range(*item);
    if (auto *c = dynamic_cast<P::ActiveServiceItemContext *>(item)) {
      setOnce(bg->activeService, name(*c->name()), where, "active service",
              bg->activeService ? bg->activeService->range : where);
    } else if (auto *c = dynamic_cast<P::PreviewServiceItemContext *>(item)) {
      setOnce(bg->previewService, name(*c->name()), where, "preview service",
              bg->previewService ? bg->previewService->range : where);
    } else if (auto *c = dynamic_cast<P::PreviewReplicasItemContext *>(item)) {
      setOnce(bg->previewReplicas, intToken(c->INT()), where, "preview replicas",
              bg->previewReplicas ? bg->previewReplicas->range : where);
    } else if (auto *c = dynamic_cast<P::PromoteManuallyItemContext *>(item)) {
      setOnce(bg->autoPromotion, ast::Spanned<bool>{false, where}, where, "promote",
              bg->autoPromotion ? bg->autoPromotion->range : where);
      if (c->DURATION()) bg->promotionTimeout = durationToken(c->DURATION());
    } else if (auto *c = dynamic_cast<P::PromoteAutomaticallyItemContext *>(item)) {
      setOnce(bg->autoPromotion, ast::Spanned<bool>{true, where}, where, "promote",
              bg->autoPromotion ? bg->autoPromotion->range : where);
      if (c->DURATION()) bg->autoPromotionDelay = durationToken(c->DURATION());
    } else if (auto *c = dynamic_cast<P::PromoteAfterItemContext *>(item)) {
      setOnce(bg->autoPromotion, ast::Spanned<bool>{true, where}, where, "promote",
              bg->autoPromotion ? bg->autoPromotion->range : where);
      bg->autoPromotionDelay = durationToken(c->DURATION());
    } else if (auto *c = dynamic_cast<P::PrePromotionItemContext *>(item)) {
      setOnce(bg->prePromotion, transformAnalysisUse(*c->analysisRefList(), c->analysisOptions(), *c),
              where, "before promotion analyze",
              bg->prePromotion ? bg->prePromotion->range : where);
    } else if (auto *c = dynamic_cast<P::PostPromotionItemContext *>(item)) {
      setOnce(bg->postPromotion,
              transformAnalysisUse(*c->analysisRefList(), c->analysisOptions(), *c), where,
              "after promotion analyze", bg->postPromotion ? bg->postPromotion->range : where);
    } else if (auto *c = dynamic_cast<P::ScaleDownItemContext *>(item)) {
      setOnce(bg->scaleDownDelay, durationToken(c->DURATION()), where, "scale-down after",
              bg->scaleDownDelay ? bg->scaleDownDelay->range : where);
    } else if (auto *c = dynamic_cast<P::BgAbortScaleDownItemContext *>(item)) {
      setOnce(bg->abortScaleDown, transformScaleDownDelay(*c->scaleDownDelay()), where,
              "abort scale-down", bg->abortScaleDown ? bg->abortScaleDown->range : where);
    } else if (auto *c = dynamic_cast<P::BgIrreversibleMarkContext *>(item)) {
      bg->marks.push_back({stringToken(c->STRING()).value, 0, where});
    } else if (auto *c = dynamic_cast<P::BgExtraItemContext *>(item)) {
      setOnce(bg->extra, transformConfigObject(*c->configObject()), where, "argo",
              bg->extra ? bg->extra->range : where);
    }
  }
  return bg;
}

ast::Experiment Transformer::transformExperiment(P::ExperimentStepContext &ctx) {
  ast::Experiment experiment;
  experiment.range = range(ctx);
  if (ctx.DURATION()) experiment.duration = durationToken(ctx.DURATION());
  for (P::ExperimentItemContext *item : ctx.experimentItem()) {
    SourceRange where = range(*item);
    if (auto *c = dynamic_cast<P::ExperimentReplicaSetItemContext *>(item)) {
      ast::ExperimentReplicaSet rs;
      rs.range = where;
      rs.name = name(*c->name(0));
      rs.specRef = name(*c->name(1));
      for (P::ReplicaSetOptionContext *option : c->replicaSetOption()) {
        SourceRange at = range(*option);
        if (auto *r = dynamic_cast<P::ReplicaSetReplicasContext *>(option)) {
          setOnce(rs.replicas, intToken(r->INT()), at, "replicas",
                  rs.replicas ? rs.replicas->range : at);
        } else if (auto *w = dynamic_cast<P::ReplicaSetWeightContext *>(option)) {
          setOnce(rs.weight, percentToken(w->percentage()->getStart(), true), at, "weight",
                  rs.weight ? rs.weight->range : at);
        }
      }
      if (c->configObject()) rs.config = transformConfigObject(*c->configObject());
      experiment.replicaSets.push_back(std::move(rs));
    } else if (auto *c = dynamic_cast<P::ExperimentAnalysisItemContext *>(item)) {
      ast::ExperimentAnalysis analysis;
      analysis.range = where;
      analysis.ref = transformAnalysisRef(*c->analysisRef());
      if (c->name()) analysis.alias = name(*c->name());
      analysis.required = c->req != nullptr;
      experiment.analyses.push_back(std::move(analysis));
    } else if (auto *c = dynamic_cast<P::ExperimentDryRunItemContext *>(item)) {
      for (P::NameContext *n : c->name()) experiment.dryRunMetrics.push_back(name(*n));
    } else if (auto *c = dynamic_cast<P::ExperimentExtraItemContext *>(item)) {
      setOnce(experiment.extra, transformConfigObject(*c->configObject()), where, "argo",
              experiment.extra ? experiment.extra->range : where);
    }
  }
  return experiment;
}

ast::AnalysisRef Transformer::transformAnalysisRef(P::AnalysisRefContext &refCtx) {
  ast::AnalysisRef ref;
  ref.name = name(*refCtx.name());
  ref.range = range(refCtx);
  ref.hasParens = refCtx.getStop() && refCtx.getStop()->getText() == ")";
  for (P::ArgumentContext *arg : refCtx.argument()) ref.arguments.push_back(transformArgument(*arg));
  return ref;
}

ast::AnalysisUse Transformer::transformAnalysisUse(P::AnalysisRefListContext &refs,
                                                   P::AnalysisOptionsContext *options,
                                                   antlr4::ParserRuleContext &whole) {
  ast::AnalysisUse use;
  use.range = range(whole);
  for (P::AnalysisRefContext *refCtx : refs.analysisRef())
    use.refs.push_back(transformAnalysisRef(*refCtx));
  if (options)
    for (P::NameContext *n : options->name()) use.dryRunMetrics.push_back(name(*n));
  return use;
}

ast::Argument Transformer::transformArgument(P::ArgumentContext &ctx) {
  ast::Argument arg;
  arg.name = name(*ctx.name());
  arg.range = range(ctx);
  P::ArgumentValueContext *value = ctx.argumentValue();
  if (auto *c = dynamic_cast<P::LiteralArgumentContext *>(value)) {
    arg.kind = ast::Argument::Kind::Literal;
    arg.literal = transformLiteral(*c->literal());
  } else if (dynamic_cast<P::StableHashArgumentContext *>(value)) {
    arg.kind = ast::Argument::Kind::StableHash;
  } else if (dynamic_cast<P::LatestHashArgumentContext *>(value)) {
    arg.kind = ast::Argument::Kind::LatestHash;
  } else if (auto *c = dynamic_cast<P::FieldArgumentContext *>(value)) {
    arg.kind = ast::Argument::Kind::FieldRef;
    arg.fieldPath = stringToken(c->STRING()).value;
  }
  return arg;
}

ast::Literal Transformer::transformLiteral(P::LiteralContext &ctx) {
  ast::Literal lit;
  lit.range = range(ctx);
  lit.text = ctx.getText();
  if (ctx.STRING()) {
    lit.kind = ast::Literal::Kind::String;
    lit.text = stringToken(ctx.STRING()).value;
  } else if (ctx.INT()) {
    lit.kind = ast::Literal::Kind::Int;
    lit.number = static_cast<double>(intToken(ctx.INT()).value);
  } else if (ctx.FLOAT()) {
    lit.kind = ast::Literal::Kind::Float;
    std::from_chars(lit.text.data(), lit.text.data() + lit.text.size(), lit.number);
  } else if (ctx.PERCENT()) {
    lit.kind = ast::Literal::Kind::Percent;
    percentToken(ctx.PERCENT()->getSymbol(), true); // reports malformed numbers
    lit.number = percentToRatio(percentDigits(lit.text));
  } else if (ctx.DURATION()) {
    lit.kind = ast::Literal::Kind::Duration;
    lit.millis = durationToken(ctx.DURATION()).value;
  } else {
    lit.kind = ast::Literal::Kind::Bool;
    lit.boolean = lit.text == "true";
  }
  return lit;
}

ast::ConfigValue Transformer::transformConfigObject(P::ConfigObjectContext &ctx) {
  ast::ConfigValue object;
  object.kind = ast::ConfigValue::Kind::Object;
  object.range = range(ctx);
  for (P::ConfigEntryContext *entry : ctx.configEntry()) {
    P::ConfigKeyContext *key = entry->configKey();
    ast::Spanned<std::string> keyName =
        key->STRING() ? stringToken(key->STRING()) : name(*key->name());
    for (const auto &[existing, _] : object.entries)
      if (existing.value == keyName.value)
        diags_.report(DiagKind::DuplicateSetting, keyName.range, keyName.value)
            .note(DiagKind::PreviousSettingHere, existing.range);
    object.entries.push_back({std::move(keyName), transformConfigValue(*entry->configValue())});
  }
  return object;
}

ast::ConfigValue Transformer::transformConfigValue(P::ConfigValueContext &ctx) {
  if (ctx.literal()) {
    ast::ConfigValue value;
    value.kind = ast::ConfigValue::Kind::Scalar;
    value.scalar = transformLiteral(*ctx.literal());
    value.range = value.scalar.range;
    return value;
  }
  if (ctx.configObject()) return transformConfigObject(*ctx.configObject());
  ast::ConfigValue list;
  list.kind = ast::ConfigValue::Kind::List;
  list.range = range(ctx);
  for (P::ConfigValueContext *item : ctx.configValue()) list.items.push_back(transformConfigValue(*item));
  return list;
}

//===-- Analyses and metrics ----------------------------------------------===//

ast::Analysis Transformer::transformAnalysis(P::AnalysisDeclContext &ctx) {
  ast::Analysis analysis;
  analysis.name = name(*ctx.name());
  analysis.range = range(ctx);
  analysis.cluster = ctx.cluster != nullptr;
  for (P::ParameterContext *p : ctx.parameter()) {
    ast::Parameter param;
    param.name = name(*p->name(0));
    param.type = name(*p->name(1));
    param.range = range(*p);
    if (p->literal()) param.defaultValue = transformLiteral(*p->literal());
    if (std::vector<antlr4::tree::TerminalNode *> strings = p->STRING(); strings.size() == 2) {
      ast::SecretRef secret;
      secret.name = stringToken(strings[0]);
      secret.key = stringToken(strings[1]);
      secret.range = SourceRange::merge(range(p->sec), secret.key.range); // `secret "n" key "k"`
      param.secret = std::move(secret);
    }
    analysis.parameters.push_back(std::move(param));
  }
  for (P::AnalysisItemContext *item : ctx.analysisItem())
    if (item->metricDecl()) analysis.metrics.push_back(transformMetric(*item->metricDecl()));
  return analysis;
}

ast::Metric Transformer::transformMetric(P::MetricDeclContext &ctx) {
  ast::Metric metric;
  metric.name = name(*ctx.name());
  metric.range = range(ctx);
  auto prev = [](const auto &slot, SourceRange fallback) { return slot ? slot->range : fallback; };
  // A count, limit or duration: a literal token (INT or DURATION) or text Argo resolves per run.
  auto setting = [&](std::optional<ast::Spanned<int64_t>> &slot, const char *field, antlr4::tree::TerminalNode *token,
                     P::SettingTextContext *text, SourceRange where, std::string_view what) {
    std::optional<SourceRange> previous = slot ? std::optional<SourceRange>(slot->range) : std::nullopt;
    for (const ast::TextSetting &existing : metric.textSettings)
      if (existing.field == field) previous = existing.text.range;
    if (previous) {
      diags_.report(DiagKind::DuplicateSetting, where, what).note(DiagKind::PreviousSettingHere, *previous);
      return;
    }
    if (text) metric.textSettings.push_back({field, transformSettingText(*text)});
    else slot = token->getSymbol()->getType() == P::DURATION ? durationToken(token) : intToken(token);
  };
  for (P::MetricItemContext *item : ctx.metricItem()) {
    SourceRange where = range(*item);
    if (auto *c = dynamic_cast<P::PrometheusItemContext *>(item)) {
      ast::Provider provider;
      provider.kind = {"prometheus", where};
      provider.range = where;
      std::vector<antlr4::tree::TerminalNode *> strings = c->STRING();
      if (strings.size() == 2) provider.address = stringToken(strings[0]);
      provider.query = stringToken(strings.back());
      metric.providers.push_back(std::move(provider));
    } else if (auto *c = dynamic_cast<P::ProviderItemContext *>(item)) {
      ast::Provider provider;
      provider.kind = name(*c->name());
      provider.range = where;
      provider.config = transformConfigObject(*c->configObject());
      metric.providers.push_back(std::move(provider));
    } else if (auto *c = dynamic_cast<P::EveryItemContext *>(item)) {
      setting(metric.interval, "interval", c->DURATION(), c->interval, where, "every");
      if (c->INT() || c->count) setting(metric.count, "count", c->INT(), c->count, where, "count");
    } else if (auto *c = dynamic_cast<P::CountItemContext *>(item)) {
      setting(metric.count, "count", c->INT(), c->settingText(), where, "count");
    } else if (auto *c = dynamic_cast<P::InitialDelayItemContext *>(item)) {
      setting(metric.initialDelay, "initialDelay", c->DURATION(), c->settingText(), where, "initial delay");
    } else if (auto *c = dynamic_cast<P::SuccessItemContext *>(item)) {
      ast::Condition cond{transformExpr(*c->expr()), range(*c->expr())};
      setOnce(metric.success, std::move(cond), where, "success when", prev(metric.success, where));
    } else if (auto *c = dynamic_cast<P::FailureItemContext *>(item)) {
      ast::Condition cond{transformExpr(*c->expr()), range(*c->expr())};
      setOnce(metric.failure, std::move(cond), where, "failure when", prev(metric.failure, where));
    } else if (auto *c = dynamic_cast<P::FailureLimitItemContext *>(item)) {
      if (c->settingText() || c->INT()) setting(metric.failureLimit, "failureLimit", c->INT(), c->settingText(), where, "failure limit");
      else setOnce(metric.failureLimit, ast::Spanned<int64_t>{-1, where}, where, "failure limit", prev(metric.failureLimit, where));
    } else if (auto *c = dynamic_cast<P::InconclusiveLimitItemContext *>(item)) {
      setting(metric.inconclusiveLimit, "inconclusiveLimit", c->INT(), c->settingText(), where, "inconclusive limit");
    } else if (auto *c = dynamic_cast<P::ErrorLimitItemContext *>(item)) {
      setting(metric.consecutiveErrorLimit, "consecutiveErrorLimit", c->INT(), c->settingText(), where, "error limit");
    } else if (auto *c = dynamic_cast<P::SuccessStreakItemContext *>(item)) {
      setting(metric.consecutiveSuccessLimit, "consecutiveSuccessLimit", c->INT(), c->settingText(), where,
              "success streak");
    } else if (dynamic_cast<P::DryRunItemContext *>(item)) {
      setOnce(metric.dryRun, where, where, "dry-run", metric.dryRun ? *metric.dryRun : where);
    } else if (auto *c = dynamic_cast<P::UnitItemContext *>(item)) {
      setOnce(metric.unit, name(*c->name()), where, "unit", prev(metric.unit, where));
    } else if (auto *c = dynamic_cast<P::ReturnsItemContext *>(item)) {
      setOnce(metric.returns, name(*c->name()), where, "returns", prev(metric.returns, where));
    } else if (auto *c = dynamic_cast<P::KeepItemContext *>(item)) {
      setOnce(metric.keep, intToken(c->INT()), where, "keep", prev(metric.keep, where));
    } else if (auto *c = dynamic_cast<P::MetricFlaggerItemContext *>(item)) {
      setOnce(metric.flagger, transformConfigObject(*c->configObject()), where, "flagger",
              prev(metric.flagger, where));
    }
  }
  return metric;
}

ast::Spanned<std::string> Transformer::transformSettingText(P::SettingTextContext &ctx) {
  if (antlr4::tree::TerminalNode *string = ctx.STRING()) return stringToken(string);
  ast::Spanned<std::string> base = name(*ctx.name(0));
  ast::Spanned<std::string> member = name(*ctx.name(1));
  if (base.value != "args")
    diags_.report(DiagKind::SyntaxError, base.range,
                  fmt::format("expected `args.NAME` or a string, found `{}.{}`", base.value, member.value));
  return {"{{args." + member.value + "}}", range(ctx)};
}

//===-- Conditions --------------------------------------------------------===//

expr::ExprPtr Transformer::transformConditionOnly(P::ConditionOnlyContext &ctx) {
  return transformExpr(*ctx.expr());
}

expr::ExprPtr Transformer::makeBinary(expr::BinaryOp op, P::ExprContext &ctx, P::ExprContext &lhs,
                                      P::ExprContext &rhs, bool word) {
  auto node = std::make_unique<expr::Expr>();
  node->kind = expr::ExprKind::Binary;
  node->binaryOp = op;
  node->wordOperator = word;
  node->range = range(ctx);
  node->children.push_back(transformExpr(lhs));
  node->children.push_back(transformExpr(rhs));
  return node;
}

expr::ExprPtr Transformer::transformExpr(P::ExprContext &ctx) {
  // The parser's pre-scan bounds nesting (see parser.cpp), so this recursion is bounded too.
  struct DepthGuard {
    int &d;
    explicit DepthGuard(int &depth) : d(depth) { ++d; }
    ~DepthGuard() { --d; }
  } guard(depth_);
  using expr::BinaryOp;
  using expr::ExprKind;
  auto node = std::make_unique<expr::Expr>();
  node->range = range(ctx);
  if (auto *c = dynamic_cast<P::PrimaryExprContext *>(&ctx)) return transformPrimary(*c->primary());
  if (auto *c = dynamic_cast<P::MemberExprContext *>(&ctx)) {
    node->kind = ExprKind::Member;
    node->text = c->name()->getText();
    node->children.push_back(transformExpr(*c->expr()));
    return node;
  }
  if (auto *c = dynamic_cast<P::OptionalMemberExprContext *>(&ctx)) {
    node->kind = ExprKind::Member;
    node->optional = true;
    node->text = c->name()->getText();
    node->children.push_back(transformExpr(*c->expr()));
    return node;
  }
  if (auto *c = dynamic_cast<P::IndexExprContext *>(&ctx)) {
    node->kind = ExprKind::Index;
    node->children.push_back(transformExpr(*c->expr(0)));
    node->children.push_back(transformExpr(*c->expr(1)));
    return node;
  }
  if (auto *c = dynamic_cast<P::SliceExprContext *>(&ctx)) {
    node->kind = ExprKind::Slice;
    node->children.push_back(transformExpr(*c->expr(0)));
    node->children.push_back(c->from ? transformExpr(*c->from) : nullptr);
    node->children.push_back(c->to ? transformExpr(*c->to) : nullptr);
    return node;
  }
  if (auto *c = dynamic_cast<P::CoalesceExprContext *>(&ctx))
    return makeBinary(BinaryOp::Coalesce, ctx, *c->expr(0), *c->expr(1));
  if (auto *c = dynamic_cast<P::PowerExprContext *>(&ctx)) {
    expr::ExprPtr power = makeBinary(BinaryOp::Power, ctx, *c->expr(0), *c->expr(1));
    power->text = c->op->getText(); // `**` or `^`: expr-lang's messages name the one written
    return power;
  }
  if (auto *c = dynamic_cast<P::SignExprContext *>(&ctx)) {
    node->kind = ExprKind::Unary;
    node->unaryOp = c->op->getText() == "-" ? expr::UnaryOp::Negate : expr::UnaryOp::Plus;
    node->children.push_back(transformExpr(*c->expr()));
    return node;
  }
  if (auto *c = dynamic_cast<P::MultiplicativeExprContext *>(&ctx)) {
    std::string op = c->op->getText();
    BinaryOp kind = op == "*" ? BinaryOp::Multiply : op == "/" ? BinaryOp::Divide : BinaryOp::Modulo;
    return makeBinary(kind, ctx, *c->expr(0), *c->expr(1));
  }
  if (auto *c = dynamic_cast<P::NotExprContext *>(&ctx)) {
    node->kind = ExprKind::Unary;
    node->unaryOp = expr::UnaryOp::Not;
    node->wordOperator = c->op->getText() == "not";
    node->children.push_back(transformExpr(*c->expr()));
    return node;
  }
  if (auto *c = dynamic_cast<P::AdditiveExprContext *>(&ctx))
    return makeBinary(c->op->getText() == "+" ? BinaryOp::Add : BinaryOp::Subtract, ctx,
                      *c->expr(0), *c->expr(1));
  if (auto *c = dynamic_cast<P::RangeExprContext *>(&ctx))
    return makeBinary(BinaryOp::Range, ctx, *c->expr(0), *c->expr(1));
  if (auto *c = dynamic_cast<P::ComparisonExprContext *>(&ctx)) {
    std::string op = c->comparisonOp()->getText();
    // `a not contains b` (and matches, startsWith, endsWith) is expr-lang's `not (a contains b)`.
    if (op.size() > 3 && op.rfind("not", 0) == 0 && op != "notin") {
      node->kind = ExprKind::Unary;
      node->unaryOp = expr::UnaryOp::Not;
      node->wordOperator = true;
      op = op.substr(3);
      BinaryOp negated = op == "matches" ? BinaryOp::Matches
                         : op == "contains" ? BinaryOp::Contains
                         : op == "startsWith" ? BinaryOp::StartsWith
                                              : BinaryOp::EndsWith;
      node->children.push_back(makeBinary(negated, ctx, *c->expr(0), *c->expr(1)));
      return node;
    }
    BinaryOp kind = op == "==" ? BinaryOp::Equal
                    : op == "!=" ? BinaryOp::NotEqual
                    : op == "<" ? BinaryOp::Less
                    : op == "<=" ? BinaryOp::LessEqual
                    : op == ">" ? BinaryOp::Greater
                    : op == ">=" ? BinaryOp::GreaterEqual
                    : op == "in" ? BinaryOp::In
                    : op == "notin" ? BinaryOp::NotIn
                    : op == "matches" ? BinaryOp::Matches
                    : op == "contains" ? BinaryOp::Contains
                    : op == "startsWith" ? BinaryOp::StartsWith
                                         : BinaryOp::EndsWith;
    return makeBinary(kind, ctx, *c->expr(0), *c->expr(1));
  }
  if (auto *c = dynamic_cast<P::AndExprContext *>(&ctx))
    return makeBinary(BinaryOp::And, ctx, *c->expr(0), *c->expr(1), c->op->getText() == "and");
  if (auto *c = dynamic_cast<P::OrExprContext *>(&ctx))
    return makeBinary(BinaryOp::Or, ctx, *c->expr(0), *c->expr(1), c->op->getText() == "or");
  if (auto *c = dynamic_cast<P::ConditionalExprContext *>(&ctx)) {
    node->kind = ExprKind::Conditional;
    for (size_t i = 0; i < 3; ++i) node->children.push_back(transformExpr(*c->expr(i)));
    return node;
  }
  node->kind = ExprKind::Nil; // unreachable for a tree without syntax errors
  return node;
}

expr::ExprPtr Transformer::transformPrimary(P::PrimaryContext &ctx) {
  using expr::ExprKind;
  auto node = std::make_unique<expr::Expr>();
  node->range = range(ctx);
  node->text = ctx.getText();
  if (auto *c = dynamic_cast<P::IntLiteralContext *>(&ctx)) {
    std::string text = c->getText();
    int64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && ptr == text.data() + text.size()) {
      node->kind = ExprKind::Int;
      node->intValue = value;
    } else {
      diags_.report(DiagKind::InvalidNumber, node->range, text, "the number is too large");
      node->kind = ExprKind::Int;
    }
  } else if (auto *c = dynamic_cast<P::FloatLiteralContext *>(&ctx)) {
    std::string text = c->getText();
    node->kind = ExprKind::Float;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), node->floatValue);
    if (ec != std::errc() || !std::isfinite(node->floatValue))
      diags_.report(DiagKind::InvalidNumber, node->range, text, "not a finite number");
  } else if (auto *c = dynamic_cast<P::PercentLiteralContext *>(&ctx)) {
    node->kind = ExprKind::Float;
    node->unit = expr::LiteralUnit::Percent;
    percentToken(c->PERCENT()->getSymbol(), true); // reports malformed numbers
    node->floatValue = percentToRatio(percentDigits(node->text));
  } else if (auto *c = dynamic_cast<P::DurationLiteralContext *>(&ctx)) {
    node->kind = ExprKind::Float;
    node->unit = expr::LiteralUnit::Duration;
    node->floatValue = static_cast<double>(durationToken(c->DURATION()).value);
  } else if (auto *c = dynamic_cast<P::StringLiteralContext *>(&ctx)) {
    node->kind = ExprKind::String;
    node->text = stringToken(c->STRING()).value;
  } else if (dynamic_cast<P::TrueLiteralContext *>(&ctx)) {
    node->kind = ExprKind::Bool;
    node->boolValue = true;
  } else if (dynamic_cast<P::FalseLiteralContext *>(&ctx)) {
    node->kind = ExprKind::Bool;
  } else if (dynamic_cast<P::NilLiteralContext *>(&ctx)) {
    node->kind = ExprKind::Nil;
  } else if (dynamic_cast<P::ElementRefContext *>(&ctx)) {
    node->kind = ExprKind::Element;
  } else if (auto *c = dynamic_cast<P::ElementMemberContext *>(&ctx)) {
    node->kind = ExprKind::Member;
    node->text = c->name()->getText();
    auto element = std::make_unique<expr::Expr>();
    element->kind = ExprKind::Element;
    element->range = node->range;
    node->children.push_back(std::move(element));
  } else if (auto *c = dynamic_cast<P::CallExprContext *>(&ctx)) {
    node->kind = ExprKind::Call;
    node->text = c->name()->getText();
    for (P::CallArgumentContext *arg : c->callArgument()) {
      if (auto *pred = dynamic_cast<P::PredicateArgumentContext *>(arg)) {
        auto predicate = std::make_unique<expr::Expr>();
        predicate->kind = ExprKind::Predicate;
        predicate->range = range(*pred);
        predicate->children.push_back(transformExpr(*pred->expr()));
        node->children.push_back(std::move(predicate));
      } else {
        node->children.push_back(transformExpr(*dynamic_cast<P::PlainArgumentContext *>(arg)->expr()));
      }
    }
  } else if (auto *c = dynamic_cast<P::IdentifierContext *>(&ctx)) {
    node->kind = ExprKind::Identifier;
    node->text = c->name()->getText();
  } else if (auto *c = dynamic_cast<P::ParenExprContext *>(&ctx)) {
    return transformExpr(*c->expr());
  } else if (auto *c = dynamic_cast<P::ListLiteralContext *>(&ctx)) {
    node->kind = ExprKind::List;
    for (P::ExprContext *e : c->expr()) node->children.push_back(transformExpr(*e));
  } else if (auto *c = dynamic_cast<P::MapLiteralContext *>(&ctx)) {
    node->kind = ExprKind::Map;
    for (P::MapEntryContext *entry : c->mapEntry()) {
      node->mapKeys.push_back(entry->name() ? entry->name()->getText()
                                            : stringToken(entry->STRING()).value);
      node->children.push_back(transformExpr(*entry->expr()));
    }
  }
  return node;
}

} // namespace rwd::parse
