#pragma once

#include <cstddef>

namespace interleave {

// Faults memory in on a thread of its own, ahead of the writers that will fill it.
//
// A record costs a clock read plus a 16-byte store, but the first store into each fresh 4 KiB
// page also takes a page fault (the kernel finds and zeroes a page): one per 256 records, a
// few nanoseconds per record on average, more on a loaded machine. A LaneStore asks for the
// pages a little ahead of its writer to be populated here (madvise MADV_POPULATE_WRITE), so
// the writer finds them mapped. Populating never writes the memory's contents, so a range
// that was freed or reused meanwhile comes to no harm, and no reader or writer races it.
//
// request() never blocks: when the queue is busy or full the request is dropped and the writer
// takes the faults itself, as it would without this.
class PagePrefaulter {
public:
    static void request(const void* begin, std::size_t bytes) noexcept;

    // Requests handled so far (for tests and benchmarks).
    static std::size_t populatedRequests() noexcept;
};

} // namespace interleave
