// This file implements the mapping of an Argo `Rollout` document (spec, strategy, analysis stanzas,
// notification annotations) to Rewind's AST. Fields Rewind cannot carry are reported, never dropped.
#include "compiler/yaml/argo/reader.h"

#include <fmt/format.h>
#include <set>

namespace rwd::yaml::argo {

namespace {

constexpr std::string_view kSubscribe = "notifications.argoproj.io/subscribe.";

ast::Argument readArgument(Reader &r, const YAML::Node &node, bool &ok) {
  ast::Argument arg;
  arg.range = r.range(node);
  ok = false;
  if (!r.visit(node) || !r.expectMap(node, "args[]")) return arg;
  std::optional<ast::Spanned<std::string>> name;
  // Node handles are copied out of the iteration (its entries are temporaries).
  std::optional<YAML::Node> value, valueFrom;
  r.entries(node, [&](const std::string &key, const YAML::Node &k, const YAML::Node &v) {
    if (key == "name") name = r.string(v, "args[].name");
    else if (key == "value") value.emplace(v);
    else if (key == "valueFrom") valueFrom.emplace(v);
    else r.notCarried(k, "args[]." + key);
  });
  if (!name) {
    r.diags().report(DiagKind::YamlMissingField, arg.range, "an analysis argument", "name");
    return arg;
  }
  arg.name = *name;
  if (value && valueFrom) {
    r.diags().report(DiagKind::ArgoInvalidValue, r.range(*valueFrom),
                     fmt::format("argument `{}` has both `value` and `valueFrom`", name->value));
    return arg;
  }
  if (value) {
    if (!value->IsScalar()) {
      r.diags().report(DiagKind::YamlWrongShape, r.range(*value), "args[].value", "a string", Reader::describe(*value));
      return arg;
    }
    arg.kind = ast::Argument::Kind::Literal;
    arg.literal.kind = ast::Literal::Kind::String; // typed by its parameter once every file is read
    arg.literal.text = value->Scalar();
    arg.literal.range = r.range(*value);
    ok = true;
    return arg;
  }
  if (!valueFrom) {
    r.diags().report(DiagKind::YamlMissingField, arg.range, fmt::format("argument `{}`", name->value),
                     "value` or `valueFrom");
    return arg;
  }
  if (!r.expectMap(*valueFrom, "args[].valueFrom")) return arg;
  r.entries(*valueFrom, [&](const std::string &key, const YAML::Node &k, const YAML::Node &v) {
    if (key == "podTemplateHashValue") {
      auto which = r.string(v, "valueFrom.podTemplateHashValue");
      if (!which) return;
      if (which->value == "Stable") arg.kind = ast::Argument::Kind::StableHash;
      else if (which->value == "Latest") arg.kind = ast::Argument::Kind::LatestHash;
      else {
        r.diags().report(DiagKind::YamlWrongShape, which->range, "valueFrom.podTemplateHashValue",
                         "`Stable` or `Latest`", Reader::describe(v));
        return;
      }
      ok = true;
    } else if (key == "fieldRef") {
      if (!r.expectMap(v, "valueFrom.fieldRef")) return;
      if (!v["fieldPath"]) {
        r.diags().report(DiagKind::YamlMissingField, r.range(v), "`valueFrom.fieldRef`", "fieldPath");
        return;
      }
      auto path = r.string(v["fieldPath"], "valueFrom.fieldRef.fieldPath");
      if (!path) return;
      arg.kind = ast::Argument::Kind::FieldRef;
      arg.fieldPath = path->value;
      ok = true;
    } else if (key == "secretKeyRef") {
      // A Rollout's AnalysisRunArgument has no secretKeyRef (types.go ArgumentValueFrom; the CRD
      // refuses the field): the template's own argument reads the Secret.
      r.diags().report(DiagKind::ArgoInvalidValue, r.range(k),
                       fmt::format("a Rollout's analysis argument takes `valueFrom.podTemplateHashValue` or "
                                   "`valueFrom.fieldRef`, not a Secret; read the Secret in the AnalysisTemplate: "
                                   "`args: [{{name: {}, valueFrom: {{secretKeyRef: {{name: ..., key: ...}}}}}}]`",
                                   name->value));
    } else {
      r.notCarried(k, "valueFrom." + key);
    }
  });
  return arg;
}

/// An analysis stanza (`templates`, `args`, `dryRun`, `measurementRetention`) → AnalysisUse, with its
/// rules left for resolveArgoReferences.
void readAnalysisUse(Reader &r, const YAML::Node &node, std::string_view field, ast::AnalysisUse &use,
                     PendingUse &pending, std::optional<ast::Spanned<int64_t>> *startingStep) {
  use.range = r.range(node);
  if (!r.expectMap(node, field)) return;
  std::vector<ast::Argument> args;
  bool sawTemplates = false;
  r.entries(node, [&](const std::string &key, const YAML::Node &k, const YAML::Node &v) {
    if (key == "templates") {
      sawTemplates = true;
      if (!r.expectSeq(v, "templates")) return;
      for (const YAML::Node &t : v) {
        if (!r.visit(t) || !r.expectMap(t, "templates[]")) continue;
        ast::AnalysisRef ref;
        ref.range = r.range(t);
        r.entries(t, [&](const std::string &tk, const YAML::Node &tkn, const YAML::Node &tv) {
          if (tk == "templateName") {
            if (auto name = r.string(tv, "templateName")) ref.name = *name;
          } else if (tk == "clusterScope") {
            r.boolean(tv, "clusterScope"); // one namespace of names in Rewind: checked, not kept
          } else {
            r.notCarried(tkn, "templates[]." + tk);
          }
        });
        if (ref.name.value.empty()) {
          r.diags().report(DiagKind::YamlMissingField, ref.range, "an analysis template reference", "templateName");
          continue;
        }
        use.refs.push_back(std::move(ref));
      }
    } else if (key == "args") {
      if (!r.expectSeq(v, "args")) return;
      for (const YAML::Node &a : v) {
        bool ok = false;
        ast::Argument arg = readArgument(r, a, ok);
        if (ok) args.push_back(std::move(arg));
      }
    } else if (key == "dryRun" || key == "measurementRetention") {
      readMetricRules(r, v, key, key, key == "dryRun" ? pending.dryRun : pending.retention);
    } else if (key == "startingStep" && startingStep) {
      *startingStep = r.integer(v, "startingStep");
    } else {
      r.notCarried(k, std::string(field) + "." + key);
    }
  });
  if (!sawTemplates)
    r.diags().report(DiagKind::YamlMissingField, use.range, fmt::format("`{}`", field), "templates");
  // Argo gives a run's arguments to all its templates; they are attached to the refs whose
  // template declares them once every file is read. Until then they wait on the first ref.
  if (!use.refs.empty()) {
    use.refs.front().arguments = std::move(args);
    use.refs.front().hasParens = !use.refs.front().arguments.empty();
  }
}

std::optional<ast::Experiment> readExperiment(Reader &r, const YAML::Node &node, PendingUse &pending) {
  if (!r.expectMap(node, "experiment")) return std::nullopt;
  ast::Experiment exp;
  exp.range = r.range(node);
  ast::ConfigValue extra;
  extra.kind = ast::ConfigValue::Kind::Object;
  extra.range = exp.range;
  r.entries(node, [&](const std::string &key, const YAML::Node &k, const YAML::Node &v) {
    if (key == "duration") {
      exp.duration = r.duration(v, "experiment.duration", false);
    } else if (key == "templates") {
      if (!r.expectSeq(v, "experiment.templates")) return;
      for (const YAML::Node &t : v) {
        if (!r.visit(t) || !r.expectMap(t, "experiment.templates[]")) continue;
        ast::ExperimentReplicaSet rs;
        rs.range = r.range(t);
        ast::ConfigValue rest;
        rest.kind = ast::ConfigValue::Kind::Object;
        rest.range = rs.range;
        r.entries(t, [&](const std::string &tk, const YAML::Node &tkn, const YAML::Node &tv) {
          if (tk == "name") {
            if (auto s = r.string(tv, "experiment.templates[].name")) rs.name = *s;
          } else if (tk == "specRef") {
            if (auto s = r.string(tv, "specRef")) {
              if (s->value != "stable" && s->value != "canary")
                r.diags().report(DiagKind::YamlWrongShape, s->range, "specRef", "`stable` or `canary`",
                                 Reader::describe(tv));
              else rs.specRef = *s;
            }
          } else if (tk == "replicas") {
            rs.replicas = r.integer(tv, "experiment.templates[].replicas");
          } else if (tk == "weight") {
            if (auto w = r.integer(tv, "experiment.templates[].weight"))
              rs.weight = ast::Spanned<double>{static_cast<double>(w->value), w->range};
          } else {
            rest.entries.push_back({ast::Spanned<std::string>{tk, r.range(tkn)}, r.config(tv)});
          }
        });
        if (rs.name.value.empty())
          r.diags().report(DiagKind::YamlMissingField, rs.range, "an experiment template", "name");
        if (rs.specRef.value.empty())
          r.diags().report(DiagKind::YamlMissingField, rs.range, "an experiment template", "specRef");
        if (!rest.entries.empty()) rs.config = std::move(rest);
        exp.replicaSets.push_back(std::move(rs));
      }
    } else if (key == "analyses") {
      if (!r.expectSeq(v, "experiment.analyses")) return;
      for (const YAML::Node &a : v) {
        if (!r.visit(a) || !r.expectMap(a, "experiment.analyses[]")) continue;
        ast::ExperimentAnalysis ea;
        ea.range = r.range(a);
        ea.ref.range = ea.range;
        r.entries(a, [&](const std::string &ak, const YAML::Node &akn, const YAML::Node &av) {
          if (ak == "name") ea.alias = r.string(av, "experiment.analyses[].name");
          else if (ak == "templateName") {
            if (auto s = r.string(av, "templateName")) ea.ref.name = *s;
          } else if (ak == "clusterScope") r.boolean(av, "clusterScope");
          else if (ak == "requiredForCompletion") {
            if (auto b = r.boolean(av, "requiredForCompletion")) ea.required = b->value;
          } else if (ak == "args") {
            if (!r.expectSeq(av, "args")) return;
            for (const YAML::Node &arg : av) {
              bool ok = false;
              ast::Argument parsed = readArgument(r, arg, ok);
              if (ok) ea.ref.arguments.push_back(std::move(parsed));
            }
            ea.ref.hasParens = !ea.ref.arguments.empty();
          } else {
            r.notCarried(akn, "experiment.analyses[]." + ak);
          }
        });
        if (ea.ref.name.value.empty()) {
          r.diags().report(DiagKind::YamlMissingField, ea.range, "an experiment analysis", "templateName");
          continue;
        }
        exp.analyses.push_back(std::move(ea));
      }
    } else if (key == "dryRun") {
      if (!r.expectSeq(v, "experiment.dryRun")) return;
      for (const YAML::Node &rule : v) {
        if (!r.visit(rule) || !r.expectMap(rule, "dryRun[]")) continue;
        if (!rule["metricName"]) {
          r.diags().report(DiagKind::YamlMissingField, r.range(rule), "a `dryRun` rule", "metricName");
          continue;
        }
        if (auto name = r.string(rule["metricName"], "metricName"))
          pending.dryRun.push_back({name->value, name->range, 0});
      }
    } else {
      extra.entries.push_back({ast::Spanned<std::string>{key, r.range(k)}, r.config(v)});
    }
  });
  if (!extra.entries.empty()) exp.extra = std::move(extra);
  return exp;
}

void readStep(Reader &r, const YAML::Node &node, ast::Canary &canary, ArgoYamlFile &out,
              std::vector<std::pair<size_t, PendingUse>> &pendingSteps) {
  ast::CanaryStep step;
  step.range = r.range(node);
  if (!r.visit(node) || !r.expectMap(node, "steps[]")) return;
  if (node.size() != 1) {
    std::string kinds;
    for (auto it = node.begin(); it != node.end(); ++it)
      kinds += (kinds.empty() ? "" : ", ") + fmt::format("`{}`", it->first.IsScalar() ? it->first.Scalar() : "?");
    r.diags().report(DiagKind::ArgoStepKinds, step.range, node.size() == 0 ? "none" : kinds);
    return;
  }
  (void)out;
  auto it = node.begin();
  if (!it->first.IsScalar()) {
    r.diags().report(DiagKind::YamlWrongShape, r.range(it->first), "a step kind", "a string", Reader::describe(it->first));
    return;
  }
  const std::string key = it->first.Scalar();
  // A copy (Nodes are handles): yaml-cpp's `it->second` lives in a proxy that dies with the
  // expression, so a reference to it dangles (found by the argo_yaml fuzzer).
  const YAML::Node v = it->second;
  const YAML::Node stepKey = it->first;
  if (key == "setWeight") {
    auto w = r.integer(v, "setWeight");
    if (!w) return;
    step.kind = ast::StepKind::SetWeight;
    step.weight = {static_cast<double>(w->value), w->range};
  } else if (key == "pause") {
    step.kind = ast::StepKind::ManualPause;
    if (v.IsNull()) {
      // `pause:` with nothing: Argo decodes it as no pause at all (nil), so the step is empty.
      r.diags().report(DiagKind::ArgoStepKinds, step.range, "none (`pause` is null; write `pause: {}`)");
      return;
    }
    if (!r.expectMap(v, "pause")) return;
    bool ok = true;
    r.entries(v, [&](const std::string &pk, const YAML::Node &pkn, const YAML::Node &pv) {
      if (pk == "duration") {
        auto d = r.duration(pv, "pause.duration", true);
        if (!d) {
          ok = false;
          return;
        }
        step.kind = ast::StepKind::TimedPause;
        step.duration = *d;
        // RolloutPause.DurationSeconds: Argo pauses whole seconds (`1.5s` is 1 s).
        step.duration.value -= step.duration.value % 1000;
      } else {
        r.notCarried(pkn, "pause." + pk);
      }
    });
    if (!ok) return;
  } else if (key == "analysis") {
    step.kind = ast::StepKind::Analysis;
    PendingUse pending;
    readAnalysisUse(r, v, "analysis", step.analysis, pending, nullptr);
    pendingSteps.emplace_back(canary.steps.size(), std::move(pending));
  } else if (key == "experiment") {
    PendingUse pending;
    step.experiment = readExperiment(r, v, pending);
    if (!step.experiment) return;
    step.kind = ast::StepKind::Experiment;
    pendingSteps.emplace_back(canary.steps.size(), std::move(pending));
  } else if (key == "setCanaryScale") {
    if (!r.expectMap(v, "setCanaryScale")) return;
    step.kind = ast::StepKind::SetCanaryScale;
    step.scale.range = r.range(v);
    int kinds = 0;
    r.entries(v, [&](const std::string &sk, const YAML::Node &skn, const YAML::Node &sv) {
      if (sk == "replicas") {
        ++kinds;
        step.scale.kind = ast::CanaryScale::Kind::Replicas;
        if (auto n = r.integer(sv, "setCanaryScale.replicas")) step.scale.replicas = n->value;
      } else if (sk == "weight") {
        ++kinds;
        step.scale.kind = ast::CanaryScale::Kind::Weight;
        if (auto n = r.integer(sv, "setCanaryScale.weight")) step.scale.weight = static_cast<double>(n->value);
      } else if (sk == "matchTrafficWeight") {
        auto b = r.boolean(sv, "setCanaryScale.matchTrafficWeight");
        if (b && b->value) {
          ++kinds;
          step.scale.kind = ast::CanaryScale::Kind::MatchTrafficWeight;
        }
      } else {
        r.notCarried(skn, "setCanaryScale." + sk);
      }
    });
    if (kinds != 1) {
      r.diags().report(DiagKind::ArgoInvalidValue, step.scale.range,
                       "`setCanaryScale` needs exactly one of `replicas`, `weight` or `matchTrafficWeight: true`");
      return;
    }
  } else if (key == "setHeaderRoute" || key == "setMirrorRoute") {
    if (!r.expectMap(v, key)) return;
    step.kind = key == "setHeaderRoute" ? ast::StepKind::HeaderRoute : ast::StepKind::MirrorRoute;
    ast::ConfigValue rest;
    rest.kind = ast::ConfigValue::Kind::Object;
    rest.range = r.range(v);
    r.entries(v, [&](const std::string &hk, const YAML::Node &hkn, const YAML::Node &hv) {
      if (hk == "name") {
        if (auto s = r.string(hv, key + ".name")) step.routeName = *s;
      } else {
        rest.entries.push_back({ast::Spanned<std::string>{hk, r.range(hkn)}, r.config(hv)});
      }
    });
    if (step.routeName.value.empty()) {
      r.diags().report(DiagKind::YamlMissingField, rest.range, fmt::format("`{}`", key), "name");
      return;
    }
    if (!rest.entries.empty()) step.config = std::move(rest);
  } else {
    step.kind = ast::StepKind::Passthrough;
    step.routeName = {key, r.range(stepKey)};
    step.config = r.config(v);
  }
  canary.steps.push_back(std::move(step));
}

std::unique_ptr<ast::Canary> readCanary(Reader &r, const YAML::Node &node, ArgoYamlFile &out) {
  auto canary = std::make_unique<ast::Canary>();
  canary->range = r.range(node);
  ast::ConfigValue extra;
  extra.kind = ast::ConfigValue::Kind::Object;
  extra.range = canary->range;
  std::vector<std::pair<size_t, PendingUse>> pendingSteps;
  std::optional<PendingUse> pendingBackground;
  r.entries(node, [&](const std::string &key, const YAML::Node &k, const YAML::Node &v) {
    if (key == "steps") {
      if (!r.expectSeq(v, "steps")) return;
      for (const YAML::Node &s : v) {
        readStep(r, s, *canary, out, pendingSteps);
        if (r.stopped()) return;
      }
    } else if (key == "analysis") {
      canary->background.emplace();
      pendingBackground.emplace();
      readAnalysisUse(r, v, "analysis", *canary->background, *pendingBackground, &canary->backgroundStartingStep);
    } else if (key == "stableService") {
      canary->stableService = r.string(v, key);
    } else if (key == "canaryService") {
      canary->canaryService = r.string(v, key);
    } else if (key == "trafficRouting") {
      if (!r.expectMap(v, key)) return;
      // Router-independent settings live in the router's config in Rewind (`traffic routing istio
      // { ..., managedRoutes: [...] }`); the backend writes them back at trafficRouting level.
      std::vector<std::pair<ast::Spanned<std::string>, ast::ConfigValue>> shared;
      r.entries(v, [&](const std::string &tk, const YAML::Node &tkn, const YAML::Node &tv) {
        if (tk == "managedRoutes" || tk == "maxTrafficWeight") {
          shared.emplace_back(ast::Spanned<std::string>{tk, r.range(tkn)}, r.config(tv));
          return;
        }
        if (canary->trafficRouting) {
          r.notCarried(tkn, "trafficRouting." + tk);
          return;
        }
        ast::TrafficRouting routing;
        routing.provider = {tk, r.range(tkn)};
        routing.range = r.range(tkn);
        if (!tv.IsNull()) routing.config = r.config(tv);
        canary->trafficRouting = std::move(routing);
      });
      if (!shared.empty() && canary->trafficRouting) {
        ast::TrafficRouting &routing = *canary->trafficRouting;
        if (!routing.config) {
          routing.config.emplace();
          routing.config->kind = ast::ConfigValue::Kind::Object;
          routing.config->range = routing.range;
        }
        for (auto &entry : shared) routing.config->entries.push_back({std::move(entry.first), std::move(entry.second)});
      } else {
        for (auto &entry : shared) r.notCarried(v, "trafficRouting." + entry.first.value + " without a router");
      }
    } else if (key == "maxSurge") {
      canary->maxSurge = r.quantity(v, key);
    } else if (key == "maxUnavailable") {
      canary->maxUnavailable = r.quantity(v, key);
    } else if (key == "scaleDownDelaySeconds") {
      canary->scaleDownDelay = r.seconds(v, key);
    } else if (key == "abortScaleDownDelaySeconds") {
      // `0` stays "after 0s", not `never`: Argo reads it as never, and sema warns (NeverScalesDown)
      // because users read it as "at once"; the lowered plan is the same either way.
      if (auto d = r.seconds(v, key)) canary->abortScaleDown = ast::ScaleDownDelay{d->value, false, d->range};
    } else if (key == "dynamicStableScale") {
      if (auto b = r.boolean(v, key); b && b->value) canary->dynamicStableScale = b->range;
    } else {
      extra.entries.push_back({ast::Spanned<std::string>{key, r.range(k)}, r.config(v)});
    }
  });
  if (!extra.entries.empty()) canary->extra = std::move(extra);
  // Pointers into the steps are taken only now: the vector no longer grows.
  for (auto &[index, pending] : pendingSteps) {
    ast::CanaryStep &step = canary->steps[index];
    if (step.kind == ast::StepKind::Analysis) pending.use = &step.analysis;
    else {
      pending.experiment = &step.experiment->analyses;
      pending.experimentDryRun = &step.experiment->dryRunMetrics;
      pending.experimentRules = &step.experiment->argoRules;
    }
    out.pending.push_back(std::move(pending));
  }
  if (pendingBackground) {
    pendingBackground->use = &*canary->background;
    out.pending.push_back(std::move(*pendingBackground));
  }
  return canary;
}

std::unique_ptr<ast::BlueGreen> readBlueGreen(Reader &r, const YAML::Node &node, ArgoYamlFile &out) {
  auto bg = std::make_unique<ast::BlueGreen>();
  bg->range = r.range(node);
  ast::ConfigValue extra;
  extra.kind = ast::ConfigValue::Kind::Object;
  extra.range = bg->range;
  std::optional<PendingUse> pre, post;
  r.entries(node, [&](const std::string &key, const YAML::Node &k, const YAML::Node &v) {
    if (key == "activeService") bg->activeService = r.string(v, key);
    else if (key == "previewService") bg->previewService = r.string(v, key);
    else if (key == "previewReplicaCount") bg->previewReplicas = r.integer(v, key);
    else if (key == "autoPromotionEnabled") bg->autoPromotion = r.boolean(v, key);
    else if (key == "autoPromotionSeconds") bg->autoPromotionDelay = r.seconds(v, key);
    else if (key == "prePromotionAnalysis") {
      bg->prePromotion.emplace();
      pre.emplace();
      readAnalysisUse(r, v, key, *bg->prePromotion, *pre, nullptr);
    } else if (key == "postPromotionAnalysis") {
      bg->postPromotion.emplace();
      post.emplace();
      readAnalysisUse(r, v, key, *bg->postPromotion, *post, nullptr);
    } else if (key == "scaleDownDelaySeconds") bg->scaleDownDelay = r.seconds(v, key);
    else if (key == "abortScaleDownDelaySeconds") {
      if (auto d = r.seconds(v, key)) bg->abortScaleDown = ast::ScaleDownDelay{d->value, false, d->range};
    } else {
      extra.entries.push_back({ast::Spanned<std::string>{key, r.range(k)}, r.config(v)});
    }
  });
  if (!extra.entries.empty()) bg->extra = std::move(extra);
  if (pre) {
    pre->use = &*bg->prePromotion;
    out.pending.push_back(std::move(*pre));
  }
  if (post) {
    post->use = &*bg->postPromotion;
    out.pending.push_back(std::move(*post));
  }
  return bg;
}

void readNotifications(Reader &r, const YAML::Node &annotations, ast::Rollout &rollout) {
  if (!r.expectMap(annotations, "metadata.annotations")) return;
  r.entries(annotations, [&](const std::string &key, const YAML::Node &k, const YAML::Node &v) {
    if (key.rfind(kSubscribe, 0) != 0) return;
    std::string rest = key.substr(kSubscribe.size());
    size_t dot = rest.find('.');
    SourceRange keyRange = r.range(k);
    if (dot == std::string::npos || dot == 0 || dot + 1 == rest.size()) {
      r.diags().report(DiagKind::ArgoInvalidValue, keyRange,
                       "notification subscription must be `notifications.argoproj.io/subscribe.<trigger>.<service>`");
      return;
    }
    auto value = r.string(v, key);
    if (!value) return;
    std::string trigger = rest.substr(0, dot), service = rest.substr(dot + 1);
    // `a;b`: one recipient each, trimmed.
    size_t start = 0;
    const std::string &text = value->value;
    while (start <= text.size()) {
      size_t end = text.find(';', start);
      if (end == std::string::npos) end = text.size();
      size_t b = text.find_first_not_of(" \t", start), e = text.find_last_not_of(" \t", end - 1);
      if (b != std::string::npos && b < end && e != std::string::npos && e >= b) {
        std::string recipient = text.substr(b, e - b + 1);
        ast::Notification *existing = nullptr;
        for (ast::Notification &n : rollout.notifications)
          if (n.service.value == service && n.recipient.value == recipient) existing = &n;
        if (!existing) {
          rollout.notifications.emplace_back();
          existing = &rollout.notifications.back();
          existing->service = {service, keyRange};
          existing->recipient = {recipient, value->range};
          existing->range = SourceRange::merge(keyRange, value->range);
        }
        existing->triggers.push_back({trigger, keyRange});
      }
      start = end + 1;
    }
  });
}

std::optional<ast::Workload> readWorkload(Reader &r, const YAML::Node &node) {
  if (!r.expectMap(node, "workloadRef")) return std::nullopt;
  ast::Workload w;
  w.range = r.range(node);
  r.entries(node, [&](const std::string &key, const YAML::Node &k, const YAML::Node &v) {
    if (key == "kind") {
      if (auto s = r.string(v, "workloadRef.kind")) w.kind = *s;
    } else if (key == "name") {
      if (auto s = r.string(v, "workloadRef.name")) w.name = *s;
    } else if (key == "apiVersion") {
      w.apiVersion = r.string(v, "workloadRef.apiVersion");
    } else if (key == "scaleDown") {
      if (auto s = r.string(v, "workloadRef.scaleDown")) {
        if (s->value != "never" && s->value != "onsuccess" && s->value != "progressively")
          r.diags().report(DiagKind::YamlWrongShape, s->range, "workloadRef.scaleDown",
                           "`never`, `onsuccess` or `progressively`", Reader::describe(v));
        else w.scaleDown = *s;
      }
    } else {
      r.notCarried(k, "workloadRef." + key);
    }
  });
  if (w.name.value.empty()) {
    r.diags().report(DiagKind::YamlMissingField, w.range, "`workloadRef`", "name");
    return std::nullopt;
  }
  if (w.kind.value.empty()) w.kind = {"Deployment", w.range};
  return w;
}

} // namespace

void readRollout(Reader &r, const YAML::Node &doc, ast::PolicyFile &policy) {
  ast::Rollout rollout;
  rollout.range = r.range(doc);
  YAML::Node metadata = doc["metadata"];
  if (metadata && metadata.IsMap() && metadata["name"]) {
    if (auto name = r.string(metadata["name"], "metadata.name")) rollout.name = *name;
  }
  if (rollout.name.value.empty()) {
    r.diags().report(DiagKind::YamlMissingField, rollout.range, "a Rollout", "metadata.name");
    return;
  }
  if (metadata.IsMap() && metadata["annotations"]) readNotifications(r, metadata["annotations"], rollout);
  YAML::Node spec = doc["spec"];
  if (!spec) {
    r.diags().report(DiagKind::YamlMissingField, rollout.range, fmt::format("Rollout `{}`", rollout.name.value), "spec");
    return;
  }
  if (!r.expectMap(spec, "spec")) return;
  ast::ConfigValue extra;
  extra.kind = ast::ConfigValue::Kind::Object;
  extra.range = r.range(spec);
  ArgoYamlFile &out = r.out();
  r.entries(spec, [&](const std::string &key, const YAML::Node &k, const YAML::Node &v) {
    if (key == "replicas") rollout.replicas = r.integer(v, "spec.replicas");
    else if (key == "minReadySeconds") rollout.minReady = r.seconds(v, "spec.minReadySeconds");
    else if (key == "progressDeadlineSeconds") rollout.progressDeadline = r.seconds(v, "spec.progressDeadlineSeconds");
    else if (key == "progressDeadlineAbort") {
      if (auto b = r.boolean(v, "spec.progressDeadlineAbort")) rollout.progressDeadlineAbort = b->value;
    } else if (key == "rollbackWindow") {
      if (!r.expectMap(v, "spec.rollbackWindow")) return;
      r.entries(v, [&](const std::string &wk, const YAML::Node &wkn, const YAML::Node &wv) {
        if (wk == "revisions") rollout.rollbackWindow = r.integer(wv, "rollbackWindow.revisions");
        else r.notCarried(wkn, "rollbackWindow." + wk);
      });
    } else if (key == "workloadRef") {
      rollout.workload = readWorkload(r, v);
    } else if (key == "selector" || key == "template") {
      // The workload itself, not policy.
    } else if (key == "strategy") {
      if (!r.expectMap(v, "spec.strategy")) return;
      r.entries(v, [&](const std::string &sk, const YAML::Node &skn, const YAML::Node &sv) {
        if (sk != "canary" && sk != "blueGreen") {
          r.diags().report(DiagKind::YamlWrongShape, r.range(skn), "a strategy", "`canary` or `blueGreen`",
                           fmt::format("`{}`", sk));
          return;
        }
        if (rollout.canary || rollout.blueGreen) {
          rollout.extraStrategies.push_back(r.range(skn));
          return;
        }
        if (sv.IsNull()) {
          if (sk == "canary") rollout.canary = std::make_unique<ast::Canary>();
          else rollout.blueGreen = std::make_unique<ast::BlueGreen>();
          (sk == "canary" ? rollout.canary->range : rollout.blueGreen->range) = r.range(skn);
          return;
        }
        if (!r.expectMap(sv, "strategy." + sk)) return;
        if (sk == "canary") rollout.canary = readCanary(r, sv, out);
        else rollout.blueGreen = readBlueGreen(r, sv, out);
      });
    } else {
      extra.entries.push_back({ast::Spanned<std::string>{key, r.range(k)}, r.config(v)});
    }
  });
  if (!extra.entries.empty()) rollout.extra = std::move(extra);
  policy.rollouts.push_back(std::move(rollout));
}

} // namespace rwd::yaml::argo
