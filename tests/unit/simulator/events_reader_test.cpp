// This file implements the unit tests of the events file reader.
#include "simulator/events_reader.h"

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/diag/text_renderer.h"
#include "compiler/source/line_length.h"
#include "compiler/source/source_manager.h"
#include "simulator/events.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

using namespace rwd;
using namespace rwd::sim;

namespace {

constexpr int64_t kNov20 = 1795168800000; // 2026-11-20T10:00:00Z

struct EventsResult {
  std::optional<std::vector<Event>> events;
  std::string diagnostics;
  size_t errors = 0;
  std::string sourceText; // to check ranges
};

EventsResult readText(std::string text) {
  SourceManager sources;
  FileId id = sources.addBuffer("events.csv", text);
  DiagnosticEngine diags;
  EventsResult result;
  result.events = readEvents(sources.file(id), diags);
  result.diagnostics = renderDiagnostics(diags.sorted(), sources, RenderOptions{false, true});
  result.errors = diags.errorCount();
  result.sourceText = std::move(text);
  return result;
}

} // namespace

TEST_CASE("EventsReader: reads the contract example", "[events]") {
  auto result = readText("timestamp,action,argument\n"
                         "2026-11-20T10:15:00Z,promote,\n"
                         "2026-11-20T10:20:00Z,undo,3\n");
  CHECK(result.diagnostics == "");
  REQUIRE(result.events);
  const auto &events = *result.events;
  REQUIRE(events.size() == 2);
  CHECK(events[0].timeMillis == kNov20 + 15 * 60000);
  CHECK(events[0].action == EventAction::Promote);
  CHECK(events[0].revision == 0);
  CHECK(events[1].timeMillis == kNov20 + 20 * 60000);
  CHECK(events[1].action == EventAction::Undo);
  CHECK(events[1].revision == 3);
  SECTION("an event's range is its action field") {
    const SourceRange &range = events[1].range;
    CHECK(result.sourceText.substr(range.begin, range.end - range.begin) == "undo");
  }
}

TEST_CASE("EventsReader: every action", "[events]") {
  auto result = readText("timestamp,action,argument\n"
                         "0,promote,\n1,promote-full,\n2,abort,\n3,retry,\n4,undo,\n5,pause,\n"
                         "6,PROMOTE,\n7,Undo,12\n");
  CHECK(result.diagnostics == "");
  REQUIRE(result.events);
  std::vector<EventAction> actions;
  for (const Event &event : *result.events) actions.push_back(event.action);
  CHECK(actions == std::vector<EventAction>{EventAction::Promote, EventAction::PromoteFull,
                                             EventAction::Abort, EventAction::Retry,
                                             EventAction::Undo, EventAction::Pause,
                                             EventAction::Promote, EventAction::Undo});
  CHECK((*result.events)[4].revision == 0);
  CHECK((*result.events)[7].revision == 12);
  SECTION("names round-trip") {
    for (EventAction action : actions) CHECK(parseEventAction(eventActionName(action)) == action);
    CHECK(eventActionName(EventAction::PromoteFull) == "promote-full");
    CHECK_FALSE(parseEventAction("promote_full").has_value());
    CHECK_FALSE(parseEventAction("").has_value());
  }
}

TEST_CASE("EventsReader: events are sorted by time, stable for equal times", "[events]") {
  auto result = readText("timestamp,action,argument\n"
                         "30,abort,\n"
                         "10,pause,\n"
                         "20,promote,\n"
                         "10,promote,\n"
                         "1970-01-01T00:00:10Z,retry,\n");
  REQUIRE(result.events);
  const auto &events = *result.events;
  REQUIRE(events.size() == 5);
  CHECK(events[0].action == EventAction::Pause);
  CHECK(events[1].action == EventAction::Promote);
  CHECK(events[2].action == EventAction::Retry);
  CHECK(events[3].timeMillis == 20000);
  CHECK(events[4].action == EventAction::Abort);
}

TEST_CASE("EventsReader: header forms", "[events]") {
  SECTION("the argument column is optional") {
    auto result = readText("timestamp,action\n0,promote\n5,undo\n");
    CHECK(result.diagnostics == "");
    REQUIRE(result.events);
    CHECK(result.events->size() == 2);
    CHECK((*result.events)[1].revision == 0);
  }
  SECTION("any order, any case, extra columns, comments, CRLF") {
    auto result = readText("# operator log\r\nWho,Argument,ACTION,Timestamp\r\n"
                           "alice,,promote,2026-11-20T10:15:00Z\r\n"
                           "\r\n"
                           "bob,\"2\",undo,2026-11-20T10:20:00+00:00\r\n");
    CHECK(result.diagnostics == "");
    REQUIRE(result.events);
    REQUIRE(result.events->size() == 2);
    CHECK((*result.events)[1].revision == 2);
  }
  SECTION("a row may stop before the optional argument") {
    auto result = readText("timestamp,action,argument\n0,promote\n");
    CHECK(result.diagnostics == "");
    REQUIRE(result.events);
    CHECK(result.events->size() == 1);
  }
  SECTION("header only means no events") {
    auto result = readText("timestamp,action,argument\n");
    CHECK(result.diagnostics == "");
    REQUIRE(result.events);
    CHECK(result.events->empty());
  }
}

