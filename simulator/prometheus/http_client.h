// This file implements the HTTP transport for Prometheus queries: one POST per call over libcurl,
// safe to call from several threads at once, with bearer token, extra headers and TLS settings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rwd::sim::prom {

struct HttpOptions {
  int64_t timeoutMs = 30'000;       // the whole request, as Argo's provider `timeout` (default 30 s)
  int64_t connectTimeoutMs = 10'000;
  std::string caFile;               // PEM bundle to verify the server with ("" = system default)
  bool insecure = false;            // skip TLS verification (like Argo's `insecure: true`)
  std::string bearerToken;          // sent as `Authorization: Bearer ...`; never printed
  std::vector<std::string> headers; // extra `Name: value` lines; never printed
};

struct HttpResponse {
  bool transportOk = false; // false: no HTTP answer at all (refused, timed out, TLS, ...)
  bool timedOut = false;
  long status = 0;
  std::string body;
  std::string error; // transport error text (never holds a header or the token)
};

/// POSTs `form` (application/x-www-form-urlencoded) to `url` and returns the answer. Accepts gzip.
HttpResponse httpPostForm(const std::string &url, const std::string &form, const HttpOptions &options);

/// Percent-encodes `text` for a form body (RFC 3986 unreserved characters stay as they are).
std::string formEncode(std::string_view text);

/// `url` without any `user:password@` part, for messages.
std::string redactUrl(std::string_view url);

} // namespace rwd::sim::prom
