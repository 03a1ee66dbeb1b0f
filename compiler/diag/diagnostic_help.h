// This file implements the lookup of a diagnostic kind's help text (diagnostic_help.def): why the
// problem matters and how to fix it, as machine formats such as SARIF carry it.
#pragma once

#include "compiler/diag/diagnostic.h"

#include <string_view>

namespace rwd {

/// The help text of `kind`; empty when the registry has none (a unit test keeps that from landing).
std::string_view diagKindHelp(DiagKind kind);

} // namespace rwd
