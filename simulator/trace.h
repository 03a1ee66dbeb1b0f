// This file implements the in-memory metric trace: per metric key, a time-sorted series of vector
// samples, and the Prometheus-style instant lookup (latest sample within the lookback) of
// CONTRACT §5.
//
// Memory layout: a Series is two columns, instant times and values, plus a column of value offsets
// only when some instant holds zero or several values. Times on a regular grid (every 1 s, every
// 15 s: what exporters and `rewind record` write) are not stored at all, only the grid, so such a
// series costs 8 bytes per instant. Rows in file order land straight in the columns, so a sorted
// file is never sorted again and nothing is copied after reading. A Trace is immutable once built and
// holds no caches, so any number of threads may query one Trace at once.
#pragma once

#include "compiler/source/source_manager.h"
#include "simulator/short_equal.h"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace rwd::sim {

/// What a query returned at one instant: zero or more values (a vector result, in file order).
/// Zero values means the query returned no data at that instant (an empty `value` field). The
/// values point into the Trace and stay valid while it lives.
struct Sample {
  int64_t timeMillis = 0;
  std::span<const double> values;
};

/// The samples of one metric key, sorted by time with one Sample per distinct timestamp. A Series
/// is a random-access range of Samples: `series.size()`, `series[i]`, `for (Sample s : series)`.
class Series {
public:
  /// The key as written in the trace: `metric` or `template/metric`.
  std::string key;
  /// Where the key first appears in the file (for "unknown metric" warnings); may be invalid.
  SourceRange firstRange;

  size_t size() const { return onGrid_ ? gridCount_ : times_.size(); }
  bool empty() const { return size() == 0; }
  /// The sample at index `i` (< size()), in time order.
  Sample operator[](size_t i) const;
  /// The time of the instant at index `i` (< size()).
  int64_t timeAt(size_t i) const {
    // Unsigned: exact for every stored instant, and defined for any grid the builder accepted.
    return onGrid_ ? static_cast<int64_t>(static_cast<uint64_t>(gridStart_) +
                                          i * static_cast<uint64_t>(gridStep_))
                   : times_[i];
  }

  /// The sample at the latest timestamp not after `tMillis`, if that timestamp is at most
  /// `lookbackMillis` before `tMillis` (so exactly `lookback` ago is still visible); else nullopt.
  /// A negative lookback sees nothing.
  std::optional<Sample> sampleAt(int64_t tMillis, int64_t lookbackMillis) const;

  class Iterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Sample;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Sample;
    Iterator() = default;
    Iterator(const Series *series, size_t index) : series_(series), index_(index) {}
    Sample operator*() const { return (*series_)[index_]; }
    Iterator &operator++() {
      ++index_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator old = *this;
      ++index_;
      return old;
    }
    bool operator==(const Iterator &other) const { return index_ == other.index_; }

  private:
    const Series *series_ = nullptr;
    size_t index_ = 0;
  };
  Iterator begin() const { return {this, 0}; }
  Iterator end() const { return {this, size()}; }

private:
  friend class TraceBuilder;
  /// Appends the time of a new instant, later than every one before.
  void pushTime(int64_t timeMillis);
  int64_t lastTime() const { return lastTime_; }

  /// While every instant lies on one grid, instant i is at gridStart_ + i * gridStep_ and times_
  /// is empty; the first instant off the grid writes the times out.
  bool onGrid_ = true;
  int64_t gridStart_ = 0;
  int64_t gridStep_ = 0;
  size_t gridCount_ = 0;
  uint64_t gridNext_ = 0;  // where the grid's next instant would be
  int64_t lastTime_ = 0;   // the latest instant (the builder appends in time order)
  std::vector<int64_t> times_;
  std::vector<double> values_;
  /// Empty when instant i holds exactly values_[i]; else instant i holds
  /// values_[valueEnds_[i-1] (0 for i = 0) .. valueEnds_[i]).
  std::vector<uint32_t> valueEnds_;
};

/// A whole trace file in memory. Built by TraceBuilder (or readTrace); immutable afterwards.
class Trace {
public:
  Trace() = default;
  Trace(Trace &&) = default;
  Trace &operator=(Trace &&) = default;
  // A week-long trace is tens of megabytes: copies must be deliberate, so there are none.
  Trace(const Trace &) = delete;
  Trace &operator=(const Trace &) = delete;

