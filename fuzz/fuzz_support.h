// This file implements what every fuzz harness shares: turning libFuzzer's bytes into a loaded
// source file, rendering the diagnostics it produced, and stopping on a broken invariant.
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/diag/text_renderer.h"
#include "compiler/source/source_manager.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace rwd::fuzz {

/// Adds the fuzzer's bytes to `sources` as one file named `name`.
inline const SourceFile &addInput(SourceManager &sources, const char *name, const uint8_t *data,
                                  size_t size) {
  FileId id = sources.addBuffer(name, std::string(reinterpret_cast<const char *>(data), size));
  return sources.file(id);
}

/// Stops the run with a message: libFuzzer records the input as a crash.
[[noreturn]] inline void invariantBroken(const char *what) {
  std::fprintf(stderr, "fuzz: invariant broken: %s\n", what);
  std::abort();
}

/// Renders every diagnostic (the renderer reads source lines around each range, so it is exercised
/// on every input too). Rendering must never fail; the text is discarded.
inline void renderAll(const DiagnosticEngine &diags, const SourceManager &sources) {
  RenderOptions options;
  std::string text = renderDiagnostics(diags.sorted(), sources, options);
  if (diags.hasErrors() && text.empty()) invariantBroken("errors were reported but nothing rendered");
}

} // namespace rwd::fuzz
