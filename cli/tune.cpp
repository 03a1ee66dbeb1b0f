// This file implements `rewind tune SUITE --vary SETTING=VALUES...` (CONTRACT §8): the suite's cases
// replayed under every combination of the settings' values, the combinations ranked, and the best
// spelled as the policy lines to change. Every trace is parsed once; each combination's plan comes
// from the checked policy edited in memory, never from the files again.
#include "cli/app.h"
#include "cli/command.h"
#include "cli/progress.h"
#include "cli/session.h"
#include "cli/suite_run.h"
#include "compiler/driver/policy_variants.h"
#include "render/tune_report.h"
#include "simulator/tune/grid.h"
#include "simulator/tune/tune_result.h"
#include "simulator/tune/tuner.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <set>

namespace rwd::cli {

namespace {

struct TuneArgs {
  std::string suite;
  std::vector<std::string> vary;
  std::string format = "text";
  std::string out;
  unsigned jobs = 0; // 0: every available processor
  size_t top = 10;
  CommonOptions common;
};

/// Combinations lowered and replayed together: bounds the plans held at once.
constexpr size_t kBatch = 64;

sim::tune::TuneValue reportValue(const driver::TunedSetting &setting, size_t index) {
  const driver::SettingValue &value = setting.values[index];
  using Style = sim::tune::TuneValue::Style;
  Style style = Style::Text;
  if (setting.kind == driver::SettingKind::Bool) style = Style::Bool;
  else if (setting.kind == driver::SettingKind::Integer && value.text != "none") style = Style::Number;
  else if (setting.kind == driver::SettingKind::Number && value.literal.kind != ast::Literal::Kind::Percent)
    style = Style::Number;
  return {value.text, style};
}

std::vector<sim::tune::TuneValue> reportValues(const std::vector<driver::TunedSetting> &settings,
                                               const std::vector<size_t> &choice) {
  std::vector<sim::tune::TuneValue> values;
  for (size_t i = 0; i < settings.size(); ++i) values.push_back(reportValue(settings[i], choice[i]));
  return values;
}

/// The settings of --vary, found in the suite's policy; nullopt after a usage error (printed).
std::optional<std::vector<driver::TunedSetting>> resolveSettings(const TuneArgs &args, driver::FrontendResult &frontend) {
  std::vector<driver::TunedSetting> settings;
  std::set<std::string> names;
  for (const std::string &text : args.vary) {
    std::string error;
    std::optional<driver::SettingSpec> spec = driver::parseSettingSpec(text, error);
    std::optional<driver::TunedSetting> setting;
    if (spec && !names.insert(spec->name).second) error = fmt::format("`{}` is varied twice", spec->name);
    else if (spec) setting = driver::resolveSetting(frontend, *spec, error);
    if (!setting) {
      std::cerr << "rewind: error: --vary " << text << ": " << error << "\n";
      return std::nullopt;
    }
    settings.push_back(std::move(*setting));
  }
  return settings;
}

/// Combination `choice`: the plan of the policy with its values (and, when the cases replay with
/// Flagger's semantics, the plan's own Flagger view); nullopt and `why` when the policy cannot take it.
std::optional<sim::tune::Variant> variantOf(driver::FrontendResult &frontend,
                                            const std::vector<driver::TunedSetting> &settings, bool flaggerView,
                                            const std::vector<size_t> &choice, std::string &why) {
  std::optional<plan::Plan> plan = driver::lowerVariant(frontend, settings, choice, why);
  if (!plan) return std::nullopt;
  std::shared_ptr<const plan::FlaggerAnalysis> flagger;
  if (flaggerView) {
    DiagnosticEngine diags;
    std::optional<plan::FlaggerAnalysis> view = plan::deriveFlaggerAnalysis(*plan, diags);
    if (!view) {
      why = diags.all().empty() ? "Flagger cannot run this policy" : diags.sorted().front().message;
      return std::nullopt;
    }
    flagger = std::make_shared<const plan::FlaggerAnalysis>(std::move(*view));
  }
  return sim::tune::Variant{choice, std::make_shared<const plan::Plan>(std::move(*plan)), std::move(flagger)};
}

int runTune(const TuneArgs &args) {
  Session session(args.common);
  if (!checkNoWarn(session)) return kExitUsage;
  if (args.vary.empty()) {
    std::cerr << "rewind: error: give at least one --vary SETTING=VALUES\n";
    return kExitUsage;
  }
  SuiteRunSetup setup;
  if (std::optional<int> status = loadSuiteRun(session, {args.suite}, std::nullopt, setup)) return *status;
  finishWithDiagnostics(session); // warnings of the suite and the policy
  driver::FrontendResult &frontend = setup.suites.front()->frontend;
  std::optional<std::vector<driver::TunedSetting>> settings = resolveSettings(args, frontend);
  if (!settings) return kExitUsage;
  std::vector<size_t> counts, templates;
  for (const driver::TunedSetting &s : *settings) {
    counts.push_back(s.values.size());
    templates.push_back(s.planTemplate);
  }
  std::optional<size_t> gridSize = sim::tune::gridSize(counts, driver::kMaxCombinations);
  if (!gridSize) {
    std::cerr << "rewind: error: --vary gives more than " << driver::kMaxCombinations << " combinations\n";
    return kExitUsage;
  }

  unsigned jobs = jobsOrProcessors(args.jobs);
  sim::suite::PreparedCases prepared = sim::suite::prepareCases(setup.cases, session.diags, jobs);
  std::vector<const DiagnosticEngine *> engines;
  for (const DiagnosticEngine &diags : prepared.diags) engines.push_back(&diags);
  if (printDiagnosticsInOrder(session, engines)) return kExitInputErrors;
  std::vector<sim::tune::TuneCase> cases;
  for (size_t i = 0; i < setup.cases.size(); ++i) cases.push_back({&*prepared.prepared[i], &setup.cases[i].spec->expect});

  sim::tune::TuneReport report;
  report.cases = cases.size();
  for (const driver::TunedSetting &s : *settings) report.settings.push_back(s.spec.name);
  sim::tune::Tuner tuner(std::move(cases), templates, jobs);
  std::vector<sim::tune::Score> scores;
  std::vector<size_t> scoredIndex; // grid index of scores[k]
  std::atomic<size_t> finished{0};
  {
    ProgressBar progress("rewind tune", report.cases * *gridSize, finished, stderrIsTerminal(), std::cerr);
    for (size_t first = 0; first < *gridSize; first += kBatch) {
      std::vector<sim::tune::Variant> batch;
      for (size_t index = first; index < std::min(*gridSize, first + kBatch); ++index) {
        std::vector<size_t> choice = sim::tune::gridChoice(index, counts);
        std::string why;
        std::optional<sim::tune::Variant> variant =
            variantOf(frontend, *settings, setup.suites.front()->flagger.has_value(), choice, why);
        if (!variant) {
          report.skipped.push_back({index, reportValues(*settings, choice), why});
          finished.fetch_add(report.cases, std::memory_order_relaxed);
          continue;
        }
        scoredIndex.push_back(index);
        batch.push_back(std::move(*variant));
      }
      for (sim::tune::Score &score : tuner.score(batch, &finished)) scores.push_back(score);
    }
  }
  report.stats = tuner.stats();
  for (size_t k : sim::tune::rankScores(scores)) {
    std::vector<size_t> choice = sim::tune::gridChoice(scoredIndex[k], counts);
    report.combos.push_back({scoredIndex[k], reportValues(*settings, choice), scores[k]});
  }
  if (!report.combos.empty())
    report.bestEdits = driver::policyEdits(session.sources, *settings, sim::tune::gridChoice(report.combos.front().gridIndex, counts));
  bool toTerminal = args.out.empty() || args.out == "-";
  std::string text = args.format == "json" ? render::renderTuneJson(report)
                                           : render::renderTuneText(report, args.top, toTerminal && session.colorStdout());
  if (!emitOutput(args.out, text)) return kExitUsage;
  if (report.combos.empty()) {
    std::cerr << "rewind: error: the policy can take none of the combinations\n";
    return kExitInputErrors;
  }
  return kExitOk;
}

} // namespace

Command addTuneCommand(CLI::App &app) {
  auto args = std::make_shared<TuneArgs>();
  CLI::App *command = app.add_subcommand(
      "tune", "replay a test suite under every combination of analysis settings and rank them");
  command->add_option("suite", args->suite, "the test suite (YAML)")->required();
  command->add_option("--vary", args->vary,
                      "ANALYSIS.PARAM=VALUES or ANALYSIS/METRIC.FIELD=VALUES; VALUES is a list (1%,2%,5%) "
                      "or a range LO..HI/STEP (0..4/1, 1m..5m/1m)")
      ->required()
      ->take_all();
  command->add_option("--format", args->format, "text or json")->check(CLI::IsMember(render::kTuneFormats));
  command->add_option("--out,-o", args->out, "write the report to this file instead of standard output");
  addJobsOption(*command, args->jobs);
  command->add_option("--top", args->top, "rows of the ranked table in the text report (default 10)")
      ->check(CLI::Range(size_t{1}, SIZE_MAX));
  addCommonOptions(*command, args->common);
  return {command, [args] { return runTune(*args); }};
}

} // namespace rwd::cli
