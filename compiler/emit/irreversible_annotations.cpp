// This file implements the annotations both backends write for irreversible marks.
#include "compiler/emit/irreversible_annotations.h"

#include <fmt/format.h>
#include <map>
#include <string>
#include <vector>

namespace rwd::emit {

void addIrreversibleAnnotations(const plan::Plan &plan, YamlNode &annotations) {
  std::map<std::string, std::string> marks;
  std::vector<std::string> order;
  for (const plan::IrreversibleMark &mark : plan.irreversible) {
    std::string key = plan.strategy == plan::Strategy::Canary
                          ? fmt::format("rewind.dev/irreversible-before-step-{}", mark.stepIndex)
                          : std::string("rewind.dev/irreversible-at-promotion");
    auto [it, inserted] = marks.emplace(key, mark.note);
    if (inserted) order.push_back(key);
    else it->second += "; " + mark.note;
  }
  for (const std::string &key : order) annotations.set(key, YamlNode::string(marks[key]));
}

} // namespace rwd::emit
