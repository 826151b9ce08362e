#pragma once

#include "trace/state.h"
#include "trace/state_change.h"

#include <array>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>

namespace interleave {

// How many records the lanes of one recorder may keep between them. A lane takes its share a
// chunk at a time, in the rare path of LaneStore::append(), so recording under the budget pays
// nothing for it. Taking is one fetch_sub (wait-free); the counter goes below zero once spent.
class SpanBudget {
public:
    explicit SpanBudget(std::size_t maxSpans) noexcept;

    // Up to `wanted` records: all of them, what is left, or 0 once the budget is spent.
    std::size_t take(std::size_t wanted) noexcept;
    std::size_t limit() const noexcept { return m_limit; }

private:
    std::atomic<std::int64_t> m_left;
    std::size_t m_limit;
};

// What a lane recorded past its budget: not the records, but enough to keep the lane's
// whole-lane summary exact. The kept records end at `from`; from there on only these totals.
struct DroppedRecords {
    std::size_t count = 0;  // records not kept
    TimeNs from = 0;        // the first dropped record's time: where the kept detail ends
    StateChange last;       // the last dropped record: the lane's state from last.time on
    // Over [from, last.time): time spent in each state, and how often each was entered.
    std::array<TimeNs, kStateCount> time{};
    std::array<std::uint64_t, kStateCount> entered{};

    friend bool operator==(const DroppedRecords&, const DroppedRecords&) = default;
};

// Append-only storage of one lane's records: one writer thread, any number of readers.
//
// Records live in chunks that never move: chunk k holds kFirstChunk << k records, so the
// directory is a fixed array and index -> (chunk, offset) is two shifts. The writer fills a
// slot, then publishes the new count with a release store; a reader loads the count with
// acquire and may then read every record below it while the writer keeps appending.
//
// First touch: beyond the clock read, most of what a record costs is the page fault of the
// first store into each fresh 4 KiB page. From 1 MiB chunks on, a chunk is allocated one
// chunk early and the PagePrefaulter populates its pages on another thread, a window ahead of
// the writer: append() stops every window (64 KiB; the same branch as the chunk end) to ask
// for the next one. Small lanes are left alone: their pages ahead would be a large share.
//
// With a budget, a chunk is opened only for as many records as the budget grants. Once it
// grants none, records are counted into DroppedRecords instead of being stored: the check is
// the chunk-end branch append() takes anyway.
class LaneStore {
public:
    static constexpr unsigned kFirstChunkLog2 = 8; // 256 records, 4 KiB
    static constexpr std::size_t kFirstChunk = std::size_t{1} << kFirstChunkLog2;
    static constexpr unsigned kMaxChunks = 40; // 2^48 records: never the limit in practice

    LaneStore() = default;
    explicit LaneStore(SpanBudget* budget) noexcept : m_budget(budget) {}
    LaneStore(const LaneStore&) = delete;
    LaneStore& operator=(const LaneStore&) = delete;
    ~LaneStore();

    // Writer side. Only one thread may append to a store (the lane's writer).
    void append(const StateChange& record)
    {
        if (m_cursor == m_stop) [[unlikely]] {
            appendSlow(record);
            return;
        }
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

    // The records past the budget, as one consistent picture (a seqlock read: it retries
    // while the writer is between two updates). Exact once the writer has stopped.
    DroppedRecords dropped() const noexcept;
    std::size_t droppedCount() const noexcept
    {
        return static_cast<std::size_t>(m_dropSeq.load(std::memory_order_acquire) / 2);
    }

    // Memory the first `count` records occupy, in whole 4 KiB pages: what they add to the
    // resident set.
    std::size_t residentBytes(std::size_t count) const noexcept;

    static constexpr std::size_t chunkCapacity(unsigned chunk) noexcept { return kFirstChunk << chunk; }

private:
    void appendSlow(const StateChange& record);
    bool openNextChunk();
    void prefaultAhead() noexcept;
    void drop(const StateChange& record) noexcept;

    std::array<std::atomic<StateChange*>, kMaxChunks> m_chunks{};
    std::atomic<std::size_t> m_count{0};

    // DroppedRecords, published by a sequence number: odd while the writer updates the fields,
    // 2 * count when done. All fields are atomics, so a reader racing the writer is defined.
    std::atomic<std::uint64_t> m_dropSeq{0};
    std::atomic<TimeNs> m_dropFrom{0};
    std::atomic<TimeNs> m_lastTime{0};
    std::atomic<std::uint64_t> m_lastPacked{0}; // task, state, detail of the last dropped record
    std::array<std::atomic<TimeNs>, kStateCount> m_droppedTime{};
    std::array<std::atomic<std::uint64_t>, kStateCount> m_droppedEntered{};

    // Writer-private: touched only by the writing thread (and the destructor).
    SpanBudget* m_budget = nullptr;
    StateChange* m_cursor = nullptr;
    StateChange* m_stop = nullptr;     // the chunk's end, or the next window to prefault
    StateChange* m_chunkEnd = nullptr;
    StateChange* m_prepared = nullptr; // the next chunk, allocated early to be prefaulted
    std::size_t m_written = 0;
    unsigned m_nextChunk = 0;
    bool m_budgetSpent = false;
    StateChange m_lastDropped;
    std::uint64_t m_droppedSoFar = 0;
};

} // namespace interleave
