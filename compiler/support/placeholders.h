// This file implements Argo's `{{args.x}}` substitution, shared by sema (which resolves settings
// with template defaults, as Argo's validation does) and the runtime (with each run's arguments).
#pragma once

#include <map>
#include <string>

namespace rwd {

/// Substitutes `{{args.x}}` (whitespace inside the braces allowed) with the arguments' text;
/// a placeholder with no such argument is left as written.
std::string substituteArgs(const std::string &text, const std::map<std::string, std::string> &args);

} // namespace rwd
