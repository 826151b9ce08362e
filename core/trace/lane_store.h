#pragma once

#include "trace/state_change.h"

#include <array>
#include <atomic>
#include <bit>
#include <cstddef>

namespace interleave {

// Append-only storage of one lane's records: one writer thread, any number of readers.
//
// Records live in chunks that never move: chunk k holds kFirstChunk << k records, so the
// directory is a fixed array and index -> (chunk, offset) is two shifts. The writer fills a
// slot, then publishes the new count with a release store; a reader loads the count with
// acquire and may then read every record below it while the writer keeps appending.
class LaneStore {
public:
    static constexpr unsigned kFirstChunkLog2 = 8; // 256 records, 4 KiB
    static constexpr std::size_t kFirstChunk = std::size_t{1} << kFirstChunkLog2;
    static constexpr unsigned kMaxChunks = 40; // 2^48 records: never the limit in practice

    LaneStore() = default;
    LaneStore(const LaneStore&) = delete;
    LaneStore& operator=(const LaneStore&) = delete;
    ~LaneStore();

    // Writer side. Only one thread may append to a store (the lane's writer).
    void append(const StateChange& record)
    {
        if (m_cursor == m_chunkEnd) [[unlikely]]
            openNextChunk();
        *m_cursor++ = record;
        m_count.store(++m_written, std::memory_order_release);
    }

    // Reader side: any thread.
    std::size_t size() const noexcept { return m_count.load(std::memory_order_acquire); }

    // Precondition: index < a value size() returned to this thread.
    const StateChange& at(std::size_t index) const noexcept
    {
        const std::size_t biased = (index >> kFirstChunkLog2) + 1;
        const unsigned chunk = static_cast<unsigned>(std::bit_width(biased)) - 1;
        const std::size_t chunkStart = ((std::size_t{1} << chunk) - 1) << kFirstChunkLog2;
        return m_chunks[chunk].load(std::memory_order_acquire)[index - chunkStart];
    }

    static constexpr std::size_t chunkCapacity(unsigned chunk) noexcept { return kFirstChunk << chunk; }

private:
    void openNextChunk();

    std::array<std::atomic<StateChange*>, kMaxChunks> m_chunks{};
    std::atomic<std::size_t> m_count{0};

    // Writer-private: touched only by the writing thread.
    StateChange* m_cursor = nullptr;
    StateChange* m_chunkEnd = nullptr;
    std::size_t m_written = 0;
    unsigned m_nextChunk = 0;
};

} // namespace interleave
