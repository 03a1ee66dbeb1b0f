// This file implements the huge-page heap set-up. Why: a simulate of the one-day trace touched
// about 3,200 fresh 4 KiB pages (trace columns, timeline, report), and on a virtual machine each
// first touch is a page fault of about 2 us, a fifth of the run's CPU time. With the heap in one
// region advised MADV_HUGEPAGE, the kernel (transparent huge pages in `madvise` or `always`
// mode) fills it 2 MiB at a time.
//
// How: glibc serves blocks of 128 KiB and more from mappings of their own, each too small and
// unaligned for a huge page; raising the mmap threshold keeps them in the heap instead, a first
// large allocation grows the heap once by kReservedBytes (address space only: nothing is touched),
// freeing it leaves that as the heap's top, and a high trim threshold stops glibc from handing it
// back. Memory a run frees stays in the process for its next allocations, as small blocks always
// did; peak memory grows by at most the part of the last 2 MiB pages a run does not use.
#include "cli/huge_page_heap.h"

#include <cstdint>
#include <cstdlib>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

namespace rwd::cli {

namespace {

constexpr size_t kHugePage = size_t{2} << 20;
/// The heap reserved at start: more than a week-long trace run uses (bench/README.md).
constexpr size_t kReservedBytes = size_t{96} << 20;

} // namespace

void useHugePageHeap() {
  // Blocks up to the whole reserve come from the heap; the reserve is never trimmed.
  if (::mallopt(M_MMAP_THRESHOLD, static_cast<int>(kReservedBytes)) == 0) return;
  if (::mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * kReservedBytes)) == 0) return;
  void *reserve = std::malloc(kReservedBytes - kHugePage);
  if (reserve == nullptr) return;
  const auto begin = reinterpret_cast<uintptr_t>(reserve);
  std::free(reserve);
  const auto end = reinterpret_cast<uintptr_t>(::sbrk(0));
  const uintptr_t first = (begin + kHugePage - 1) / kHugePage * kHugePage;
  if (end != static_cast<uintptr_t>(-1) && first < end)
    ::madvise(reinterpret_cast<void *>(first), (end - first) / kHugePage * kHugePage, MADV_HUGEPAGE);
}

} // namespace rwd::cli
