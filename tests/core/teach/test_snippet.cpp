#include "teach/snippet.h"

#include <gtest/gtest.h>

namespace interleave {
namespace {

TEST(Snippet, TakesMarkersOutAndRemembersTheirLines)
{
    const Snippet s = parseSnippet("import time\n"
                                   "def download(url):\n"
                                   "    time.sleep(0.2)  # @state:BlockedIo\n"
                                   "    return compute(url)  # the work @state:Running @step:work\n");
    EXPECT_EQ(s.code,
        "import time\n"
        "def download(url):\n"
        "    time.sleep(0.2)\n"
        "    return compute(url)  # the work\n");
    EXPECT_EQ(s.lineForState(State::BlockedIo), 2);
    EXPECT_EQ(s.lineForState(State::Running), 3);
    EXPECT_EQ(s.lineForTag("step:work"), 3);
    EXPECT_FALSE(s.lineForState(State::WaitingGil));
    EXPECT_TRUE(s.problems.empty());
}

TEST(Snippet, LeavesOrdinaryCommentsAlone)
{
    const Snippet s = parseSnippet("x = 1  # set x\nemail = 'a@b'  # mail@home\n");
    EXPECT_EQ(s.code, "x = 1  # set x\nemail = 'a@b'  # mail@home\n");
    EXPECT_TRUE(s.markers.empty());
}

TEST(Snippet, ReportsUnknownStatesAndRepeatedTags)
{
    const Snippet s = parseSnippet("a()  # @state:Sleeping\nb()  # @step:x\nc()  # @step:x\n");
    EXPECT_EQ(s.problems.size(), 2u);
}

TEST(Snippet, TopicsAreTheModelsThenTheLabDemos)
{
    const auto topics = explanationTopics();
    ASSERT_EQ(topics.size(), 14u);
    EXPECT_EQ(topics.front(), "sequential");
    EXPECT_EQ(topics.back(), "deadlock");
}

} // namespace
} // namespace interleave
