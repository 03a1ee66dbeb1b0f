// This file implements the in-memory metric trace: per metric key, a time-sorted series of vector
// samples, and the Prometheus-style instant lookup (latest sample within the lookback) of
// CONTRACT §5.
//
// Memory layout: every value of the trace lives in one flat `std::vector<double>`; a Sample is a
// timestamp plus a span into it (24 bytes), and a Series is a key plus a vector of Samples. There
// is no allocation per row. Because samples point into the trace's own buffer, a Trace can be moved
// (moving a vector keeps its buffer) but not copied.
#pragma once

#include "compiler/source/source_manager.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace rwd::sim {

/// What a query returned at one instant: zero or more values (a vector result, in file order).
/// Zero values means the query returned no data at that instant (an empty `value` field).
struct Sample {
  int64_t timeMillis = 0;
  std::span<const double> values;
};

/// The samples of one metric key, sorted by time with one Sample per distinct timestamp.
struct Series {
  /// The key as written in the trace: `metric` or `template/metric`.
  std::string key;
  /// Where the key first appears in the file (for "unknown metric" warnings); may be invalid.
  SourceRange firstRange;
  std::vector<Sample> samples;

  /// The sample at the latest timestamp not after `tMillis`, if that timestamp is at most
  /// `lookbackMillis` before `tMillis` (so exactly `lookback` ago is still visible); else null.
  /// A negative lookback sees nothing.
  const Sample *sampleAt(int64_t tMillis, int64_t lookbackMillis) const;
};

/// A whole trace file in memory. Built by TraceBuilder (or readTrace); immutable afterwards.
class Trace {
public:
  Trace() = default;
  Trace(Trace &&) = default;
  Trace &operator=(Trace &&) = default;
  Trace(const Trace &) = delete;
  Trace &operator=(const Trace &) = delete;

  /// What a measurement of `metricName` in analysis template `templateName` sees at `tMillis`
  /// (CONTRACT §3, §5). The series `templateName/metricName` is used if the trace has it at all;
  /// otherwise the bare `metricName` series. Returns null for "no data": no such series, or no
  /// sample within the lookback. A non-null Sample may still hold zero values (an explicit empty
  /// row); both mean an empty query result. The pointer stays valid while the Trace lives.
  const Sample *sampleAt(std::string_view templateName, std::string_view metricName,
                         int64_t tMillis, int64_t lookbackMillis) const;

  /// The series a measurement of `metricName` in `templateName` reads, by the precedence above;
  /// null if the trace has neither key. Pass an empty `templateName` for the bare key only.
  const Series *resolveSeries(std::string_view templateName, std::string_view metricName) const;

  /// The series with exactly this key, or null.
  const Series *findSeries(std::string_view key) const;

  /// Every series, sorted by key.
  const std::vector<Series> &series() const { return series_; }
  /// Every key in the trace, sorted (for diagnostics such as "the trace has no rows for ...").
  std::vector<std::string> metricKeys() const;

  /// Earliest and latest timestamp of any sample; 0 for an empty trace.
  int64_t firstTimestamp() const { return firstMillis_; }
  int64_t lastTimestamp() const { return lastMillis_; }
  /// Data rows the trace was built from (empty-value rows included).
  size_t rowCount() const { return rowCount_; }
  /// Distinct (key, timestamp) instants over all series.
  size_t sampleCount() const;
  bool empty() const { return series_.empty(); }

private:
  friend class TraceBuilder;
  std::vector<Series> series_;
  std::vector<double> values_;
  int64_t firstMillis_ = 0;
  int64_t lastMillis_ = 0;
  size_t rowCount_ = 0;
};

/// Collects rows in any order and builds a Trace. Rows with the same key and timestamp become one
/// vector Sample whose values keep the order in which they were added. Empty-value rows add no
/// value: an instant whose rows are all empty is a Sample with zero values (explicit "no data").
class TraceBuilder {
public:
  /// Adds one row. `value` nullopt is an empty value field. `keyRange` locates the key in its file
  /// (only the first range per key is kept). Every NaN is stored as the canonical quiet NaN.
  void addRow(std::string_view key, int64_t timeMillis, std::optional<double> value,
              SourceRange keyRange = {});
  size_t rowCount() const { return rowCount_; }
  /// Sorts and packs the rows. The builder is left empty.
  Trace build();

private:
  struct RawPoint {
    int64_t timeMillis;
    double value; // kNoValue's bit pattern marks an empty row
  };
  struct RawSeries {
    std::string key;
    SourceRange firstRange;
    std::vector<RawPoint> points;
  };
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };

  std::vector<RawSeries> raw_;
  std::unordered_map<std::string, uint32_t, KeyHash, std::equal_to<>> index_;
  std::array<uint32_t, 8> recent_ = {UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX,
                                     UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX};
  size_t nextRecent_ = 0;
  size_t rowCount_ = 0;
};

} // namespace rwd::sim
