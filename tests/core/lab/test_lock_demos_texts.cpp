// The Python the lock lab shows is the file in resources/explanations, with the configuration's
// numbers in its places: one copy, no program written out again in C++.

#include "lab/lock_demos.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace interleave {
namespace {

const std::filesystem::path kLockDemoTextsDir
    = std::filesystem::path(INTERLEAVE_RESOURCES_DIR) / "explanations";

std::string lockDemoTextsRead(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void lockDemoTextsReplace(std::string& text, const std::string& place, const std::string& value)
{
    for (std::size_t at = text.find(place); at != std::string::npos; at = text.find(place, at + value.size()))
        text.replace(at, place.size(), value);
}

TEST(LockDemoTexts, ThePythonShownIsTheFileWithTheNumbersFilledIn)
{
    for (LockDemo demo : kAllLockDemos) {
        for (bool plainLock : {false, true}) {
            LockDemoConfig config;
            config.demo = demo;
            config.threads = 7;
            config.consumers = 5;
            config.limit = 4;
            config.rounds = 9;
            config.plainLock = plainLock;
            SCOPED_TRACE(lockDemoPythonFileName(demo));
            std::string expected = lockDemoTextsRead(kLockDemoTextsDir / lockDemoPythonFileName(demo));
            ASSERT_FALSE(expected.empty());
            ASSERT_EQ(expected.back(), '\n');
            expected.pop_back(); // the panel shows no empty last line
            lockDemoTextsReplace(expected, "{threads}", "7");
            lockDemoTextsReplace(expected, "{consumers}", "5");
            lockDemoTextsReplace(expected, "{limit}", "4");
            lockDemoTextsReplace(expected, "{rounds}", "9");
            lockDemoTextsReplace(expected, "{total}", "63");
            lockDemoTextsReplace(expected, "{lock}", plainLock ? "Lock" : "RLock");
            EXPECT_EQ(lockDemoPython(config), expected);
            EXPECT_EQ(lockDemoPython(config).find('{'), std::string::npos);
        }
    }
}

TEST(LockDemoTexts, TheNumbersShowWhereThePythonSaysThem)
{
    LockDemoConfig config;
    config.demo = LockDemo::Semaphore;
    config.limit = 5;
    EXPECT_NE(lockDemoPython(config).find("threading.Semaphore(5)"), std::string::npos);
    EXPECT_NE(lockDemoPython(config).find("# at most 5 at once"), std::string::npos);
    config.demo = LockDemo::RLock;
    EXPECT_NE(lockDemoPython(config).find("account = threading.RLock()"), std::string::npos);
    config.plainLock = true;
    EXPECT_NE(lockDemoPython(config).find("account = threading.Lock()"), std::string::npos);
}

TEST(LockDemoTexts, EveryLabProgramFileBelongsToADemo)
{
    std::set<std::string> expected;
    for (LockDemo demo : kAllLockDemos)
        expected.insert(lockDemoPythonFileName(demo));
    std::set<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(kLockDemoTextsDir)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("lab-", 0) == 0)
            found.insert(name);
    }
    EXPECT_EQ(found, expected);
}

} // namespace
} // namespace interleave
