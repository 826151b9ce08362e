#include "teach/advisor.h"
#include "teach/lesson.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace interleave {
namespace {

bool mentions(const Advice& advice, const std::string& word)
{
    return std::any_of(advice.notes.begin(), advice.notes.end(),
        [&](const std::string& n) { return n.find(word) != std::string::npos; });
}

TEST(Advisor, CpuBoundOnSeveralCoresGetsAProcessPool)
{
    for (TaskCount count : {TaskCount::Few, TaskCount::Hundreds, TaskCount::Thousands}) {
        const Advice a = advise({WorkBound::Cpu, count, false, true});
        EXPECT_EQ(a.model, Model::ProcessPool);
        EXPECT_NE(a.reason.find("GIL"), std::string::npos);
        EXPECT_NE(a.python.find("Pool"), std::string::npos);
        ASSERT_TRUE(a.demonstration.run);
        EXPECT_EQ(a.demonstration.run->model, Model::ProcessPool);
        EXPECT_EQ(a.demonstration.run->workload, WorkloadKind::Cpu);
    }
}

TEST(Advisor, CpuBoundWithoutNeedForCoresStaysSequential)
{
    const Advice a = advise({WorkBound::Cpu, TaskCount::Few, false, false});
    EXPECT_EQ(a.model, Model::Sequential);
    EXPECT_EQ(a.alternatives.front(), Model::ProcessPool);
}

TEST(Advisor, IoBoundWithFewTasksGetsThreads)
{
    const Advice a = advise({WorkBound::Io, TaskCount::Few, false, false});
    EXPECT_TRUE(a.model == Model::Threads || a.model == Model::ThreadPool);
    EXPECT_EQ(a.demonstration.run->workload, WorkloadKind::Io);
}

TEST(Advisor, IoBoundWithHundredsGetsAThreadPool)
{
    EXPECT_EQ(advise({WorkBound::Io, TaskCount::Hundreds, false, false}).model, Model::ThreadPool);
}

TEST(Advisor, ThousandsOfNetworkTasksGetAsyncio)
{
    const Advice a = advise({WorkBound::Io, TaskCount::Thousands, false, false});
    EXPECT_EQ(a.model, Model::Asyncio);
    EXPECT_GE(a.demonstration.run->tasks, 1000);
    EXPECT_NE(a.python.find("asyncio.gather"), std::string::npos);
}

TEST(Advisor, SharedStateWithThreadsMentionsALock)
{
    const Advice a = advise({WorkBound::Io, TaskCount::Few, true, false});
    EXPECT_TRUE(mentions(a, "threading.Lock"));
    ASSERT_TRUE(a.demonstration.lab);
    EXPECT_EQ(a.demonstration.lab->name, "lock");
}

TEST(Advisor, SharedStateWithAsyncioExplainsWhenNoLockIsNeeded)
{
    const Advice a = advise({WorkBound::Io, TaskCount::Thousands, true, false});
    EXPECT_TRUE(mentions(a, "asyncio.Lock"));
}

TEST(Advisor, SharedStateWithProcessesSaysMemoryIsNotShared)
{
    const Advice a = advise({WorkBound::Cpu, TaskCount::Hundreds, true, true});
    EXPECT_TRUE(mentions(a, "do not share memory"));
}

TEST(Advisor, MoreCoresForIoSaysWaitingUsesNone)
{
    EXPECT_TRUE(mentions(advise({WorkBound::Io, TaskCount::Few, false, true}), "waiting"));
}

TEST(Advisor, MixedWorkFollowsTheCoresAndTheCount)
{
    EXPECT_EQ(advise({WorkBound::Mixed, TaskCount::Few, false, true}).model, Model::ProcessPool);
    EXPECT_EQ(advise({WorkBound::Mixed, TaskCount::Hundreds, false, false}).model, Model::ThreadPool);
    EXPECT_EQ(advise({WorkBound::Mixed, TaskCount::Thousands, false, false}).model, Model::Asyncio);
}

TEST(Advisor, EveryDemonstrationIsAValidShortScenario)
{
    for (WorkBound work : {WorkBound::Cpu, WorkBound::Io, WorkBound::Mixed})
        for (TaskCount count : {TaskCount::Few, TaskCount::Hundreds, TaskCount::Thousands})
            for (bool shared : {false, true})
                for (bool cores : {false, true}) {
                    const Advice a = advise({work, count, shared, cores});
                    SCOPED_TRACE(a.headline);
                    EXPECT_FALSE(validateScenario(a.demonstration)) << *validateScenario(a.demonstration);
                    ASSERT_TRUE(a.demonstration.run);
                    EXPECT_EQ(a.demonstration.run->model, a.model);
                    EXPECT_FALSE(a.reason.empty());
                    // A demonstration is watched, not waited for.
                    EXPECT_LE(sequentialEstimateMs(*a.demonstration.run), 500'000);
                }
}

} // namespace
} // namespace interleave
