// This file implements the decoder of Prometheus HTTP API responses (`/api/v1/query`,
// `/api/v1/query_range`): a pure function from the response text to samples, so it can be fuzzed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rwd::sim::prom {

/// One sample: milliseconds since the epoch and the value (NaN and ±Inf included).
struct Point {
  int64_t timeMillis = 0;
  double value = 0;
};

/// One series of a vector or matrix result, in the order the server returned it. A vector series
/// has exactly one point; a scalar result is one series with one point.
struct Series {
  std::vector<Point> points;
};

enum class ResultType : uint8_t { Vector, Matrix, Scalar, String };

struct Response {
  enum class Kind : uint8_t {
    Success,   // `resultType` and `series` hold the data
    Error,     // the server said `"status":"error"`: `errorType` and `error` say why
    Malformed, // not a Prometheus response at all: `error` says what is wrong
  };
  Kind kind = Kind::Malformed;
  ResultType resultType = ResultType::Vector;
  std::vector<Series> series;
  std::string stringValue; // resultType String
  std::string errorType;
  std::string error;
};

/// Decodes a response body. Never throws; anything unexpected is Kind::Malformed with a reason.
/// Values are parsed exactly (`"NaN"`, `"+Inf"`, `"-Inf"` included); timestamps (JSON seconds with
/// up to three decimals) are rounded to whole milliseconds.
Response decodeResponse(std::string_view body);

/// Parses a Prometheus sample value string (`"0.5"`, `"1e-07"`, `"NaN"`, `"+Inf"`, `"-Inf"`).
bool parseSampleValue(std::string_view text, double &out);

std::string_view resultTypeName(ResultType type);

} // namespace rwd::sim::prom
