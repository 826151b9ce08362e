#include "jobs/prompt_thread.h"

#include <cerrno>
#include <cstdint>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace interleave {
namespace {

struct SchedAttr { // the kernel's struct sched_attr (its header clashes with <sched.h>)
    std::uint32_t size;
    std::uint32_t policy;
    std::uint64_t flags;
    std::int32_t nice;
    std::uint32_t priority;
    std::uint64_t runtime;
    std::uint64_t deadline;
    std::uint64_t period;
    std::uint32_t utilMin;
    std::uint32_t utilMax;
};
static_assert(sizeof(SchedAttr) == 56);

constexpr std::uint64_t kResetOnFork = 0x01; // SCHED_FLAG_RESET_ON_FORK
constexpr std::uint64_t kSliceNs = 100'000;

} // namespace

bool askToRunPromptly() noexcept
{
    const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
    errno = 0;
    const int nice = ::getpriority(PRIO_PROCESS, tid);
    if (errno != 0)
        return false;
    SchedAttr attr{};
    attr.size = sizeof attr;
    attr.policy = SCHED_OTHER;
    attr.flags = kResetOnFork;
    attr.nice = nice;
    attr.runtime = kSliceNs;
    return ::syscall(SYS_sched_setattr, 0, &attr, 0u) == 0;
}

bool runBehindOrdinaryThreads() noexcept
{
    constexpr int kLowestNiceness = 19;
    const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
    return ::setpriority(PRIO_PROCESS, tid, kLowestNiceness) == 0;
}

} // namespace interleave
