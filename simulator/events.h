// This file implements the operator events of CONTRACT §4: what a person did to the rollout and
// when, with the meaning of the `kubectl argo rollouts` command of the same name.
#pragma once

#include "compiler/source/source_manager.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace rwd::sim {

enum class EventAction : uint8_t {
  Promote,     // kubectl argo rollouts promote: leave the current pause / step
  PromoteFull, // promote --full: skip every remaining step and analysis
  Abort,       // abort: back to the stable version
  Retry,       // retry: clear an abort and start the update again from step 0
  Undo,        // undo [--to-revision=N]: roll the spec back to a revision
  Pause,       // pause: pause the rollout until promoted
};

/// The action's name as written in an events file (`promote-full`).
std::string_view eventActionName(EventAction action);

/// Parses an action name; ASCII case is ignored. Nullopt if it is none of the six.
std::optional<EventAction> parseEventAction(std::string_view name);

/// One row of an events file.
struct Event {
  int64_t timeMillis = 0;
  EventAction action = EventAction::Promote;
  /// For Undo: the revision to go back to; 0 means the previous revision (an empty argument).
  /// Always 0 for the other actions.
  int64_t revision = 0;
  /// The `action` field in the events file, for diagnostics such as "event ignored".
  SourceRange range;
};

} // namespace rwd::sim
