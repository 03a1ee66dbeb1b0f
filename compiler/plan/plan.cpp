// This file implements the names of the plan's enumerations.
#include "compiler/plan/plan.h"

namespace rwd::plan {

std::string_view runKindName(RunKind kind) {
  switch (kind) {
  case RunKind::Step: return "step";
  case RunKind::Background: return "background";
  case RunKind::PrePromotion: return "pre-promotion";
  case RunKind::PostPromotion: return "post-promotion";
  case RunKind::Experiment: return "experiment";
  }
  return "step";
}

std::string_view paramTypeName(ParamType type) {
  switch (type) {
  case ParamType::String: return "string";
  case ParamType::Number: return "number";
  case ParamType::Duration: return "duration";
  case ParamType::Bool: return "bool";
  }
  return "string";
}

std::string_view resultShapeName(ResultShape shape) {
  switch (shape) {
  case ResultShape::Vector: return "vector";
  case ResultShape::Scalar: return "scalar";
  case ResultShape::Dynamic: return "dynamic";
  case ResultShape::None: return "none";
  }
  return "vector";
}

} // namespace rwd::plan
