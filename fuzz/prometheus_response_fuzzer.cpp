// This file implements the Prometheus response fuzz harness: an HTTP body as the server might send
// it (or a broken proxy in front of it) → the response decoder, which must classify it, never crash.
#include "fuzz/fuzz_support.h"
#include "simulator/prometheus/response_decoder.h"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view body(reinterpret_cast<const char *>(data), size);
  rwd::sim::prom::Response response = rwd::sim::prom::decodeResponse(body);
  (void)response;
  double value = 0;
  rwd::sim::prom::parseSampleValue(body.substr(0, 64), value);
  return 0;
}
