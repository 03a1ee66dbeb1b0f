// This file implements the trace's instant lookup and the builder that packs rows into columns.
#include "simulator/trace.h"


#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <numeric>

namespace rwd::sim {

namespace {

/// Marks an empty-value row inside the builder: a quiet NaN with a payload no parsed value has
/// (addRow canonicalises every real NaN), compared by bit pattern.
constexpr uint64_t kNoValueBits = 0x7FF8DEADBEEF0001ull;

bool isNoValue(double value) { return std::bit_cast<uint64_t>(value) == kNoValueBits; }

} // namespace

Sample Series::operator[](size_t i) const {
  if (valueEnds_.empty()) return {timeAt(i), std::span<const double>(values_.data() + i, 1)};
  uint32_t begin = i == 0 ? 0 : valueEnds_[i - 1];
  return {timeAt(i), std::span<const double>(values_.data() + begin, valueEnds_[i] - begin)};
}

void Series::pushTime(int64_t timeMillis) {
  lastTime_ = timeMillis;
  if (onGrid_) {
    const auto t = static_cast<uint64_t>(timeMillis);
    if (gridCount_ >= 2 && t == gridNext_) {
      ++gridCount_;
      gridNext_ += static_cast<uint64_t>(gridStep_);
      return;
    }
    if (gridCount_ < 2) {
      if (gridCount_ == 0) gridStart_ = timeMillis;
      else gridStep_ = static_cast<int64_t>(t - static_cast<uint64_t>(gridStart_));
      ++gridCount_;
      gridNext_ = t + static_cast<uint64_t>(gridStep_);
      return;
    }
    // Off the grid: from here on every time is stored.
    times_.reserve(std::max<size_t>(values_.capacity(), gridCount_ + 1));
    for (size_t i = 0; i < gridCount_; ++i) times_.push_back(timeAt(i));
    onGrid_ = false;
  }
  times_.push_back(timeMillis);
}

std::optional<Sample> Series::sampleAt(int64_t tMillis, int64_t lookbackMillis) const {
  if (lookbackMillis < 0 || empty() || tMillis < timeAt(0)) return std::nullopt;
  // The latest instant not after tMillis: computed on a grid, searched otherwise.
  size_t index;
  if (onGrid_) {
    uint64_t since = static_cast<uint64_t>(tMillis) - static_cast<uint64_t>(gridStart_);
    index = gridCount_ == 1 ? 0 : std::min<uint64_t>(since / static_cast<uint64_t>(gridStep_), gridCount_ - 1);
  } else {
    index = static_cast<size_t>(std::upper_bound(times_.begin(), times_.end(), tMillis) - times_.begin()) - 1;
  }
  const int64_t latest = timeAt(index);
  // tMillis >= latest, so the true difference is in [0, 2^64): unsigned cannot overflow.
  uint64_t age = static_cast<uint64_t>(tMillis) - static_cast<uint64_t>(latest);
  if (age > static_cast<uint64_t>(lookbackMillis)) return std::nullopt;
  return (*this)[index];
}

const Series *Trace::findSeries(std::string_view key) const {
  auto byKey = [](const Series &series, std::string_view k) { return series.key < k; };
  auto it = std::lower_bound(series_.begin(), series_.end(), key, byKey);
  return it != series_.end() && it->key == key ? &*it : nullptr;
}

const Series *Trace::resolveSeries(std::string_view templateName,
                                   std::string_view metricName) const {
  if (!templateName.empty()) {
    std::string qualified;
    qualified.reserve(templateName.size() + 1 + metricName.size());
    qualified.append(templateName).append("/").append(metricName);
    if (const Series *series = findSeries(qualified)) return series;
  }
  return findSeries(metricName);
}

std::optional<Sample> Trace::sampleAt(std::string_view templateName, std::string_view metricName,
                                      int64_t tMillis, int64_t lookbackMillis) const {
  const Series *series = resolveSeries(templateName, metricName);
  if (!series) return std::nullopt;
  return series->sampleAt(tMillis, lookbackMillis);
}

std::vector<std::string> Trace::metricKeys() const {
  std::vector<std::string> keys;
  keys.reserve(series_.size());
  for (const Series &series : series_) keys.push_back(series.key);
  return keys; // series_ is sorted by key
}

size_t Trace::sampleCount() const {
  size_t count = 0;
  for (const Series &series : series_) count += series.size();
  return count;
}

uint32_t TraceBuilder::lookUpSeries(std::string_view key) {
  // The prediction (knownSeries) missed: the index, and a new prediction for the previous series.
  uint32_t index = kNoSeries;
  if (auto it = index_.find(key); it != index_.end()) {
    index = it->second;
  } else {
    return kNoSeries;
  }
  if (last_ != kNoSeries) building_[last_].next = index;
  last_ = index;
  return index;
}

uint32_t TraceBuilder::seriesFor(std::string_view key, SourceRange keyRange) {
  uint32_t index = knownSeries(key);
  if (index != kNoSeries) return index;
  index = static_cast<uint32_t>(building_.size());
  building_.emplace_back();
  building_.back().series.key = std::string(key);
  building_.back().series.firstRange = keyRange;
  index_.emplace(std::string(key), index);
  if (last_ != kNoSeries) building_[last_].next = index;
  last_ = index;
  return index;
}

void TraceBuilder::append(Series &series, int64_t timeMillis, double value) {
  const bool hasValue = !isNoValue(value);
  // Offsets are written only from the first instant that does not hold exactly one value; until
  // then instant i is value i.
  auto needOffsets = [&series](size_t instants) {
    if (!series.valueEnds_.empty()) return;
    series.valueEnds_.resize(instants);
    std::iota(series.valueEnds_.begin(), series.valueEnds_.end(), 1u);
  };
  if (!series.empty() && series.lastTime() == timeMillis) {
    // Another row of the latest instant: one more element of a vector result.
    if (!hasValue) return;
    needOffsets(series.size());
    series.values_.push_back(value);
    series.valueEnds_.back() = static_cast<uint32_t>(series.values_.size());
    return;
  }
  series.pushTime(timeMillis);
  if (hasValue) {
    series.values_.push_back(value);
    if (!series.valueEnds_.empty())
      series.valueEnds_.push_back(static_cast<uint32_t>(series.values_.size()));
  } else {
    needOffsets(series.size() - 1);
    series.valueEnds_.push_back(static_cast<uint32_t>(series.values_.size()));
  }
}

void TraceBuilder::spill(Building &building) {
  // The series went back in time: from here on its rows are kept raw and sorted by build(). The
  // columns so far are in time order with rows of one instant in file order, so spilling them
  // first keeps the stable sort's result that of the whole file.
  Series &series = building.series;
  building.unsorted.reserve(series.values_.size() + series.size());
  for (size_t i = 0; i < series.size(); ++i) {
    Sample sample = series[i];
    if (sample.values.empty())
      building.unsorted.push_back({sample.timeMillis, std::bit_cast<double>(kNoValueBits)});
    for (double v : sample.values) building.unsorted.push_back({sample.timeMillis, v});
  }
  series.times_ = {};
  series.values_ = {};
  series.valueEnds_ = {};
  series.onGrid_ = true;
  series.gridCount_ = 0;
  building.sorted = false;
}

void TraceBuilder::addRow(std::string_view key, int64_t timeMillis, std::optional<double> value,
                          SourceRange keyRange) {
  addRowTo(seriesFor(key, keyRange), timeMillis, value);
}

void TraceBuilder::addAnyRowTo(uint32_t series, int64_t timeMillis, std::optional<double> value) {
  Building &building = building_[series];
  double stored = std::bit_cast<double>(kNoValueBits);
  if (value) stored = std::isnan(*value) ? std::numeric_limits<double>::quiet_NaN() : *value;
  ++building.rows;
  ++rowCount_;
  if (building.sorted && !building.series.empty() && timeMillis < building.series.lastTime())
    spill(building);
  if (building.sorted) append(building.series, timeMillis, stored);
  else building.unsorted.push_back({timeMillis, stored});
}

void TraceBuilder::reserveFor(size_t expectedRows) {
  if (rowCount_ == 0 || expectedRows <= rowCount_) return;
  for (Building &building : building_) {
    if (!building.sorted) continue;
    // This series' share of the rows so far, a little over, since a vector that must grow past
    // its reserve copies everything.
    size_t share = static_cast<size_t>(static_cast<double>(expectedRows) *
                                       static_cast<double>(building.rows) /
                                       static_cast<double>(rowCount_) * 1.02) + 16;
    Series &series = building.series;
    size_t instants = series.size();
    size_t perInstant = instants ? std::max<size_t>(1, series.values_.size() / instants) : 1;
    if (!series.onGrid_) series.times_.reserve(share / perInstant);
    series.values_.reserve(share);
    if (!series.valueEnds_.empty()) series.valueEnds_.reserve(share / perInstant);
  }
}

Trace TraceBuilder::build() {
  Trace trace;
  trace.rowCount_ = rowCount_;
  trace.declaredStartMillis_ = declaredStart_;

  bool haveTime = false;
  trace.series_.reserve(building_.size());
  for (Building &building : building_) {
    Series &series = building.series;
    if (!building.sorted) {
      auto byTime = [](const RawPoint &a, const RawPoint &b) { return a.timeMillis < b.timeMillis; };
      // Stable: rows of one instant keep their file order.
      std::stable_sort(building.unsorted.begin(), building.unsorted.end(), byTime);
      for (const RawPoint &point : building.unsorted) append(series, point.timeMillis, point.value);
      std::vector<RawPoint>().swap(building.unsorted); // release as we go to lower the peak
    }
    // Growth by doubling can leave up to half a column unused: give it back when that matters.
    auto fit = [](auto &column) {
      if (column.capacity() > column.size() + column.size() / 8 + 64) column.shrink_to_fit();
    };
    fit(series.times_);
    fit(series.values_);
    fit(series.valueEnds_);
    if (!series.empty()) {
      int64_t first = series.timeAt(0);
      int64_t last = series.lastTime();
      trace.firstMillis_ = haveTime ? std::min(trace.firstMillis_, first) : first;
      trace.lastMillis_ = haveTime ? std::max(trace.lastMillis_, last) : last;
      haveTime = true;
    }
    trace.series_.push_back(std::move(series));
  }
  std::sort(trace.series_.begin(), trace.series_.end(),
            [](const Series &a, const Series &b) { return a.key < b.key; });

  building_.clear();
  index_.clear();
  last_ = kNoSeries;
  rowCount_ = 0;
  declaredStart_.reset();
  return trace;
}

} // namespace rwd::sim
