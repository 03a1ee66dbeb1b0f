// This file implements the lazy binding to libcurl: dlopen of its Debian run-time name, one symbol
// per function Rewind calls.
#include "simulator/prometheus/curl_library.h"

#include <dlfcn.h>
#include <mutex>

namespace rwd::sim::prom {

namespace {

/// The library's ABI name: Debian's libcurl4 packages (OpenSSL and GnuTLS builds alike) ship it,
/// and the development package the build uses links against exactly this name.
constexpr const char *kLibcurlName = "libcurl.so.4";

struct Loaded {
  CurlLibrary library{};
  std::string error;
  bool ok = false;
};

template <typename Function> bool bind(void *handle, const char *name, Function &out) {
  void *symbol = ::dlsym(handle, name);
  out = reinterpret_cast<Function>(symbol);
  return symbol != nullptr;
}

Loaded load() {
  Loaded loaded;
  void *handle = ::dlopen(kLibcurlName, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *why = ::dlerror();
    loaded.error = std::string("cannot load ") + kLibcurlName + ": " + (why ? why : "unknown error");
    return loaded;
  }
  CurlLibrary &l = loaded.library;
  bool ok = bind(handle, "curl_global_init", l.globalInit) && bind(handle, "curl_easy_init", l.easyInit) &&
            bind(handle, "curl_easy_reset", l.easyReset) && bind(handle, "curl_easy_setopt", l.easySetopt) &&
            bind(handle, "curl_easy_perform", l.easyPerform) &&
            bind(handle, "curl_easy_getinfo", l.easyGetinfo) &&
            bind(handle, "curl_easy_strerror", l.easyStrerror) &&
            bind(handle, "curl_easy_cleanup", l.easyCleanup) &&
            bind(handle, "curl_slist_append", l.slistAppend) &&
            bind(handle, "curl_slist_free_all", l.slistFreeAll);
  if (!ok) {
    loaded.error = std::string(kLibcurlName) + " lacks a function Rewind needs (libcurl 7.85 or later is required)";
    return loaded;
  }
  // The library stays loaded for the life of the process: handles live in thread-locals.
  if (l.globalInit(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    loaded.error = "libcurl failed to initialise";
    return loaded;
  }
  loaded.ok = true;
  return loaded;
}

} // namespace

const CurlLibrary *curlLibrary(std::string &error) {
  static std::once_flag once;
  static Loaded loaded;
  std::call_once(once, [] { loaded = load(); });
  if (!loaded.ok) {
    error = loaded.error;
    return nullptr;
  }
  return &loaded.library;
}

} // namespace rwd::sim::prom