TEST_CASE("EventsReader: malformed rows are located", "[events]") {
  SECTION("unknown action") {
    auto result = readText("timestamp,action,argument\n0,rollback,\n");
    CHECK_FALSE(result.events);
    CHECK(result.diagnostics ==
          "events.csv:2:3: error: unknown action `rollback`; expected promote, promote-full, "
          "abort, retry, undo or pause [EventsBadAction]\n"
          "0,rollback,\n"
          "  ^~~~~~~~\n");
  }
  SECTION("an argument on an action that takes none") {
    auto result = readText("timestamp,action,argument\n0,promote,full\n");
    CHECK_FALSE(result.events);
    CHECK(result.diagnostics == "events.csv:2:11: error: action `promote` takes no argument, "
                                "found `full` [EventsBadArgument]\n"
                                "0,promote,full\n"
                                "          ^~~~\n");
  }
  SECTION("bad revisions") {
    for (const char *bad : {"0", "-1", "+3", "1.5", "abc", "3 4", "99999999999999999999"}) {
      INFO(bad);
      auto result = readText(std::string("timestamp,action,argument\n0,undo,\"") + bad + "\"\n");
      CHECK_FALSE(result.events);
      CHECK(result.diagnostics.find("error: invalid revision `") != std::string::npos);
      CHECK(result.diagnostics.find("[EventsBadArgument]") != std::string::npos);
    }
  }
  SECTION("bad timestamp") {
    auto result = readText("timestamp,action,argument\nsoon,promote,\n");
    CHECK_FALSE(result.events);
    CHECK(result.diagnostics ==
          "events.csv:2:1: error: invalid timestamp `soon`: expected RFC 3339 "
          "(2026-11-20T10:00:00Z) or Unix seconds [TraceBadTimestamp]\n"
          "soon,promote,\n"
          "^~~~\n");
  }
  SECTION("too few and too many fields") {
    auto result = readText("timestamp,action,argument\n0\n0,promote,,x\n");
    CHECK_FALSE(result.events);
    CHECK(result.diagnostics ==
          "events.csv:2:2: error: row has 1 fields, but the header needs at least 2 "
          "[TraceTooFewFields]\n"
          "0\n"
          " ^\n"
          "events.csv:3:12: error: row has more fields than the 3 columns of the header; quote a "
          "field that contains `,` [TraceTooManyFields]\n"
          "0,promote,,x\n"
          "           ^\n");
  }
  SECTION("all errors are reported") {
    auto result = readText("timestamp,action,argument\nx,promote,\n0,jump,\n0,pause,1\n0,undo,0\n");
    CHECK_FALSE(result.events);
    CHECK(result.errors == 4);
  }
}

TEST_CASE("EventsReader: header problems", "[events]") {
  SECTION("empty file") {
    auto result = readText("");
    CHECK_FALSE(result.events);
    CHECK(result.diagnostics ==
          "events.csv:1:1: error: events file has no header row; expected columns "
          "`timestamp,action,argument` [EventsMissingHeader]\n\n^\n");
  }
  SECTION("data where the header should be") {
    auto result = readText("0,promote,\n");
    CHECK_FALSE(result.events);
    CHECK(result.diagnostics.find("[EventsMissingHeader]") != std::string::npos);
  }
  SECTION("missing action column") {
    auto result = readText("timestamp,argument\n0,\n");
    CHECK_FALSE(result.events);
    CHECK(result.diagnostics == "events.csv:1:1: error: events header has no `action` column "
                                "[EventsMissingColumn]\n"
                                "timestamp,argument\n"
                                "^~~~~~~~~~~~~~~~~~\n");
  }
  SECTION("duplicate column") {
    auto result = readText("timestamp,action,Action\n0,promote,abort\n");
    CHECK_FALSE(result.events);
    CHECK(result.diagnostics.find("events.csv:1:18: error: column `action` appears more than "
                                  "once in the header [TraceDuplicateColumn]") == 0);
  }
}

TEST_CASE("EventsReader: hostile input does not crash", "[events]") {
  SECTION("binary junk") {
    std::string text(4096, '\0');
    for (size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>((i * 131 + 7) & 0xFF);
    auto result = readText(text);
    CHECK_FALSE(result.events);
    CHECK(result.errors > 0);
  }
  SECTION("a huge unterminated quote") {
    auto result = readText("timestamp,action,argument\n0,\"" + std::string(4 << 20, 'p') + "\n");
    CHECK_FALSE(result.events);
    CHECK(result.errors == 1);
    CHECK(result.diagnostics.size() < 1000);
  }
}

TEST_CASE("EventsReader: limits", "[events][limits]") {
  SECTION("rows exactly at the limit and one past it") {
    std::string text = "timestamp,action\n";
    text.reserve(text.size() + (kMaxEvents + 1) * 8);
    for (size_t i = 0; i < kMaxEvents; ++i) text += "1,abort\n";
    auto at = readText(text);
    INFO(at.diagnostics);
    REQUIRE(at.events);
    CHECK(at.events->size() == kMaxEvents);
    auto past = readText(text + "2,abort\n");
    CHECK_FALSE(past.events);
    CHECK(past.diagnostics.rfind("events.csv:1000002:1: error: events file has more than 1000000 rows "
                                 "[EventsTooManyRows]\n", 0) == 0);
  }
  SECTION("line length exactly at the limit and one past it") {
    auto events = [](size_t rowBytes) {
      return "timestamp,action,argument,note\n1,abort,," + std::string(rowBytes - 9, 'x') + "\n";
    };
    auto at = readText(events(kMaxLineBytes));
    INFO(at.diagnostics);
    CHECK(at.events);
    auto past = readText(events(kMaxLineBytes + 1));
    CHECK_FALSE(past.events);
    CHECK(past.diagnostics.rfind("events.csv:2:65537: error: line is longer than the limit of 65536 "
                                 "bytes [LineTooLong]\n", 0) == 0);
  }
}
