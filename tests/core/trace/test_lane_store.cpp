#include "trace/lane_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace interleave {
namespace {

StateChange rec(TimeNs t, std::int32_t task = 0)
{
    return StateChange{t, task, State::Running, 0, 0};
}

TEST(LaneStore, EmptyStoreHasNoRecords)
{
    LaneStore store;
    EXPECT_EQ(store.size(), 0u);
}

TEST(LaneStore, KeepsRecordsAcrossChunkBoundaries)
{
    LaneStore store;
    // Spans the first three chunks (256, 512, 1024) and part of the fourth.
    const std::size_t n = LaneStore::kFirstChunk * 7 + 5;
    for (std::size_t i = 0; i < n; ++i)
        store.append(rec(static_cast<TimeNs>(i), static_cast<std::int32_t>(i)));
    ASSERT_EQ(store.size(), n);
    for (std::size_t i = 0; i < n; ++i) {
        ASSERT_EQ(store.at(i).time, static_cast<TimeNs>(i)) << i;
        ASSERT_EQ(store.at(i).task, static_cast<std::int32_t>(i)) << i;
    }
}

TEST(LaneStore, RecordsDoNotMoveWhenTheStoreGrows)
{
    LaneStore store;
    store.append(rec(1));
    const StateChange* first = &store.at(0);
    for (int i = 0; i < 100'000; ++i)
        store.append(rec(i + 2));
    EXPECT_EQ(first, &store.at(0));
    EXPECT_EQ(first->time, 1);
}

TEST(LaneStore, ChunkCapacitiesDouble)
{
    EXPECT_EQ(LaneStore::chunkCapacity(0), LaneStore::kFirstChunk);
    EXPECT_EQ(LaneStore::chunkCapacity(1), 2 * LaneStore::kFirstChunk);
    EXPECT_EQ(LaneStore::chunkCapacity(5), 32 * LaneStore::kFirstChunk);
}

// A reader running beside the writer sees a growing prefix in which every record is
// complete. The writer appends in batches and, after each, waits until the reader has seen it,
// so the reader checks many intermediate prefixes however the threads are scheduled (within a
// batch they race freely). Run under ThreadSanitizer this also checks the publication protocol.
TEST(LaneStore, ConcurrentReaderSeesCompletePrefixes)
{
    LaneStore store;
    constexpr std::size_t kRecords = 200'000;
    constexpr std::size_t kBatch = 10'000;
    std::atomic<std::size_t> seenByReader{0};
    std::thread writer([&] {
        for (std::size_t i = 0; i < kRecords; ++i) {
            store.append(rec(static_cast<TimeNs>(i) * 3, static_cast<std::int32_t>(i)));
            if ((i + 1) % kBatch == 0) {
                while (seenByReader.load(std::memory_order_acquire) < i + 1)
                    std::this_thread::yield();
            }
        }
    });
    std::size_t lastSeen = 0;
    std::size_t prefixesSeen = 0;
    while (lastSeen < kRecords) {
        const std::size_t n = store.size();
        ASSERT_GE(n, lastSeen);
        // Check the newly visible records: no torn or missing record.
        for (std::size_t i = lastSeen; i < n; ++i) {
            ASSERT_EQ(store.at(i).time, static_cast<TimeNs>(i) * 3);
            ASSERT_EQ(store.at(i).task, static_cast<std::int32_t>(i));
        }
        if (n > lastSeen)
            ++prefixesSeen;
        lastSeen = n;
        seenByReader.store(n, std::memory_order_release);
        if (n < kRecords)
            std::this_thread::yield();
    }
    writer.join();
    EXPECT_EQ(lastSeen, kRecords);
    EXPECT_GE(prefixesSeen, kRecords / kBatch);
}

} // namespace
} // namespace interleave
