// This file implements Rewind's binding to libcurl, loaded on the first HTTP request rather than at
// every start of `rewind`: libcurl brings some thirty libraries (TLS, Kerberos, LDAP, ...) whose
// loading and relocation cost about 5 ms of CPU, more than `check` itself, and only `simulate
// --prometheus` and `record` ever speak HTTP.
#pragma once

#include <curl/curl.h>
#include <string>

namespace rwd::sim::prom {

/// The libcurl functions Rewind calls, with the types of their declarations in <curl/curl.h>.
struct CurlLibrary {
  decltype(&::curl_global_init) globalInit;
  decltype(&::curl_easy_init) easyInit;
  decltype(&::curl_easy_reset) easyReset;
  decltype(&::curl_easy_setopt) easySetopt;
  decltype(&::curl_easy_perform) easyPerform;
  decltype(&::curl_easy_getinfo) easyGetinfo;
  decltype(&::curl_easy_strerror) easyStrerror;
  decltype(&::curl_easy_cleanup) easyCleanup;
  decltype(&::curl_slist_append) slistAppend;
  decltype(&::curl_slist_free_all) slistFreeAll;
};

/// libcurl, loaded and initialised (curl_global_init) once per process, thread-safely; null when it
/// cannot be loaded, with the reason in `error`.
const CurlLibrary *curlLibrary(std::string &error);

} // namespace rwd::sim::prom
