// This file implements the unit tests of the streaming JSON writer: its output must be what
// nlohmann::json's dump(2) writes for the same document, byte for byte.
#include "render/json_writer.h"

#include <catch2/catch.hpp>
#include <bit>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

using rwd::render::JsonWriter;

TEST_CASE("JsonWriter: numbers are nlohmann's", "[render]") {
  std::mt19937_64 random(5);
  std::vector<double> values = {0.0, -0.0, 1.0, -1.0, 0.5, 100.0, 1e-5, 1e-4, 1e15, 1e16, 1e17, 1e21,
                                1e22, 0.1, 1.0 / 3, 86399.999, 5e-324, 1.7976931348623157e308};
  for (int i = 0; i < 100000; ++i) {
    double d = std::bit_cast<double>(random());
    if (std::isfinite(d)) values.push_back(d);
    values.push_back(static_cast<double>(random() % 1000000) / 1000.0);
  }
  for (double v : values) {
    std::string out;
    rwd::render::appendJsonNumber(out, v);
    INFO(v);
    CHECK(out == nlohmann::json(v).dump());
  }
  std::string out;
  JsonWriter(out).number(NAN);
  CHECK(out == "null");
}

TEST_CASE("JsonWriter: strings are nlohmann's, invalid UTF-8 becomes U+FFFD", "[render]") {
  std::string all;
  for (int c = 1; c < 0x80; ++c) all += static_cast<char>(c);
  for (std::string text : {std::string(""), std::string("plain"), std::string("quote \" back \\ slash"),
                           all, std::string("caf\xC3\xA9 \xE2\x9C\x94 \xF0\x9F\x98\x80"),
                           std::string("nul \0 in", 8)}) {
    std::string out;
    rwd::render::appendJsonString(out, text);
    CHECK(out == nlohmann::json(text).dump());
  }
  std::string out;
  rwd::render::appendJsonString(out, "a\xFF" "b\xC3");
  CHECK(out == "\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\"");
}

TEST_CASE("JsonWriter: documents are laid out as dump(2)", "[render]") {
  std::string out;
  JsonWriter json(out);
  json.beginObject();
  json.key("name");
  json.string("bench");
  json.key("empty_object");
  json.beginObject();
  json.endObject();
  json.key("empty_array");
  json.beginArray();
  json.endArray();
  json.key("list");
  json.beginArray();
  json.integer(-3);
  json.number(0.25);
  json.boolean(false);
  json.null();
  json.beginObject();
  json.key("k");
  json.beginArray();
  json.integer(1);
  json.endArray();
  json.endObject();
  json.endArray();
  json.key("flag");
  json.boolean(true);
  json.key("k\"ey \xC3\xA9\n"); // a key that must be escaped
  json.integer(7);
  json.endObject();

  nlohmann::ordered_json expected;
  expected["name"] = "bench";
  expected["empty_object"] = nlohmann::ordered_json::object();
  expected["empty_array"] = nlohmann::ordered_json::array();
  expected["list"] = nlohmann::ordered_json::array({-3, 0.25, false, nullptr, {{"k", {1}}}});
  expected["flag"] = true;
  expected["k\"ey \xC3\xA9\n"] = 7;
  CHECK(out.empty()); // buffered until finish()
  json.finish();
  CHECK(out == expected.dump(2));
}

TEST_CASE("JsonWriter: string values and keys of every byte are escaped as appendJsonString does", "[render]") {
  std::mt19937 random(8);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const size_t length = random() % 40;
    for (size_t i = 0; i < length; ++i)
      text += static_cast<char>(round % 3 == 0 ? random() % 256 : 0x20 + random() % 0x60);
    std::string out;
    {
      JsonWriter json(out);
      json.beginObject();
      json.key(text);
      json.string(text);
      json.endObject();
    } // the destructor finishes
    // appendJsonString is checked against nlohmann above (it replaces each invalid UTF-8 byte,
    // where nlohmann's replace handler would take a whole broken sequence).
    std::string quoted;
    rwd::render::appendJsonString(quoted, text);
    INFO(round);
    CHECK(out == "{\n  " + quoted + ": " + quoted + "\n}");
  }
}

TEST_CASE("JsonWriter: output past the buffer, long strings and deep nesting", "[render]") {
  nlohmann::ordered_json expected = nlohmann::ordered_json::array();
  std::string out;
  JsonWriter json(out);
  json.beginArray();
  for (int i = 0; i < 20000; ++i) { // about 30 times the writer's buffer
    json.beginObject();
    json.key("measurement");
    json.integer(i);
    json.key("value");
    json.number(i / 7.0);
    json.endObject();
    expected.push_back({{"measurement", i}, {"value", i / 7.0}});
  }
  const std::string longText(100000, 'x'); // longer than the buffer
  json.string(longText);
  expected.push_back(longText);
  nlohmann::ordered_json deep = 1;
  for (int depth = 0; depth < 300; ++depth) deep = nlohmann::ordered_json::array({deep});
  for (int depth = 0; depth < 150; ++depth) {
    json.beginArray();
    json.beginObject();
    json.key("k");
  }
  json.integer(1);
  for (int depth = 0; depth < 150; ++depth) {
    json.endObject();
    json.endArray();
  }
  nlohmann::ordered_json nested = 1;
  for (int depth = 0; depth < 150; ++depth) nested = nlohmann::ordered_json::array({{{"k", nested}}});
  expected.push_back(nested);
  json.endArray();
  json.finish();
  CHECK(out == expected.dump(2));
}
