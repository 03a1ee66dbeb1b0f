// This file implements the source manager: loaded files, their line tables, and offset → line/column.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rwd {

/// Index of a file in a SourceManager. Stable for the manager's lifetime.
using FileId = uint32_t;
inline constexpr FileId kNoFile = UINT32_MAX;

/// A half-open byte range [begin, end) inside one file.
struct SourceRange {
  FileId file = kNoFile;
  uint32_t begin = 0;
  uint32_t end = 0;

  bool valid() const { return file != kNoFile; }
  static SourceRange merge(const SourceRange &a, const SourceRange &b) {
    if (!a.valid()) return b;
    if (!b.valid()) return a;
    return {a.file, a.begin < b.begin ? a.begin : b.begin, a.end > b.end ? a.end : b.end};
  }
};

/// A 1-based line and column (columns count bytes, as GCC and Clang do).
struct LineColumn {
  uint32_t line = 0;
  uint32_t column = 0;
};

/// One loaded file: its path as the user gave it, its bytes, and a lazily built line table.
class SourceFile {
public:
  SourceFile(FileId id, std::string path, std::string text);
  /// A file whose bytes are a read-only memory mapping of `size` bytes at `mapping` (owned).
  SourceFile(FileId id, std::string path, void *mapping, size_t size);
  ~SourceFile();
  SourceFile(const SourceFile &) = delete;
  SourceFile &operator=(const SourceFile &) = delete;
  FileId id() const { return id_; }
  const std::string &path() const { return path_; }
  std::string_view text() const { return text_; }
  LineColumn lineColumn(uint32_t offset) const;
  /// The text of 1-based line `line`, without its line terminator.
  std::string_view lineText(uint32_t line) const;
  uint32_t lineStart(uint32_t line) const;
  SourceRange range(uint32_t begin, uint32_t end) const { return {id_, begin, end}; }
  /// Says that bytes [begin, end) will not be read again soon. For a mapped file the memory of
  /// the whole pages among them goes back to the page cache (the bytes stay readable: a later read
  /// maps them again), so a reader's footprint does not grow with the file. Otherwise a no-op.
  void releasePages(uint32_t begin, uint32_t end) const;

private:
  void buildLineTable() const;
  FileId id_;
  std::string path_;
  std::string ownedText_;
  void *mapping_ = nullptr;
  std::string_view text_;
  mutable std::vector<uint32_t> lineStarts_;
};

/// Owns every file of a run. Files are read whole; the size limit keeps hostile inputs bounded.
class SourceManager {
public:
  /// Largest file Rewind reads (policy, YAML, trace or events), far above any real one.
  static constexpr uint64_t kMaxFileBytes = 256ull * 1024 * 1024;

  /// Data files (traces) from this size on are mapped rather than read by load(..., true).
  static constexpr uint64_t kMapFromBytes = 1u << 20;

  /// Reads `path`. On failure returns nullopt and sets `error` to a message such as "no such file".
  /// With `mapLarge`, a regular file of at least kMapFromBytes is memory-mapped instead of copied:
  /// a data file read once from start to end then costs no copy and, with releasePages, no memory
  /// that grows with it. (As with any mapped input, a file truncated by another process while it
  /// is read ends the process with SIGBUS.)
  std::optional<FileId> load(const std::string &path, std::string &error, bool mapLarge = false);
  FileId addBuffer(std::string path, std::string text);
  const SourceFile &file(FileId id) const { return *files_.at(id); }
  size_t fileCount() const { return files_.size(); }
  std::optional<FileId> findByPath(const std::string &path) const;

private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

} // namespace rwd
