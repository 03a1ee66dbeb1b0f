// This file implements suite paths: resolution beside the suite file and glob expansion (POSIX
// glob(3) without its locale-dependent sort; the matches are sorted by their bytes instead).
#include "simulator/suite/path_glob.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <glob.h>
#include <sys/stat.h>

namespace rwd::sim::suite {

namespace {

/// Where glob(3) could not read a folder; recorded by the error callback (glob's callback has no
/// user pointer, so it is thread-local).
thread_local std::string globFailure;

int onGlobError(const char *path, int error) {
  // A folder that is not there matches nothing, as in a shell; one that cannot be read is a failure.
  if (error == ENOENT || error == ENOTDIR) return 0;
  if (globFailure.empty()) globFailure = std::string(path) + ": " + std::strerror(error);
  return 0; // keep going: unreadable folders match nothing, as in a shell
}

bool isRegularFile(const std::string &path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

} // namespace

std::string resolveBeside(std::string_view suitePath, std::string_view written) {
  std::filesystem::path path{std::string(written)};
  if (path.is_relative()) path = std::filesystem::path(std::string(suitePath)).parent_path() / path;
  std::string normal = path.lexically_normal().string();
  return normal.empty() ? "." : normal;
}

bool isGlob(std::string_view pattern) { return pattern.find_first_of("*?[") != std::string_view::npos; }

GlobMatches expandGlob(const std::string &pattern, size_t limit) {
  GlobMatches out;
  globFailure.clear();
  glob_t found{};
  int status = ::glob(pattern.c_str(), GLOB_NOSORT, onGlobError, &found);
  if (status == 0) {
    for (size_t i = 0; i < found.gl_pathc && out.paths.size() <= limit; ++i)
      if (isRegularFile(found.gl_pathv[i])) out.paths.emplace_back(found.gl_pathv[i]);
  } else if (status == GLOB_NOSPACE) {
    out.error = "out of memory";
  }
  ::globfree(&found);
  if (!globFailure.empty() && !out.error) out.error = globFailure;
  std::sort(out.paths.begin(), out.paths.end());
  return out;
}

std::string globRelativeName(std::string_view pattern, std::string_view match) {
  // The fixed folder ends at the last `/` before the first metacharacter.
  size_t meta = pattern.find_first_of("*?[");
  size_t slash = pattern.rfind('/', meta == std::string_view::npos ? pattern.size() : meta);
  size_t prefix = slash == std::string_view::npos ? 0 : slash + 1;
  if (prefix <= match.size() && match.substr(0, prefix) == pattern.substr(0, prefix))
    return std::string(match.substr(prefix));
  return std::filesystem::path(std::string(match)).filename().string();
}

} // namespace rwd::sim::suite
