// This file implements the phase vocabulary of analysis runs, metrics and measurements (Argo's names).
#pragma once

#include <cstdint>
#include <string_view>

namespace rwd::runtime {

/// Argo's AnalysisPhase, shared by measurements, metrics and runs.
enum class Phase : uint8_t { Pending, Running, Successful, Failed, Error, Inconclusive };

inline std::string_view phaseName(Phase phase) {
  switch (phase) {
  case Phase::Pending: return "Pending";
  case Phase::Running: return "Running";
  case Phase::Successful: return "Successful";
  case Phase::Failed: return "Failed";
  case Phase::Error: return "Error";
  case Phase::Inconclusive: return "Inconclusive";
  }
  return "Unknown";
}

inline bool isCompleted(Phase phase) {
  return phase == Phase::Successful || phase == Phase::Failed || phase == Phase::Error ||
         phase == Phase::Inconclusive;
}

/// Argo's analysisStatusOrder: Successful < Running < Pending < Inconclusive < Error < Failed.
inline int phaseRank(Phase phase) {
  switch (phase) {
  case Phase::Successful: return 0;
  case Phase::Running: return 1;
  case Phase::Pending: return 2;
  case Phase::Inconclusive: return 3;
  case Phase::Error: return 4;
  case Phase::Failed: return 5;
  }
  return 0;
}

inline bool isWorse(Phase current, Phase candidate) { return phaseRank(candidate) > phaseRank(current); }

} // namespace rwd::runtime
