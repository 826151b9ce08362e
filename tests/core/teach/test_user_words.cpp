// The words users read for states: one table (stateLabel), and no internal enum spelling
// (WaitingGil, BlockedIo, ...) in a lesson, an explanation, a snippet or the glossary.

#include "teach/glossary.h"
#include "teach/snippet.h"
#include "trace/state.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace interleave {
namespace {

const std::filesystem::path kUserWordsResources = INTERLEAVE_RESOURCES_DIR;

std::string userWordsRead(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::vector<std::filesystem::path> userWordsFiles(const std::filesystem::path& dir, const std::string& extension)
{
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() == extension)
            files.push_back(entry.path());
    }
    return files;
}

// The internal spellings no user should read: the run-together names (WaitingGil, BlockedIo,
// WaitingLock). A one-word name (Running, Suspended) is also plain English.
std::vector<std::string> userWordsEnumSpellings()
{
    std::vector<std::string> spellings;
    for (State s : kAllStates) {
        const std::string_view name = stateName(s);
        const bool runTogether = std::any_of(
            name.begin() + 1, name.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
        if (runTogether)
            spellings.emplace_back(name);
    }
    return spellings;
}

bool userWordsIsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The enum spellings that occur in `text` as whole words.
std::vector<std::string> userWordsFoundIn(const std::string& text)
{
    std::vector<std::string> found;
    for (const std::string& word : userWordsEnumSpellings()) {
        for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
            const bool startsWord = at == 0 || !userWordsIsWordChar(text[at - 1]);
            const std::size_t end = at + word.size();
            const bool endsWord = end == text.size() || !userWordsIsWordChar(text[end]);
            if (startsWord && endsWord) {
                found.push_back(word);
                break;
            }
        }
    }
    return found;
}

TEST(UserWords, EveryStateHasItsOwnLabel)
{
    std::set<std::string> labels;
    for (State s : kAllStates) {
        EXPECT_FALSE(stateLabel(s).empty()) << stateName(s);
        labels.emplace(stateLabel(s));
    }
    EXPECT_EQ(labels.size(), kStateCount) << "two states read the same";
    EXPECT_EQ(stateLabel(State::Running), "Running");
    EXPECT_EQ(stateLabel(State::WaitingGil), "Waiting for the GIL");
    EXPECT_EQ(stateLabel(State::BlockedIo), "Blocked on I/O");
    EXPECT_EQ(stateLabel(State::WaitingLock), "Waiting for lock");
    EXPECT_EQ(stateLabel(State::Suspended), "Suspended at await");
    EXPECT_EQ(stateLabel(State::Stopped), "Stopped");
}

TEST(UserWords, FilesKeepTheirNames)
{
    // Traces and JSON use stateName: the labels change nothing there.
    EXPECT_EQ(stateName(State::WaitingGil), "WaitingGil");
    EXPECT_EQ(stateName(State::Stopped), "Stopped");
    for (State s : kAllStates)
        EXPECT_EQ(stateFromName(stateName(s)), s);
    EXPECT_FALSE(stateFromName("Waiting for the GIL"));
}

TEST(UserWords, StoppedIsTheLastStateAndTerminal)
{
    // Values are stored in traces: a new state goes at the end, after Unknown.
    EXPECT_EQ(kAllStates.back(), State::Stopped);
    EXPECT_EQ(static_cast<int>(State::Stopped), static_cast<int>(State::Unknown) + 1);
    EXPECT_TRUE(isTerminal(State::Stopped));
    EXPECT_TRUE(isValidState(static_cast<std::uint8_t>(State::Stopped)));
}

TEST(UserWords, TheGrepFindsWhatItLooksFor)
{
    EXPECT_EQ(userWordsEnumSpellings(), (std::vector<std::string>{"WaitingGil", "BlockedIo", "WaitingLock"}));
    EXPECT_EQ(userWordsFoundIn("long *BlockedIo* bars"), std::vector<std::string>{"BlockedIo"});
    EXPECT_TRUE(userWordsFoundIn("long *Blocked on I/O* bars").empty());
    EXPECT_TRUE(userWordsFoundIn("MyWaitingGilThing").empty());
}

TEST(UserWords, LessonsSpeakTheUsersWords)
{
    const auto files = userWordsFiles(kUserWordsResources / "lessons", ".json");
    ASSERT_FALSE(files.empty());
    for (const auto& file : files)
        EXPECT_EQ(userWordsFoundIn(userWordsRead(file)), std::vector<std::string>{}) << file;
}

TEST(UserWords, ScenarioPresetsSpeakTheUsersWords)
{
    for (const auto& file : userWordsFiles(kUserWordsResources / "scenarios", ".json"))
        EXPECT_EQ(userWordsFoundIn(userWordsRead(file)), std::vector<std::string>{}) << file;
}

TEST(UserWords, ExplanationsSpeakTheUsersWords)
{
    const auto texts = userWordsFiles(kUserWordsResources / "explanations", ".md");
    ASSERT_FALSE(texts.empty());
    for (const auto& file : texts)
        EXPECT_EQ(userWordsFoundIn(userWordsRead(file)), std::vector<std::string>{}) << file;
    // A snippet's "# @state:BlockedIo" markers are internal: the shown code has none.
    for (const auto& file : userWordsFiles(kUserWordsResources / "explanations", ".py"))
        EXPECT_EQ(userWordsFoundIn(parseSnippet(userWordsRead(file)).code), std::vector<std::string>{}) << file;
}

TEST(UserWords, GlossarySpeaksTheUsersWords)
{
    ASSERT_FALSE(glossary().empty());
    for (const GlossaryEntry& entry : glossary()) {
        EXPECT_EQ(userWordsFoundIn(std::string(entry.term)), std::vector<std::string>{}) << entry.term;
        EXPECT_EQ(userWordsFoundIn(std::string(entry.definition)), std::vector<std::string>{}) << entry.term;
    }
}

TEST(UserWords, NoTextSpeaksOfTheSeeds)
{
    for (const char* folder : {"lessons", "explanations", "scenarios"}) {
        for (const auto& entry : std::filesystem::directory_iterator(kUserWordsResources / folder)) {
            std::string text = userWordsRead(entry.path());
            for (char& c : text)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            EXPECT_EQ(text.find("the seeds"), std::string::npos) << entry.path();
        }
    }
}

} // namespace
} // namespace interleave
