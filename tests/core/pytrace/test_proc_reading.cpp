#include "pytrace/proc_reading.h"

#include <gtest/gtest.h>

namespace interleave::pytrace {
namespace {

TEST(ProcReading, StateLetterFollowsTheLastParenthesis)
{
    EXPECT_EQ(parseStatState("1234 (python3) S 1 1234 1234 0 -1"), 'S');
    // A thread may name itself with ") R (": the letter is after the last ')'.
    EXPECT_EQ(parseStatState("77 (a) R (b) D 1 2 3"), 'D');
    EXPECT_EQ(parseStatState("1 (x) R"), 'R');
    EXPECT_FALSE(parseStatState("no parenthesis here"));
    EXPECT_FALSE(parseStatState("1 (x)"));
}

TEST(ProcReading, SyscallLineGivesNumberAndFirstArguments)
{
    const auto futex = parseSyscall("202 0x55d0c1a2b3c0 0x189 0x0 0x0 0x0 0xffffffff 0x7ffd5a0 0x7f1c9e2\n");
    ASSERT_TRUE(futex);
    EXPECT_FALSE(futex->running);
    EXPECT_EQ(futex->number, kSysFutex);
    EXPECT_EQ(futex->arg0, 0x55d0c1a2b3c0u);
    EXPECT_EQ(futex->arg1, 0x189u);

    const auto running = parseSyscall("running\n");
    ASSERT_TRUE(running);
    EXPECT_TRUE(running->running);

    const auto outside = parseSyscall("-1 0x7ffd5a0 0x7f1c9e2\n");
    ASSERT_TRUE(outside);
    EXPECT_EQ(outside->number, -1);

    EXPECT_FALSE(parseSyscall(""));
    EXPECT_FALSE(parseSyscall("garbage"));
}

TEST(ProcReading, SchedStatGivesCpuTimeAndTimeslices)
{
    const auto stat = parseSchedStat("89203207 33113862 246\n");
    ASSERT_TRUE(stat);
    EXPECT_EQ(stat->runtimeNs, 89203207u);
    EXPECT_EQ(stat->timeslices, 246u); // the second figure, time spent waiting for a CPU, is not kept
    EXPECT_EQ(*stat, (SchedStat{89203207, 246}));
    EXPECT_NE(*stat, (SchedStat{89203207, 247}));

    EXPECT_FALSE(parseSchedStat(""));
    EXPECT_FALSE(parseSchedStat("12 34"));
    EXPECT_FALSE(parseSchedStat("garbage"));
}

TEST(ProcReading, BlockingCallsHaveTheWordsTheTimelineShows)
{
    EXPECT_STREQ(syscallActivity(230), "sleep");   // clock_nanosleep: time.sleep
    EXPECT_STREQ(syscallActivity(0), "read");
    EXPECT_STREQ(syscallActivity(270), "select");  // pselect6
    EXPECT_STREQ(syscallActivity(232), "epoll_wait");
    EXPECT_STREQ(syscallActivity(61), "wait");     // wait4: Process.join
    EXPECT_EQ(syscallActivity(kSysFutex), nullptr); // told apart by its address
    EXPECT_EQ(syscallActivity(9999), nullptr);
}

TEST(ProcReading, OnlyAPtraceScopeThatHidesThreadsIsSaid)
{
    EXPECT_EQ(ptraceScopeNotice(std::nullopt), "");
    EXPECT_EQ(ptraceScopeNotice(0), "");
    EXPECT_EQ(ptraceScopeNotice(1), "") << "the script is the tracer's own child";
    for (int scope : {2, 3}) {
        const std::string notice = ptraceScopeNotice(scope);
        EXPECT_NE(notice.find("ptrace_scope is " + std::to_string(scope)), std::string::npos) << notice;
        EXPECT_NE(notice.find("GIL"), std::string::npos) << notice;
        EXPECT_EQ(notice.back(), '.');
    }
    // Whatever this machine's is, reading it does not throw and gives 0 to 3 or nothing.
    const auto scope = readYamaPtraceScope();
    if (scope) {
        EXPECT_LE(*scope, 3);
    }
}

} // namespace
} // namespace interleave::pytrace
