#include "timeline/replayframes.h"

#include <gtest/gtest.h>

#include <numeric>

namespace interleave {
namespace {

int totalCs(const std::vector<ReplayFrame>& frames)
{
    return std::accumulate(frames.begin(), frames.end(), 0, [](int sum, const ReplayFrame& f) { return sum + f.delayCs; });
}

TEST(ReplayFrames, StepsThePlayheadBySpeedOverRate)
{
    // 100 ms at speed 0.05 is 2 s; at 20 frames a second each frame moves 2.5 ms.
    const auto frames = planReplayFrames({.start = 1000, .end = 1000 + 100'000'000, .speed = 0.05, .fps = 20, .holdCs = 150});
    ASSERT_EQ(frames.size(), 41u);
    EXPECT_EQ(frames[0].playhead, 1000);
    EXPECT_EQ(frames[1].playhead, 1000 + 2'500'000);
    EXPECT_EQ(frames[39].playhead, 1000 + 39 * 2'500'000);
    EXPECT_FALSE(frames.back().playhead); // the whole run, no playhead
    EXPECT_EQ(frames.back().delayCs, 150);
    EXPECT_EQ(frames[0].delayCs, 5);
    EXPECT_EQ(totalCs(frames), 200 + 150);
}

TEST(ReplayFrames, HundredthsAddUpAtAnyRate)
{
    // 30 frames a second: 3.33 hundredths each, given as 3s and 4s that add up to the second.
    const auto frames = planReplayFrames({.start = 0, .end = 100'000'000, .speed = 0.1, .fps = 30, .holdCs = 0});
    ASSERT_EQ(frames.size(), 31u);
    EXPECT_EQ(totalCs(frames), 100);
    for (std::size_t i = 0; i + 1 < frames.size(); ++i)
        EXPECT_TRUE(frames[i].delayCs == 3 || frames[i].delayCs == 4) << i;
}

TEST(ReplayFrames, AStretchThatIsNotAWholeStepEndsWithAShortStep)
{
    // 10.5 ms at 1 ms a frame (speed 0.02, 20 fps): frames at 0..10 ms, then the whole.
    const auto frames = planReplayFrames({.start = 0, .end = 10'500'000, .speed = 0.02, .fps = 20, .holdCs = 100});
    ASSERT_EQ(frames.size(), 12u);
    EXPECT_EQ(frames[10].playhead, 10'000'000);
}

TEST(ReplayFrames, ProblemsAreRefusedWithoutMakingFrames)
{
    EXPECT_TRUE(replayFramesProblem({.start = 0, .end = 100, .speed = 0.1, .fps = 0}));
    EXPECT_TRUE(replayFramesProblem({.start = 0, .end = 100, .speed = 0.1, .fps = 51}));
    EXPECT_TRUE(replayFramesProblem({.start = 0, .end = 100, .speed = 0.001, .fps = 20}));
    EXPECT_TRUE(replayFramesProblem({.start = 100, .end = 100, .speed = 0.1, .fps = 20}));
    // A day of trace at the slowest speed: refused at once, by arithmetic.
    const ReplayFramesRequest huge {.start = 0, .end = 86'400'000'000'000, .speed = 0.01, .fps = 50};
    const auto problem = replayFramesProblem(huge);
    ASSERT_TRUE(problem);
    EXPECT_NE(problem->find("at most 3000"), std::string::npos) << *problem;
    EXPECT_TRUE(planReplayFrames(huge).empty());
    EXPECT_FALSE(replayFramesProblem({.start = 0, .end = 100'000'000, .speed = 0.1, .fps = 20}));
}

} // namespace
} // namespace interleave
