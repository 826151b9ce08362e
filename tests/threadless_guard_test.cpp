// The guard of the threadless suites (threadless_guard.cpp), checked on a program of its own
// whose one threadless suite starts a thread when asked.

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/wait.h>
#include <thread>

namespace interleave {
namespace {

// Named threadless in tests/CMakeLists.txt.
TEST(GuardedThreadless, StartsAThreadOnlyWhenAsked)
{
    if (std::getenv("INTERLEAVE_GUARD_START_A_THREAD") != nullptr)
        std::thread([] {}).join();
}

struct GuardRun {
    int status = -1;
    std::string output;
};

// This program again, its threadless suite alone, not sharded, with the variable set or not.
GuardRun runGuardedSuite(bool startAThread)
{
    std::string command
        = "env -u GTEST_TOTAL_SHARDS -u GTEST_SHARD_INDEX -u INTERLEAVE_GUARD_START_A_THREAD ";
    if (startAThread)
        command += "INTERLEAVE_GUARD_START_A_THREAD=1 ";
    command += "/proc/" + std::to_string(::getpid()) + "/exe --gtest_filter='GuardedThreadless.*' 2>&1";
    GuardRun run;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr)
        return run;
    std::array<char, 4096> buffer {};
    for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;)
        run.output.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

TEST(ThreadlessGuard, ASuiteNamedThreadlessThatStartsAThreadFailsTheRun)
{
    const GuardRun quiet = runGuardedSuite(false);
    EXPECT_EQ(quiet.status, 0) << quiet.output;

    const GuardRun threaded = runGuardedSuite(true);
    EXPECT_NE(threaded.status, 0) << threaded.output;
    EXPECT_NE(threaded.output.find("GuardedThreadless.StartsAThreadOnlyWhenAsked started 1 thread"),
        std::string::npos)
        << threaded.output;
}

} // namespace
} // namespace interleave
