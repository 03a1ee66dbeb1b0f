// This file implements the decoder of Prometheus HTTP API responses (`/api/v1/query`,
// `/api/v1/query_range`): a pure function from the response text to samples, so it can be fuzzed.
#include "simulator/prometheus/response_decoder.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

namespace rwd::sim::prom {

namespace {

using Json = nlohmann::json;

Response malformed(std::string why) {
  Response r;
  r.kind = Response::Kind::Malformed;
  r.error = std::move(why);
  return r;
}

/// A `[timestamp, "value"]` pair; false when it is not one.
bool decodePair(const Json &pair, Point &out, std::string *text = nullptr) {
  if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number() || !pair[1].is_string()) return false;
  double seconds = pair[0].get<double>();
  if (!std::isfinite(seconds) || std::fabs(seconds) > 1e15) return false;
  out.timeMillis = std::llround(seconds * 1000.0);
  const std::string &value = pair[1].get_ref<const std::string &>();
  if (text) {
    *text = value;
    return true;
  }
  return parseSampleValue(value, out.value);
}

} // namespace

bool parseSampleValue(std::string_view text, double &out) {
  if (text == "NaN") {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (text == "+Inf" || text == "Inf") {
    out = std::numeric_limits<double>::infinity();
    return true;
  }
  if (text == "-Inf") {
    out = -std::numeric_limits<double>::infinity();
    return true;
  }
  if (text.empty()) return false;
  const char *first = text.data();
  const char *last = text.data() + text.size();
  if (*first == '+') {
    ++first; // Go's ParseFloat accepts a leading '+'; from_chars only '-'
    if (first == last || *first == '-') return false;
  }
  auto [end, ec] = std::from_chars(first, last, out);
  if (ec == std::errc::result_out_of_range) {
    // Go's ParseFloat rounds overflow to ±Inf and underflow to zero; so do we.
    bool negative = *first == '-';
    std::string copy(first, last);
    out = std::strtod(copy.c_str(), nullptr);
    if (std::isinf(out)) out = negative ? -std::numeric_limits<double>::infinity()
                                        : std::numeric_limits<double>::infinity();
    return true;
  }
  return ec == std::errc() && end == last && std::isfinite(out);
}

std::string_view resultTypeName(ResultType type) {
  switch (type) {
  case ResultType::Vector: return "vector";
  case ResultType::Matrix: return "matrix";
  case ResultType::Scalar: return "scalar";
  case ResultType::String: return "string";
  }
  return "?";
}

Response decodeResponse(std::string_view body) {
  Json doc = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return malformed("the body is not JSON");
  if (!doc.is_object()) return malformed("the body is not a JSON object");
  auto status = doc.find("status");
  if (status == doc.end() || !status->is_string()) return malformed("no `status` string");
  const std::string &statusText = status->get_ref<const std::string &>();
  if (statusText == "error") {
    Response r;
    r.kind = Response::Kind::Error;
    if (auto it = doc.find("errorType"); it != doc.end() && it->is_string()) r.errorType = it->get<std::string>();
    if (auto it = doc.find("error"); it != doc.end() && it->is_string()) r.error = it->get<std::string>();
    if (r.error.empty()) r.error = "(no message)";
    return r;
  }
  if (statusText != "success") return malformed("`status` is neither success nor error");
  auto data = doc.find("data");
  if (data == doc.end() || !data->is_object()) return malformed("no `data` object");
  auto type = data->find("resultType");
  auto result = data->find("result");
  if (type == data->end() || !type->is_string() || result == data->end())
    return malformed("`data` has no `resultType` and `result`");
  Response r;
  r.kind = Response::Kind::Success;
  const std::string &typeText = type->get_ref<const std::string &>();
  if (typeText == "scalar" || typeText == "string") {
    r.resultType = typeText == "scalar" ? ResultType::Scalar : ResultType::String;
    Point point;
    bool ok = r.resultType == ResultType::Scalar ? decodePair(*result, point)
                                                 : decodePair(*result, point, &r.stringValue);
    if (!ok) return malformed("a " + typeText + " result is not a [time, \"value\"] pair");
    if (r.resultType == ResultType::Scalar) r.series.push_back(Series{{point}});
    return r;
  }
  bool matrix = typeText == "matrix";
  if (!matrix && typeText != "vector") return malformed("unknown resultType `" + typeText + "`");
  r.resultType = matrix ? ResultType::Matrix : ResultType::Vector;
  if (!result->is_array()) return malformed("`result` is not an array");
  r.series.reserve(result->size());
  for (const Json &item : *result) {
    if (!item.is_object()) return malformed("a series is not an object");
    Series series;
    if (matrix) {
      auto values = item.find("values");
      if (values == item.end() || !values->is_array()) return malformed("a matrix series has no `values` array");
      series.points.reserve(values->size());
      for (const Json &pair : *values) {
        Point point;
        if (!decodePair(pair, point)) return malformed("a sample is not a [time, \"value\"] pair");
        series.points.push_back(point);
      }
    } else {
      auto value = item.find("value");
      Point point;
      if (value == item.end() || !decodePair(*value, point))
        return malformed("a vector sample is not a [time, \"value\"] pair");
      series.points.push_back(point);
    }
    r.series.push_back(std::move(series));
  }
  return r;
}

} // namespace rwd::sim::prom
