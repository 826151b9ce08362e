#include "teach/glossary.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace interleave {
namespace {

TEST(Glossary, HasTheCoreTermsAndEveryRelatedTermExists)
{
    for (const char* term : {"concurrency", "parallelism", "GIL", "race condition", "critical section",
             "lock", "deadlock", "thread", "process", "coroutine", "event loop", "pool", "speedup",
             "Amdahl's law", "convoy effect"})
        EXPECT_NE(findGlossaryEntry(term), nullptr) << term;
    for (const GlossaryEntry& entry : glossary()) {
        for (std::string_view related : entry.related)
            EXPECT_NE(findGlossaryEntry(related), nullptr) << entry.term << " -> " << related;
    }
}

TEST(Glossary, SearchRanksTermMatchesFirstAndIgnoresCase)
{
    const auto hits = searchGlossary("LOCK");
    ASSERT_FALSE(hits.empty());
    EXPECT_EQ(hits.front()->term, "lock");
    // "deadlock" contains the word in its term; "critical section" only in its definition.
    std::vector<std::string> order;
    for (const auto* h : hits)
        order.emplace_back(h->term);
    const auto pos
        = [&](const std::string& t) { return std::find(order.begin(), order.end(), t) - order.begin(); };
    EXPECT_LT(pos("deadlock"), pos("critical section"));
    EXPECT_LT(pos("critical section"), static_cast<long>(order.size()));
}

TEST(Glossary, EmptyQueryListsEverythingAndNonsenseNothing)
{
    EXPECT_EQ(searchGlossary("").size(), glossary().size());
    EXPECT_TRUE(searchGlossary("xyzzy-not-a-word").empty());
}

} // namespace
} // namespace interleave
