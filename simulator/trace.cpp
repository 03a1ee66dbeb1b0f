// This file implements the trace's instant lookup and the builder that packs rows into series.
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

const Sample *Series::sampleAt(int64_t tMillis, int64_t lookbackMillis) const {
  if (lookbackMillis < 0) return nullptr;
  auto it = std::upper_bound(samples.begin(), samples.end(), tMillis,
                             [](int64_t t, const Sample &sample) { return t < sample.timeMillis; });
  if (it == samples.begin()) return nullptr;
  const Sample &latest = *(it - 1);
  // tMillis >= latest.timeMillis, so the true difference is in [0, 2^64): unsigned cannot overflow.
  uint64_t age = static_cast<uint64_t>(tMillis) - static_cast<uint64_t>(latest.timeMillis);
  return age <= static_cast<uint64_t>(lookbackMillis) ? &latest : nullptr;
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

const Sample *Trace::sampleAt(std::string_view templateName, std::string_view metricName,
                              int64_t tMillis, int64_t lookbackMillis) const {
  const Series *series = resolveSeries(templateName, metricName);
  return series ? series->sampleAt(tMillis, lookbackMillis) : nullptr;
}

std::vector<std::string> Trace::metricKeys() const {
  std::vector<std::string> keys;
  keys.reserve(series_.size());
  for (const Series &series : series_) keys.push_back(series.key);
  return keys; // series_ is sorted by key
}

size_t Trace::sampleCount() const {
  size_t count = 0;
  for (const Series &series : series_) count += series.samples.size();
  return count;
}

void TraceBuilder::addRow(std::string_view key, int64_t timeMillis, std::optional<double> value,
                          SourceRange keyRange) {
  uint32_t index = UINT32_MAX;
  // Traces interleave a handful of metrics row by row: a direct comparison with the few keys seen
  // last avoids hashing the key for almost every row.
  for (uint32_t recent : recent_)
    if (recent < raw_.size() && raw_[recent].key == key) {
      index = recent;
      break;
    }
  if (index == UINT32_MAX) {
    if (auto it = index_.find(key); it != index_.end()) {
      index = it->second;
    } else {
      index = static_cast<uint32_t>(raw_.size());
      raw_.push_back({std::string(key), keyRange, {}});
      index_.emplace(std::string(key), index);
    }
    recent_[nextRecent_++ % recent_.size()] = index;
  }
  double stored = std::bit_cast<double>(kNoValueBits);
  if (value) stored = std::isnan(*value) ? std::numeric_limits<double>::quiet_NaN() : *value;
  raw_[index].points.push_back({timeMillis, stored});
  ++rowCount_;
}

Trace TraceBuilder::build() {
  Trace trace;
  trace.rowCount_ = rowCount_;

  size_t valueCount = 0;
  for (const RawSeries &raw : raw_)
    for (const RawPoint &point : raw.points) valueCount += !isNoValue(point.value);
  // Reserved exactly, so the buffer never moves and the spans below stay valid.
  trace.values_.reserve(valueCount);

  std::vector<uint32_t> order(raw_.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return raw_[a].key < raw_[b].key; });

  bool haveTime = false;
  trace.series_.reserve(raw_.size());
  for (uint32_t index : order) {
    RawSeries &raw = raw_[index];
    auto byTime = [](const RawPoint &a, const RawPoint &b) { return a.timeMillis < b.timeMillis; };
    // Stable: rows of one instant keep their file order. Most traces are already sorted.
    if (!std::is_sorted(raw.points.begin(), raw.points.end(), byTime))
      std::stable_sort(raw.points.begin(), raw.points.end(), byTime);

    Series series{std::move(raw.key), raw.firstRange, {}};
    size_t instants = 0;
    for (size_t k = 0; k < raw.points.size(); ++k)
      instants += k == 0 || raw.points[k].timeMillis != raw.points[k - 1].timeMillis;
    series.samples.reserve(instants);
    size_t i = 0;
    while (i < raw.points.size()) {
      const int64_t t = raw.points[i].timeMillis;
      const size_t begin = trace.values_.size();
      for (; i < raw.points.size() && raw.points[i].timeMillis == t; ++i)
        if (!isNoValue(raw.points[i].value)) trace.values_.push_back(raw.points[i].value);
      series.samples.push_back(
          {t, std::span<const double>(trace.values_.data() + begin, trace.values_.size() - begin)});
    }
    if (!series.samples.empty()) {
      int64_t first = series.samples.front().timeMillis;
      int64_t last = series.samples.back().timeMillis;
      trace.firstMillis_ = haveTime ? std::min(trace.firstMillis_, first) : first;
      trace.lastMillis_ = haveTime ? std::max(trace.lastMillis_, last) : last;
      haveTime = true;
    }
    std::vector<RawPoint>().swap(raw.points); // release as we go to lower the peak
    trace.series_.push_back(std::move(series));
  }

  raw_.clear();
  index_.clear();
  rowCount_ = 0;
  return trace;
}

} // namespace rwd::sim
