// This file implements the source manager: reading files and mapping byte offsets to lines and columns.
#include "compiler/source/source_manager.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rwd {

SourceFile::SourceFile(FileId id, std::string path, std::string text)
    : id_(id), path_(std::move(path)), ownedText_(std::move(text)), text_(ownedText_) {}

SourceFile::SourceFile(FileId id, std::string path, void *mapping, size_t size)
    : id_(id), path_(std::move(path)), mapping_(mapping),
      text_(static_cast<const char *>(mapping), size) {}

SourceFile::~SourceFile() {
  if (mapping_) ::munmap(mapping_, text_.size());
}

void SourceFile::releasePages(uint32_t begin, uint32_t end) const {
  if (!mapping_) return;
  const auto page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto base = reinterpret_cast<uintptr_t>(mapping_);
  uintptr_t first = (base + begin + page - 1) / page * page;
  uintptr_t last = (base + std::min<size_t>(end, text_.size())) / page * page;
  if (first < last) ::madvise(reinterpret_cast<void *>(first), last - first, MADV_DONTNEED);
}

void SourceFile::buildLineTable() const {
  if (!lineStarts_.empty()) return;
  lineStarts_.push_back(0);
  for (uint32_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') lineStarts_.push_back(i + 1);
}

LineColumn SourceFile::lineColumn(uint32_t offset) const {
  buildLineTable();
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - lineStarts_.begin());
  return {line, offset - lineStarts_[line - 1] + 1};
}

uint32_t SourceFile::lineStart(uint32_t line) const {
  buildLineTable();
  if (line == 0 || line > lineStarts_.size()) return static_cast<uint32_t>(text_.size());
  return lineStarts_[line - 1];
}

std::string_view SourceFile::lineText(uint32_t line) const {
  buildLineTable();
  if (line == 0 || line > lineStarts_.size()) return {};
  uint32_t begin = lineStarts_[line - 1];
  uint32_t end = line < lineStarts_.size() ? lineStarts_[line] : static_cast<uint32_t>(text_.size());
  std::string_view view(text_.data() + begin, end - begin);
  while (!view.empty() && (view.back() == '\n' || view.back() == '\r')) view.remove_suffix(1);
  return view;
}

namespace {

/// Maps `path` read-only when it is a regular file of [kMapFromBytes, kMaxFileBytes]; else null.
void *mapFile(const std::string &path, size_t &size) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat info {};
  void *mapping = nullptr;
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) &&
      static_cast<uint64_t>(info.st_size) >= SourceManager::kMapFromBytes &&
      static_cast<uint64_t>(info.st_size) <= SourceManager::kMaxFileBytes) {
    size = static_cast<size_t>(info.st_size);
    mapping = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapping == MAP_FAILED) mapping = nullptr;
    // Read ahead, front to back: the readers walk the file once.
    else ::madvise(mapping, size, MADV_SEQUENTIAL | MADV_WILLNEED);
  }
  ::close(fd);
  return mapping;
}

} // namespace

std::optional<FileId> SourceManager::load(const std::string &path, std::string &error, bool mapLarge) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  if (S_ISDIR(info.st_mode)) {
    error = "is a directory";
    return std::nullopt;
  }
  if (mapLarge && S_ISREG(info.st_mode)) {
    size_t size = 0;
    if (void *mapping = mapFile(path, size)) {
      FileId id = static_cast<FileId>(files_.size());
      files_.push_back(std::make_unique<SourceFile>(id, path, mapping, size));
      return id;
    }
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  std::string text;
  // Size the buffer from st_size, but read until EOF rather than trusting it: pipes and /proc
  // files report 0, and a growing file may be longer by now.
  if (info.st_size > 0 && static_cast<uint64_t>(info.st_size) <= kMaxFileBytes) {
    text.resize(static_cast<size_t>(info.st_size));
    in.read(text.data(), info.st_size);
    text.resize(static_cast<size_t>(in.gcount()));
  }
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxFileBytes) {
      error = "file is larger than the limit of 256 MiB";
      return std::nullopt;
    }
  }
  return addBuffer(path, std::move(text));
}

FileId SourceManager::addBuffer(std::string path, std::string text) {
  FileId id = static_cast<FileId>(files_.size());
  files_.push_back(std::make_unique<SourceFile>(id, std::move(path), std::move(text)));
  return id;
}

std::optional<FileId> SourceManager::findByPath(const std::string &path) const {
  for (const auto &file : files_)
    if (file->path() == path) return file->id();
  return std::nullopt;
}

} // namespace rwd
