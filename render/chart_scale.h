// This file implements the scales of the HTML report's charts: value and time ranges rounded to
// ticks that read well (1, 2, 2.5, 5 × 10^k; whole seconds, minutes and hours), and their labels.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace rwd::render {

/// A linear axis: its range (a whole number of steps) and the ticks on it.
struct Axis {
  double min = 0, max = 1;
  double step = 1;
  std::vector<double> ticks;
  /// Where `value` falls between the axis ends, 0..1 (unclamped).
  double fraction(double value) const { return max > min ? (value - min) / (max - min) : 0.5; }
};

/// A value axis covering [lo, hi] with about `targetTicks` ticks on a 1-2-2.5-5 step. A single
/// value gets a little room either side; a range that does not cross zero keeps its distance from it.
Axis valueAxis(double lo, double hi, int targetTicks = 5);

/// A time axis over [0, spanMs] (milliseconds) with about `targetTicks` ticks on whole seconds,
/// minutes or hours (10s, 15s, 30s, 1m, 2m, 5m, 10m, 15m, 30m, 1h, 2h, ...).
Axis timeAxis(int64_t spanMs, int targetTicks = 8);

/// A value tick's label with just the decimals the axis step needs (`0.95`, `250`, `2.5`).
std::string valueLabel(double value, double step);

/// A time tick's label: `0`, `30s`, `5m`, `1h30m`.
std::string timeLabel(int64_t millis);

/// A number in the report's prose: shortest round-trip form, `NaN`, `+Inf`, `-Inf`.
std::string numberText(double value);

} // namespace rwd::render
