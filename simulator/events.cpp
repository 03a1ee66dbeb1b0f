// This file implements the names of operator event actions.
#include "simulator/events.h"

namespace rwd::sim {

namespace {

struct ActionName {
  EventAction action;
  std::string_view name;
};

constexpr ActionName kActionNames[] = {
    {EventAction::Promote, "promote"}, {EventAction::PromoteFull, "promote-full"},
    {EventAction::Abort, "abort"},     {EventAction::Retry, "retry"},
    {EventAction::Undo, "undo"},       {EventAction::Pause, "pause"},
};

bool equalsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false; // b is a lowercase name
  }
  return true;
}

} // namespace

std::string_view eventActionName(EventAction action) {
  for (const ActionName &entry : kActionNames)
    if (entry.action == action) return entry.name;
  return "unknown";
}

std::optional<EventAction> parseEventAction(std::string_view name) {
  for (const ActionName &entry : kActionNames)
    if (equalsIgnoreAsciiCase(name, entry.name)) return entry.action;
  return std::nullopt;
}

} // namespace rwd::sim
