#include "engine/gil.h"
#include "trace/clock.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace interleave {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;


double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Polls until pred holds or a generous deadline passes.
template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 5s)
{
    const auto deadline = Clock::now() + limit;
    while (!pred()) {
        if (Clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(100us);
    }
    return true;
}

void countWait(void* counter) { ++*static_cast<int*>(counter); }

TEST(Gil, UncontendedTakeDoesNotWait)
{
    Gil gil(5 * kNsPerMs);
    int a = 0;
    int waits = 0;
    ASSERT_TRUE(gil.take(&a, countWait, &waits));
    EXPECT_EQ(waits, 0);
    EXPECT_FALSE(gil.dropRequested());
    gil.drop(&a);
    ASSERT_TRUE(gil.take(&a, countWait, &waits));
    gil.drop(&a);
    const GilStats stats = gil.stats();
    EXPECT_EQ(stats.takes, 2u);
    EXPECT_EQ(stats.contendedTakes, 0u);
    // switch_number counts changes of holder: the same thread taking it again is no switch.
    EXPECT_EQ(stats.switches, 1u);
    EXPECT_EQ(stats.dropRequests, 0u);
}

TEST(Gil, IntervalHasCPythonsOneMicrosecondFloor)
{
    EXPECT_EQ(Gil(0).switchInterval(), 1000);
    EXPECT_EQ(Gil(5 * kNsPerMs).switchInterval(), 5 * kNsPerMs);
}

// The heart of the algorithm: a waiter times out after one interval with no switch, sets the
// drop request; the holder sees it, drops with FORCE_SWITCHING and does not get the GIL back
// before the waiter has had it.
TEST(Gil, WaiterRequestsADropAndTheHolderHandsOver)
{
    Gil gil(2 * kNsPerMs);
    int a = 0;
    int b = 0;
    ASSERT_TRUE(gil.take(&a));

    std::atomic<bool> bHolds{false};
    int bWaits = 0;
    const auto start = Clock::now();
    std::thread waiter([&] {
        ASSERT_TRUE(gil.take(&b, countWait, &bWaits));
        bHolds = true;
        std::this_thread::sleep_for(1ms);
        bHolds = false;
        gil.drop(&b);
    });

    ASSERT_TRUE(eventually([&] { return gil.dropRequested(); }));
    // A timed wait cannot end before its deadline: the request comes one interval at least
    // after the waiter started waiting.
    EXPECT_GE(msSince(start), 1.9);
    EXPECT_FALSE(bHolds.load());

    gil.dropForSwitch(&a);
    // FORCE_SWITCHING: back from the drop only once the other thread has taken the GIL.
    const GilStats afterSwitch = gil.stats();
    EXPECT_EQ(afterSwitch.switches, 2u);
    // 0 when the woken waiter took the GIL before the dropper looked (nothing to wait for).
    EXPECT_LE(afterSwitch.forcedSwitches, 1u);
    EXPECT_FALSE(gil.dropRequested()) << "the taker answers the request by clearing it";

    ASSERT_TRUE(gil.take(&a)); // waits for b's 1 ms
    gil.drop(&a);
    waiter.join();
    EXPECT_EQ(bWaits, 1) << "onWait runs once per take, however many intervals it waits";
    const GilStats stats = gil.stats();
    EXPECT_EQ(stats.takes, 3u);
    EXPECT_GE(stats.contendedTakes, 1u);
    EXPECT_EQ(stats.switches, 3u);
    EXPECT_GE(stats.dropRequests, 1u);
}

TEST(Gil, NoDropRequestWhileTheGilKeepsChangingHands)
{
    // A waiter asks only when nobody switched during its whole interval; a holder that drops
    // by itself (around I/O) well within the interval is never asked.
    Gil gil(200 * kNsPerMs);
    int a = 0;
    int b = 0;
    std::atomic<bool> done{false};
    std::thread other([&] {
        while (!done) {
            ASSERT_TRUE(gil.take(&b));
            gil.drop(&b);
            std::this_thread::sleep_for(200us);
        }
    });
    for (int i = 0; i < 50; ++i) {
        ASSERT_TRUE(gil.take(&a));
        std::this_thread::sleep_for(200us);
        gil.drop(&a);
        std::this_thread::sleep_for(200us);
    }
    done = true;
    other.join();
    EXPECT_EQ(gil.stats().dropRequests, 0u);
    EXPECT_EQ(gil.stats().forcedSwitches, 0u);
}

TEST(Gil, PlainDropDoesNotWaitForATaker)
{
    Gil gil(1 * kNsPerMs);
    int a = 0;
    int b = 0;
    ASSERT_TRUE(gil.take(&a));
    std::thread waiter([&] {
        ASSERT_TRUE(gil.take(&b));
        gil.drop(&b);
    });
    ASSERT_TRUE(eventually([&] { return gil.dropRequested(); }));
    gil.drop(&a); // as around blocking I/O
    waiter.join();
    EXPECT_EQ(gil.stats().forcedSwitches, 0u);
    EXPECT_FALSE(gil.dropRequested());
}

TEST(Gil, NeverTwoHoldersAtOnce)
{
    Gil gil(kNsPerMs / 2);
    std::atomic<int> holders{0};
    std::atomic<int> worst{0};
    std::atomic<bool> stop{false};
    auto body = [&](int id) {
        while (!stop) {
            ASSERT_TRUE(gil.take(&id));
            worst = std::max(worst.load(), ++holders);
            // Hold until asked, as a CPU-bound thread does, but not forever.
            const auto until = Clock::now() + 20ms;
            while (!gil.dropRequested() && Clock::now() < until && !stop)
                std::this_thread::yield();
            --holders;
            gil.dropForSwitch(&id);
        }
    };
    std::thread t1(body, 1);
    std::thread t2(body, 2);
    std::thread t3(body, 3);
    std::this_thread::sleep_for(100ms);
    stop = true;
    t1.join();
    t2.join();
    t3.join();
    EXPECT_EQ(worst.load(), 1);
    EXPECT_GE(gil.stats().switches, 3u); // about 200 when the machine is idle
}

TEST(Gil, StopWakesAWaiterPromptly)
{
    std::stop_source stop;
    Gil gil(1000 * kNsPerMs, stop.get_token()); // a long interval: only the stop can end the wait soon
    int a = 0;
    int b = 0;
    ASSERT_TRUE(gil.take(&a));
    std::atomic<bool> returned{false};
    bool took = true;
    Clock::time_point returnedAt;
    std::thread waiter([&] {
        took = gil.take(&b);
        returnedAt = Clock::now();
        returned = true;
    });
    std::this_thread::sleep_for(20ms);
    EXPECT_FALSE(returned.load());
    const auto requested = Clock::now();
    stop.request_stop();
    waiter.join();
    EXPECT_FALSE(took);
    const double ms = std::chrono::duration<double, std::milli>(returnedAt - requested).count();
    EXPECT_LT(ms, 500.0);
    gil.drop(&a);
    RecordProperty("stop_to_return_us", static_cast<int>(ms * 1000));
}

TEST(Gil, TakeFailsOnceStopped)
{
    std::stop_source stop;
    stop.request_stop();
    Gil gil(5 * kNsPerMs, stop.get_token());
    int a = 0;
    EXPECT_FALSE(gil.take(&a));
    EXPECT_EQ(gil.stats().takes, 0u);
}

} // namespace
} // namespace interleave
