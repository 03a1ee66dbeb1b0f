// This file implements the lookup table behind the diagnostic help registry.
#include "compiler/diag/diagnostic_help.h"

#include <array>

namespace rwd {

namespace {

/// Help texts indexed by kind. Each entry names its kind as `DiagKind::Name`, so a help text for a
/// kind that no longer exists fails to compile; a kind without a help text stays empty here and
/// fails the registry's unit test instead (kinds are added in many places at once).
std::array<std::string_view, kDiagKindCount> buildHelpTable() {
  std::array<std::string_view, kDiagKindCount> table{};
#define REWIND_DIAG_HELP(Name, Help) table[static_cast<size_t>(DiagKind::Name)] = Help;
#include "compiler/diag/diagnostic_help.def"
#undef REWIND_DIAG_HELP
  return table;
}

} // namespace

std::string_view diagKindHelp(DiagKind kind) {
  static const std::array<std::string_view, kDiagKindCount> kHelp = buildHelpTable();
  return kHelp[static_cast<size_t>(kind)];
}

} // namespace rwd
