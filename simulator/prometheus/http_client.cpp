// This file implements the HTTP transport for Prometheus queries: one POST per call over libcurl,
// safe to call from several threads at once, with bearer token, extra headers and TLS settings.
#include "simulator/prometheus/http_client.h"

#include "simulator/prometheus/curl_library.h"

#include <memory>

namespace rwd::sim::prom {

namespace {

/// libcurl once a handle exists (the library never unloads); see curlLibrary().
const CurlLibrary &loadedCurl() {
  std::string unused;
  return *curlLibrary(unused);
}

size_t appendBody(char *data, size_t size, size_t count, void *user) {
  auto *body = static_cast<std::string *>(user);
  constexpr size_t kMaxBody = size_t{1} << 30; // a response past 1 GiB is not a sane answer
  if (body->size() + size * count > kMaxBody) return 0;
  body->append(data, size * count);
  return size * count;
}

struct SlistDeleter {
  void operator()(curl_slist *list) const { loadedCurl().slistFreeAll(list); }
};
struct EasyDeleter {
  void operator()(CURL *handle) const { loadedCurl().easyCleanup(handle); }
};

} // namespace

std::string formEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string redactUrl(std::string_view url) {
  size_t scheme = url.find("://");
  size_t hostStart = scheme == std::string_view::npos ? 0 : scheme + 3;
  size_t hostEnd = url.find_first_of("/?#", hostStart);
  std::string_view authority = url.substr(hostStart, hostEnd == std::string_view::npos ? url.npos : hostEnd - hostStart);
  size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  std::string out(url.substr(0, hostStart));
  out += "***@";
  out += url.substr(hostStart + at + 1);
  return out;
}

HttpResponse httpPostForm(const std::string &url, const std::string &form, const HttpOptions &options) {
  HttpResponse response;
  const CurlLibrary *curl = curlLibrary(response.error);
  if (!curl) return response;
  // One handle per thread, reset between requests: reset keeps its connection cache, so the
  // replay's sequence of instant queries reuses one keep-alive connection per server.
  thread_local std::unique_ptr<CURL, EasyDeleter> handle(curl->easyInit());
  if (!handle) {
    response.error = "cannot initialise libcurl";
    return response;
  }
  CURL *h = handle.get();
  curl->easyReset(h);
  char errorBuffer[CURL_ERROR_SIZE] = {0};
  curl_slist *rawHeaders = curl->slistAppend(nullptr, "Content-Type: application/x-www-form-urlencoded");
  rawHeaders = curl->slistAppend(rawHeaders, "Accept: application/json");
  std::string authorization;
  if (!options.bearerToken.empty()) {
    authorization = "Authorization: Bearer " + options.bearerToken;
    rawHeaders = curl->slistAppend(rawHeaders, authorization.c_str());
  }
  for (const std::string &header : options.headers) rawHeaders = curl->slistAppend(rawHeaders, header.c_str());
  std::unique_ptr<curl_slist, SlistDeleter> headers(rawHeaders);

  curl->easySetopt(h, CURLOPT_URL, url.c_str());
  curl->easySetopt(h, CURLOPT_POST, 1L);
  curl->easySetopt(h, CURLOPT_POSTFIELDS, form.c_str());
  curl->easySetopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(form.size()));
  curl->easySetopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl->easySetopt(h, CURLOPT_ACCEPT_ENCODING, "");
  curl->easySetopt(h, CURLOPT_NOSIGNAL, 1L);
  curl->easySetopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeoutMs));
  curl->easySetopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connectTimeoutMs));
  curl->easySetopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl->easySetopt(h, CURLOPT_ERRORBUFFER, errorBuffer);
  curl->easySetopt(h, CURLOPT_WRITEFUNCTION, appendBody);
  curl->easySetopt(h, CURLOPT_WRITEDATA, &response.body);
  if (!options.caFile.empty()) curl->easySetopt(h, CURLOPT_CAINFO, options.caFile.c_str());
  if (options.insecure) {
    curl->easySetopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl->easySetopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  CURLcode code = curl->easyPerform(h);
  if (code != CURLE_OK) {
    response.timedOut = code == CURLE_OPERATION_TIMEDOUT;
    response.error = errorBuffer[0] ? errorBuffer : curl->easyStrerror(code);
    while (!response.error.empty() && response.error.back() == '\n') response.error.pop_back();
    return response;
  }
  curl->easyGetinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  response.transportOk = true;
  return response;
}

} // namespace rwd::sim::prom
