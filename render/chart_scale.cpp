// This file implements the HTML report's chart scales: nice value ticks and time ticks.
#include "render/chart_scale.h"

#include "compiler/support/duration.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>

namespace rwd::render {

namespace {

/// The smallest "nice" step (1, 2, 2.5, 5 × 10^k) of at least `raw`.
double niceStep(double raw) {
  if (!(raw > 0) || !std::isfinite(raw)) return 1;
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double mantissa : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (mantissa * magnitude >= raw * (1 - 1e-9)) return mantissa * magnitude;
  return 10 * magnitude;
}

} // namespace

Axis valueAxis(double lo, double hi, int targetTicks) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  if (lo > hi) std::swap(lo, hi);
  if (hi - lo < 1e-12 * std::max(1.0, std::fabs(hi))) {
    double pad = lo == 0 ? 1 : std::fabs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  Axis axis;
  axis.step = niceStep((hi - lo) / std::max(1, targetTicks - 1));
  axis.min = std::floor(lo / axis.step + 1e-9) * axis.step;
  axis.max = std::ceil(hi / axis.step - 1e-9) * axis.step;
  if (axis.max <= axis.min) axis.max = axis.min + axis.step;
  for (double v = axis.min; v <= axis.max + axis.step * 1e-6; v += axis.step)
    axis.ticks.push_back(std::fabs(v) < axis.step * 1e-9 ? 0.0 : v);
  return axis;
}

Axis timeAxis(int64_t spanMs, int targetTicks) {
  static constexpr std::array<int64_t, 17> kSteps = {
      1'000, 2'000, 5'000, 10'000, 15'000, 30'000, 60'000, 120'000, 300'000, 600'000, 900'000,
      1'800'000, 3'600'000, 7'200'000, 10'800'000, 21'600'000, 43'200'000};
  spanMs = std::max<int64_t>(spanMs, 1'000);
  int64_t step = kSteps.back();
  for (int64_t candidate : kSteps)
    if (spanMs / candidate <= targetTicks) {
      step = candidate;
      break;
    }
  while (spanMs / step > targetTicks) step *= 2; // spans of days
  Axis axis;
  axis.min = 0;
  axis.step = static_cast<double>(step);
  axis.max = static_cast<double>(spanMs);
  for (int64_t t = 0; t <= spanMs; t += step) axis.ticks.push_back(static_cast<double>(t));
  return axis;
}

std::string valueLabel(double value, double step) {
  int decimals = 0;
  if (step > 0 && step < 1) {
    decimals = static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
    // 0.25-style steps need one digit more than their magnitude.
    double scaled = step * std::pow(10.0, decimals);
    if (std::fabs(scaled - std::round(scaled)) > 1e-6) ++decimals;
  } else if (step >= 1 && std::fabs(step - std::round(step)) > 1e-9) {
    decimals = 1; // 2.5
  }
  std::string text = fmt::format("{:.{}f}", value, decimals);
  // A tiny negative value rounds to "-0.00"; an axis label never needs that sign.
  if (text.front() == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
  return text;
}

std::string timeLabel(int64_t millis) { return millis == 0 ? "0" : formatDuration(millis); }

std::string numberText(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);
}

} // namespace rwd::render
