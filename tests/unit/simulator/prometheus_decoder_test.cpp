// This file implements the unit tests of the Prometheus response decoder.
#include "simulator/prometheus/response_decoder.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

using namespace rwd::sim::prom;

TEST_CASE("decoder reads a vector with special values and millisecond timestamps", "[prometheus]") {
  Response r = decodeResponse(R"({"status":"success","data":{"resultType":"vector","result":[
    {"metric":{"pod":"a"},"value":[1795676850.500,"0.25"]},
    {"metric":{"pod":"b"},"value":[1795676850.500,"NaN"]},
    {"metric":{},"value":[1795676850,"+Inf"]},
    {"metric":{},"value":[1795676850,"-Inf"]},
    {"metric":{},"value":[1795676850,"1e-07"]}]}})");
  REQUIRE(r.kind == Response::Kind::Success);
  REQUIRE(r.resultType == ResultType::Vector);
  REQUIRE(r.series.size() == 5);
  CHECK(r.series[0].points[0].timeMillis == 1795676850500);
  CHECK(r.series[0].points[0].value == 0.25);
  CHECK(std::isnan(r.series[1].points[0].value));
  CHECK(r.series[2].points[0].value == INFINITY);
  CHECK(r.series[3].points[0].value == -INFINITY);
  CHECK(r.series[4].points[0].value == 1e-07);
}

TEST_CASE("decoder reads matrix, scalar, string and empty results", "[prometheus]") {
  Response m = decodeResponse(R"({"status":"success","data":{"resultType":"matrix","result":[
    {"metric":{"a":"b"},"values":[[1795676850,"1"],[1795676865.25,"2"]]}]}})");
  REQUIRE(m.kind == Response::Kind::Success);
  CHECK(m.resultType == ResultType::Matrix);
  REQUIRE(m.series.at(0).points.size() == 2);
  CHECK(m.series[0].points[1].timeMillis == 1795676865250);
  CHECK(m.series[0].points[1].value == 2);

  Response s = decodeResponse(R"({"status":"success","data":{"resultType":"scalar","result":[1795684050,"0.058"]}})");
  REQUIRE(s.kind == Response::Kind::Success);
  CHECK(s.resultType == ResultType::Scalar);
  CHECK(s.series.at(0).points.at(0).value == 0.058);

  Response str = decodeResponse(R"({"status":"success","data":{"resultType":"string","result":[1795684050,"hello"]}})");
  REQUIRE(str.kind == Response::Kind::Success);
  CHECK(str.resultType == ResultType::String);
  CHECK(str.stringValue == "hello");

  Response empty = decodeResponse(R"({"status":"success","data":{"resultType":"vector","result":[]}})");
  REQUIRE(empty.kind == Response::Kind::Success);
  CHECK(empty.series.empty());
}

TEST_CASE("decoder reports server errors with their type", "[prometheus]") {
  Response r = decodeResponse(
      R"({"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:13: parse error: unclosed left parenthesis"})");
  REQUIRE(r.kind == Response::Kind::Error);
  CHECK(r.errorType == "bad_data");
  CHECK(r.error.find("unclosed left parenthesis") != std::string::npos);
}

TEST_CASE("decoder calls anything else malformed and never throws", "[prometheus]") {
  for (const char *body : {"", "not json", "[]", "{}", R"({"status":"success"})",
                           R"({"status":"success","data":{"resultType":"vector","result":[{"value":[1,2]}]}})",
                           R"({"status":"success","data":{"resultType":"vector","result":[{"value":[1,"x"]}]}})",
                           R"({"status":"success","data":{"resultType":"vector","result":[{"value":[1,"inf"]}]}})",
                           R"({"status":"success","data":{"resultType":"matrix","result":[{"values":3}]}})",
                           R"({"status":"success","data":{"resultType":"histogram","result":[]}})",
                           R"({"status":"success","data":{"resultType":"scalar","result":[1e400,"1"]}})",
                           R"({"status":"maybe"})", "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["}) {
    INFO(body);
    CHECK(decodeResponse(body).kind == Response::Kind::Malformed);
  }
}

TEST_CASE("sample values parse like Go's ParseFloat for what Prometheus prints", "[prometheus]") {
  double v = 0;
  CHECK((parseSampleValue("+1.5", v) && v == 1.5));
  CHECK((parseSampleValue("-0", v) && v == 0));
  CHECK((parseSampleValue("1e+21", v) && v == 1e21));
  CHECK_FALSE(parseSampleValue("+-1", v));
  CHECK_FALSE(parseSampleValue("1.5x", v));
  CHECK_FALSE(parseSampleValue("nan", v));
  CHECK_FALSE(parseSampleValue("", v));
}
