#include "jobs/prompt_thread.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <thread>
#include <unistd.h>

namespace interleave {
namespace {

// The calling thread's scheduler slice in ns, from /proc (nullopt where the kernel shows none).
std::optional<long long> ownSlice()
{
    std::ifstream sched("/proc/self/task/" + std::to_string(::syscall(SYS_gettid)) + "/sched");
    std::string line;
    while (std::getline(sched, line)) {
        if (line.rfind("se.slice", 0) == 0) {
            const std::size_t colon = line.find(':');
            if (colon != std::string::npos)
                return std::stoll(line.substr(colon + 1));
        }
    }
    return std::nullopt;
}

// Linux 6.12 on: the fair scheduler honours a requested slice.
bool takesRequestedSlices()
{
    utsname name{};
    if (::uname(&name) != 0)
        return false;
    int major = 0, minor = 0;
    if (std::sscanf(name.release, "%d.%d", &major, &minor) != 2)
        return false;
    return major > 6 || (major == 6 && minor >= 12);
}

TEST(PromptThread, AThreadAsksForAShortSliceKeepingItsNicenessAndItsThreadsDoNotInheritIt)
{
    std::optional<long long> before, after, child;
    int niceBefore = 0, niceAfter = 0;
    bool asked = false;
    // On a thread of its own, so the test program's main thread is left as it was.
    std::thread([&] {
        // A niceness of its own the request must keep (raising it needs no privilege).
        const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
        const int nice = std::max(::getpriority(PRIO_PROCESS, tid), 17);
        ASSERT_EQ(::setpriority(PRIO_PROCESS, tid, nice), 0);
        niceBefore = ::getpriority(PRIO_PROCESS, tid);
        before = ownSlice();
        asked = askToRunPromptly();
        niceAfter = ::getpriority(PRIO_PROCESS, tid);
        after = ownSlice();
        std::thread([&] { child = ownSlice(); }).join();
    }).join();
    ASSERT_TRUE(asked) << "no privilege is needed";
    EXPECT_GE(niceBefore, 17);
    EXPECT_EQ(niceAfter, niceBefore);
    if (!before || !after)
        GTEST_SKIP() << "this kernel does not show a thread's slice";
    if (!takesRequestedSlices())
        GTEST_SKIP() << "this kernel's scheduler takes no requested slice (before Linux 6.12)";
    EXPECT_EQ(*after, 100'000);
    ASSERT_TRUE(child);
    EXPECT_EQ(*child, *before) << "a thread started afterwards gets the ordinary slice";
}

} // namespace
} // namespace interleave
