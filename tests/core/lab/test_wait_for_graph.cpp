#include "lab/wait_for_graph.h"

#include <gtest/gtest.h>

namespace interleave {
namespace {

// Threads t0.., locks l0..; each edge given as (thread waits for lock) or (lock held by thread).
WaitForGraph makeGraph(int threads, int locks)
{
    WaitForGraph g;
    for (int i = 0; i < threads; ++i)
        g.threads.push_back({"t" + std::to_string(i)});
    for (int i = 0; i < locks; ++i)
        g.locks.push_back({"l" + std::to_string(i)});
    return g;
}

void waits(WaitForGraph& g, int thread, int lock, TimeNs since = 1)
{
    g.threads[static_cast<std::size_t>(thread)].waitsFor = lock;
    g.threads[static_cast<std::size_t>(thread)].waitingSince = since;
}

void holds(WaitForGraph& g, int thread, int lock, TimeNs since = 1)
{
    g.locks[static_cast<std::size_t>(lock)].heldBy = thread;
    g.locks[static_cast<std::size_t>(lock)].depth = 1;
    g.locks[static_cast<std::size_t>(lock)].heldSince = since;
}

TEST(WaitForGraph, AChainOfWaitsIsNoCycle)
{
    WaitForGraph g = makeGraph(3, 2);
    holds(g, 1, 0);
    holds(g, 2, 1);
    waits(g, 0, 0); // t0 -> l0 -> t1 -> l1 -> t2, and t2 waits for nothing
    waits(g, 1, 1);
    EXPECT_EQ(findWaitCycle(g), std::nullopt);
}

TEST(WaitForGraph, OppositeOrdersFormATwoThreadCycleStartingAtTheLowestThread)
{
    WaitForGraph g = makeGraph(2, 2);
    holds(g, 0, 0);
    holds(g, 1, 1);
    waits(g, 1, 0);
    waits(g, 0, 1);
    const auto cycle = findWaitCycle(g);
    ASSERT_TRUE(cycle);
    EXPECT_EQ(cycle->threads, (std::vector<int> {0, 1}));
    EXPECT_EQ(cycle->locks, (std::vector<int> {1, 0}));
    EXPECT_EQ(cycleNodeNames(g, *cycle), (std::vector<std::string> {"t0", "l1", "t1", "l0"}));
    EXPECT_EQ(describeCycle(g, *cycle), "t0 waits for l1 held by t1, t1 waits for l0 held by t0");
}

TEST(WaitForGraph, AThreadWaitingForALockItHoldsIsACycleOfOne)
{
    WaitForGraph g = makeGraph(2, 1);
    holds(g, 1, 0);
    waits(g, 1, 0);
    waits(g, 0, 0); // waits behind the stuck thread, but is not part of the cycle
    const auto cycle = findWaitCycle(g);
    ASSERT_TRUE(cycle);
    EXPECT_EQ(cycle->threads, (std::vector<int> {1}));
    EXPECT_EQ(cycle->locks, (std::vector<int> {0}));
    EXPECT_EQ(describeCycle(g, *cycle), "t1 waits for l0 held by t1 (itself)");
}

TEST(WaitForGraph, ATailLeadingIntoACycleIsNotPartOfIt)
{
    // t0 waits for l0 held by t1; t1, t2, t3 wait for each other around l1, l2, l3.
    WaitForGraph g = makeGraph(4, 4);
    holds(g, 1, 0);
    waits(g, 0, 0);
    holds(g, 1, 1);
    holds(g, 2, 2);
    holds(g, 3, 3);
    waits(g, 1, 2);
    waits(g, 2, 3);
    waits(g, 3, 1);
    const auto cycle = findWaitCycle(g);
    ASSERT_TRUE(cycle);
    EXPECT_EQ(cycle->threads, (std::vector<int> {1, 2, 3}));
    EXPECT_EQ(cycle->locks, (std::vector<int> {2, 3, 1}));
}

TEST(WaitForGraph, OfTwoCyclesTheOneWithTheLowestThreadIsReported)
{
    WaitForGraph g = makeGraph(5, 4);
    // t0 waits into the cycle {t3, t4}; t1 and t2 form a cycle of their own.
    holds(g, 3, 0);
    waits(g, 0, 0);
    holds(g, 4, 1);
    waits(g, 3, 1);
    waits(g, 4, 0);
    holds(g, 1, 2);
    holds(g, 2, 3);
    waits(g, 1, 3);
    waits(g, 2, 2);
    const auto cycle = findWaitCycle(g);
    ASSERT_TRUE(cycle);
    EXPECT_EQ(cycle->threads, (std::vector<int> {1, 2}));
}

TEST(WaitForGraph, EdgesOutsideTheGraphAreIgnored)
{
    WaitForGraph g = makeGraph(2, 1);
    waits(g, 0, 7);
    g.locks[0].heldBy = 9;
    waits(g, 1, 0);
    EXPECT_EQ(findWaitCycle(g), std::nullopt);
}

TEST(WaitForGraph, TheCycleFormedWithItsLatestEdge)
{
    WaitForGraph g = makeGraph(2, 2);
    holds(g, 0, 0, 100);
    holds(g, 1, 1, 110);
    waits(g, 0, 1, 150);
    waits(g, 1, 0, 140);
    const auto cycle = findWaitCycle(g);
    ASSERT_TRUE(cycle);
    EXPECT_EQ(cycleFormedAt(g, *cycle), 150);
}

TEST(WaitForGraph, AnEmptyGraphHasNoCycle)
{
    EXPECT_EQ(findWaitCycle(WaitForGraph {}), std::nullopt);
}

} // namespace
} // namespace interleave
