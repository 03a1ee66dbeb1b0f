// This file implements what the suite tests share: a scratch folder of files, and a suite read from
// text placed in it, with its rendered diagnostics.
#pragma once

#include "compiler/diag/text_renderer.h"
#include "simulator/suite/suite_reader.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <unistd.h>

namespace rwd::test {

/// A fresh folder, removed with everything in it when the object goes away.
class ScratchFolder {
public:
  ScratchFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "rewind-suite-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~ScratchFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchFolder(const ScratchFolder &) = delete;
  ScratchFolder &operator=(const ScratchFolder &) = delete;

  const std::string &path() const { return path_; }
  /// Writes `text` to `relative` (folders created); returns the full path.
  std::string write(const std::string &relative, const std::string &text) const {
    std::filesystem::path full = std::filesystem::path(path_) / relative;
    std::filesystem::create_directories(full.parent_path());
    std::ofstream(full) << text;
    return full.string();
  }

private:
  std::string path_;
};

/// A suite read from `text` as the file `path`, with its diagnostics rendered without colour.
struct ReadSuite {
  SourceManager sources;
  DiagnosticEngine diags;
  std::optional<sim::suite::Suite> suite;
  std::string rendered;
};

inline std::unique_ptr<ReadSuite> readSuiteText(const std::string &path, std::string text) {
  auto r = std::make_unique<ReadSuite>();
  FileId id = r->sources.addBuffer(path, std::move(text));
  r->suite = sim::suite::readSuite(r->sources.file(id), r->diags);
  r->rendered = renderDiagnostics(r->diags.sorted(), r->sources, RenderOptions{false, true});
  return r;
}

} // namespace rwd::test
