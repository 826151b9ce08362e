#include "trace/lane_store.h"

#include "trace/page_prefaulter.h"

#include <algorithm>
#include <cstdint>
#include <new>
#include <stdexcept>
#include <utility>

namespace interleave {
namespace {

constexpr std::size_t kSmallPageBytes = 4096;
// Populated ahead of the writer, a window at a time.
constexpr std::size_t kPrefaultWindow = std::size_t {64} << 10;
// Chunks of 1 MiB and more (a lane past 32 Ki records): the pages faulted in ahead, at most
// four windows (256 KiB) per lane, are then a small share of what the lane holds.
constexpr std::size_t kPrefaultFromBytes = 16 * kPrefaultWindow;

std::size_t roundUp(std::size_t n, std::size_t to) noexcept { return (n + to - 1) / to * to; }

void* allocateChunk(std::size_t bytes) { return ::operator new(bytes); }

void freeChunk(void* chunk) noexcept { ::operator delete(chunk); }

std::uint64_t packLast(const StateChange& r) noexcept
{
    return static_cast<std::uint64_t>(static_cast<std::uint32_t>(r.task))
        | static_cast<std::uint64_t>(static_cast<std::uint8_t>(r.state)) << 32
        | static_cast<std::uint64_t>(r.detail) << 48;
}

StateChange unpackLast(TimeNs time, std::uint64_t packed) noexcept
{
    return StateChange{time, static_cast<std::int32_t>(static_cast<std::uint32_t>(packed & 0xffff'ffffu)),
        static_cast<State>((packed >> 32) & 0xffu), 0, static_cast<std::uint16_t>(packed >> 48)};
}

} // namespace

SpanBudget::SpanBudget(std::size_t maxSpans) noexcept
    : m_left(static_cast<std::int64_t>(std::min<std::size_t>(maxSpans, INT64_MAX / 2))), m_limit(maxSpans)
{
}

std::size_t SpanBudget::take(std::size_t wanted) noexcept
{
    const auto want = static_cast<std::int64_t>(wanted);
    const std::int64_t before = m_left.fetch_sub(want, std::memory_order_relaxed);
    return static_cast<std::size_t>(std::clamp<std::int64_t>(before, 0, want));
}

LaneStore::~LaneStore()
{
    for (auto& chunk : m_chunks)
        freeChunk(chunk.load(std::memory_order_relaxed));
    freeChunk(m_prepared);
}

void LaneStore::appendSlow(const StateChange& record)
{
    if (m_cursor != m_chunkEnd) { // a prefault window, not the chunk's end
        prefaultAhead();
        *m_cursor++ = record;
        m_count.store(++m_written, std::memory_order_release);
        return;
    }
    if (!m_budgetSpent && openNextChunk()) {
        *m_cursor++ = record;
        m_count.store(++m_written, std::memory_order_release);
        return;
    }
    m_budgetSpent = true;
    drop(record);
}

bool LaneStore::openNextChunk()
{
    if (m_nextChunk == kMaxChunks)
        throw std::length_error("lane store is full");
    const std::size_t capacity = chunkCapacity(m_nextChunk);
    const std::size_t granted = m_budget != nullptr ? m_budget->take(capacity) : capacity;
    if (granted == 0)
        return false;
    // Raw storage: a slot is written once, by append(), so constructing it first would touch
    // every byte twice. StateChange is trivially copyable, so assignment into it is fine.
    const std::size_t bytes = capacity * sizeof(StateChange);
    auto* chunk = std::exchange(m_prepared, nullptr);
    if (chunk == nullptr)
        chunk = static_cast<StateChange*>(allocateChunk(bytes));
    // Published before any record in it: the count's release store orders this one too.
    m_chunks[m_nextChunk].store(chunk, std::memory_order_release);
    m_cursor = chunk;
    m_chunkEnd = chunk + granted;
    m_stop = m_chunkEnd;
    ++m_nextChunk;
    // A short grant means the budget is spent: this chunk is the lane's last.
    m_budgetSpent = granted < capacity;
    if (bytes >= kPrefaultFromBytes)
        prefaultAhead(); // its first window was asked for when it was prepared
    // The next chunk, early: its first windows are faulted in by the time this one is full.
    if (!m_budgetSpent && m_nextChunk < kMaxChunks) {
        const std::size_t nextBytes = chunkCapacity(m_nextChunk) * sizeof(StateChange);
        if (nextBytes >= kPrefaultFromBytes) {
            m_prepared = static_cast<StateChange*>(allocateChunk(nextBytes));
            PagePrefaulter::request(m_prepared, 2 * kPrefaultWindow);
        }
    }
    return true;
}

void LaneStore::prefaultAhead() noexcept
{
    constexpr std::size_t kWindowRecords = kPrefaultWindow / sizeof(StateChange);
    const auto left = static_cast<std::size_t>(m_chunkEnd - m_cursor);
    if (left > 2 * kWindowRecords) // the window after next, as the next one was asked for already
        PagePrefaulter::request(m_cursor + 2 * kWindowRecords, std::min(kPrefaultWindow, (left - 2 * kWindowRecords) * sizeof(StateChange)));
    m_stop = m_cursor + std::min(left, kWindowRecords);
}

void LaneStore::drop(const StateChange& record) noexcept
{
    const std::uint64_t seq = m_dropSeq.load(std::memory_order_relaxed);
    m_dropSeq.store(seq + 1, std::memory_order_relaxed);
    // Release stores of the fields keep the odd number above ahead of them; a reader that sees
    // any new field then also sees the odd number when it checks again (see dropped()).
    if (m_droppedSoFar == 0) {
        m_dropFrom.store(record.time, std::memory_order_release);
    } else {
        auto& time = m_droppedTime[static_cast<std::size_t>(m_lastDropped.state)];
        time.store(time.load(std::memory_order_relaxed) + (record.time - m_lastDropped.time),
            std::memory_order_release);
    }
    auto& entered = m_droppedEntered[static_cast<std::size_t>(record.state)];
    entered.store(entered.load(std::memory_order_relaxed) + 1, std::memory_order_release);
    m_lastTime.store(record.time, std::memory_order_release);
    m_lastPacked.store(packLast(record), std::memory_order_release);
    m_lastDropped = record;
    ++m_droppedSoFar;
    m_dropSeq.store(2 * m_droppedSoFar, std::memory_order_release);
}

DroppedRecords LaneStore::dropped() const noexcept
{
    DroppedRecords result;
    for (;;) {
        const std::uint64_t before = m_dropSeq.load(std::memory_order_acquire);
        if (before == 0)
            return {};
        if (before % 2 != 0)
            continue;
        // Acquire loads: none of them moves below the second read of the sequence number.
        result.count = static_cast<std::size_t>(before / 2);
        result.from = m_dropFrom.load(std::memory_order_acquire);
        result.last = unpackLast(m_lastTime.load(std::memory_order_acquire),
            m_lastPacked.load(std::memory_order_acquire));
        for (std::size_t s = 0; s < kStateCount; ++s) {
            result.time[s] = m_droppedTime[s].load(std::memory_order_acquire);
            result.entered[s] = m_droppedEntered[s].load(std::memory_order_acquire);
        }
        if (m_dropSeq.load(std::memory_order_acquire) == before)
            return result;
    }
}

std::size_t LaneStore::residentBytes(std::size_t count) const noexcept
{
    std::size_t bytes = 0;
    std::size_t start = 0;
    for (unsigned chunk = 0; chunk < kMaxChunks && start < count; ++chunk) {
        const std::size_t capacity = chunkCapacity(chunk);
        const std::size_t used = std::min(count - start, capacity);
        bytes += roundUp(used * sizeof(StateChange), kSmallPageBytes);
        start += capacity;
    }
    return bytes;
}

} // namespace interleave