  /// What a measurement of `metricName` in analysis template `templateName` sees at `tMillis`
  /// (CONTRACT §3, §5). The series `templateName/metricName` is used if the trace has it at all;
  /// otherwise the bare `metricName` series. Returns nullopt for "no data": no such series, or no
  /// sample within the lookback. A Sample may still hold zero values (an explicit empty row); both
  /// mean an empty query result.
  std::optional<Sample> sampleAt(std::string_view templateName, std::string_view metricName,
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
  /// The rollout start the file declares (a `# start:` comment line, written by `rewind record`),
  /// if it declares one. A replay starts there unless told otherwise.
  std::optional<int64_t> declaredStart() const { return declaredStartMillis_; }
  /// Data rows the trace was built from (empty-value rows included).
  size_t rowCount() const { return rowCount_; }
  /// Distinct (key, timestamp) instants over all series.
  size_t sampleCount() const;
  bool empty() const { return series_.empty(); }

private:
  friend class TraceBuilder;
  std::vector<Series> series_;
  int64_t firstMillis_ = 0;
  int64_t lastMillis_ = 0;
  std::optional<int64_t> declaredStartMillis_;
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
  /// The series of `key` if a row had it already, else kNoSeries. (A reader that checks keys
  /// needs to check each key once.)
  static constexpr uint32_t kNoSeries = UINT32_MAX;
  uint32_t knownSeries(std::string_view key) {
    // Traces interleave a handful of metrics in a fixed order: the series that followed the
    // previous row's series last time is compared first, which avoids hashing the key for almost
    // every row. Inline, like addRowTo's common case: the reader calls both for every row.
    if (last_ != kNoSeries) {
      const uint32_t predicted = building_[last_].next;
      if (predicted != kNoSeries && shortEqual(building_[predicted].series.key, key)) {
        last_ = predicted;
        return predicted;
      }
    }
    return lookUpSeries(key);
  }
  /// The series of `key`, created if new (`keyRange` is kept as its first appearance).
  uint32_t seriesFor(std::string_view key, SourceRange keyRange);
  /// Adds one row to a series from knownSeries or seriesFor. The common case is inline, always:
  /// the reader calls this for every row, and as a call it cost about 60 instructions a row.
  [[gnu::always_inline]] void addRowTo(uint32_t series, int64_t timeMillis, std::optional<double> value) {
    Building &building = building_[series];
    Series &column = building.series;
    // The common row: one value, not NaN, at the series' next instant, on a series that holds
    // one value per instant in time order. What append() does for it, without its branches.
    if (value && *value == *value && building.sorted && column.valueEnds_.empty()) {
      if (column.onGrid_ ? column.gridCount_ >= 2 && static_cast<uint64_t>(timeMillis) == column.gridNext_
                         : timeMillis > column.lastTime_) {
        ++building.rows;
        ++rowCount_;
        column.lastTime_ = timeMillis;
        if (column.onGrid_) {
          ++column.gridCount_;
          column.gridNext_ += static_cast<uint64_t>(column.gridStep_);
        } else {
          column.times_.push_back(timeMillis);
        }
        column.values_.push_back(*value);
        return;
      }
    }
    addAnyRowTo(series, timeMillis, value);
  }
  size_t rowCount() const { return rowCount_; }
  /// Sizes every series for about `expectedRows` rows in all, shared as the rows so far are, so
  /// that a long trace is not copied while its columns grow. Only a hint.
  void reserveFor(size_t expectedRows);
  /// Records the rollout start the file declares.
  void setDeclaredStart(int64_t millis) { declaredStart_ = millis; }
  /// Sorts what arrived out of order and hands over the columns. The builder is left empty.
  Trace build();

private:
  struct RawPoint {
    int64_t timeMillis;
    double value; // kNoValue's bit pattern marks an empty row
  };
  struct Building {
    Series series;
    /// Rows of a series that went back in time, in file order; sorted and packed by build().
    std::vector<RawPoint> unsorted;
    bool sorted = true;
    size_t rows = 0;
    /// The series whose row came after this one's last time: traces cycle through their metrics
    /// row by row, so this predicts the next key with one comparison.
    uint32_t next = UINT32_MAX;
  };
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };

  uint32_t lookUpSeries(std::string_view key);
  void addAnyRowTo(uint32_t series, int64_t timeMillis, std::optional<double> value);
  static void append(Series &series, int64_t timeMillis, double value);
  static void spill(Building &building);

  std::vector<Building> building_;
  std::unordered_map<std::string, uint32_t, KeyHash, std::equal_to<>> index_;
  uint32_t last_ = UINT32_MAX; // the series of the previous row
  size_t rowCount_ = 0;
  std::optional<int64_t> declaredStart_;
};

} // namespace rwd::sim
