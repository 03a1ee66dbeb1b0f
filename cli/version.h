// This file implements what `rewind --version` reports: Rewind's version and the Argo Rollouts
// source whose semantics the runtime follows (../shared/reference/argo-semantics.md).
#pragma once

namespace rwd::cli {

#ifndef REWIND_VERSION
#define REWIND_VERSION "0.0.0-unknown"
#endif

/// Rewind's version, from the top-level CMake project().
inline constexpr const char *kRewindVersion = REWIND_VERSION;

/// The Argo Rollouts source the runtime's semantics were read from: a snapshot of master after
/// the v1.10.0-rc1 tag (`git describe`: v1.10.0-rc1-70-g9f8d111d8).
inline constexpr const char *kArgoRolloutsSemantics =
    "Argo Rollouts v1.10 (master 9f8d111d8f8e, 2026-08-17, after v1.10.0-rc1)";

} // namespace rwd::cli
