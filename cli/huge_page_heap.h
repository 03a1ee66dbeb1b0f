// This file implements the heap set-up `rewind` makes at start: the memory a run fills (a trace's
// columns, the replay's timeline, the report being written) is taken from one region that the
// kernel backs with 2 MiB pages, so that filling it costs a page fault per 2 MiB, not per 4 KiB.
#pragma once

namespace rwd::cli {

/// Reserves the heap region and asks for huge pages there (best effort: without transparent huge
/// pages, or if any step fails, the heap works as it always does). Call once, first thing in main.
void useHugePageHeap();

} // namespace rwd::cli
