#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Parsing what Linux shows of a thread under /proc/PID/task/TID: pure functions, tested on
// captured text.
namespace interleave::pytrace {

// The state letter of /proc/.../stat ('R' running or runnable, 'S' sleeping, 'D' disk,
// 'Z' zombie, ...). The command name in parentheses may itself hold ") ", so the letter is
// found after the last ')'. Nullopt on malformed text.
std::optional<char> parseStatState(std::string_view stat) noexcept;

// /proc/.../syscall: "running", or the system call number and its arguments in hex
// ("202 0x7f... 0x189 0x0 ..."), or "-1 sp pc" when blocked outside a system call.
struct SyscallState {
    bool running = false;
    std::int64_t number = -1; // -1: not in a system call
    std::uint64_t arg0 = 0;
    std::uint64_t arg1 = 0;
};
std::optional<SyscallState> parseSyscall(std::string_view text) noexcept;

// /proc/.../schedstat: "RUNTIME RUN_DELAY TIMESLICES". The CPU time is brought up to date
// when the thread leaves a CPU (and on some kernels at a tick), and the count of timeslices
// grows each time it gets one: a thread that was asleep at one read and shows the same two
// figures at the next has not run between them, so it sleeps where it slept.
struct SchedStat {
    std::uint64_t runtimeNs = 0;
    std::uint64_t timeslices = 0;
    bool operator==(const SchedStat&) const = default;
};
std::optional<SchedStat> parseSchedStat(std::string_view text) noexcept;

// A word for what a thread blocked in this system call is doing, as the timeline shows it:
// "sleep", "read", "select", "epoll_wait", "wait" (Process.join), ... Nullptr for futex
// (told apart by its address) and for numbers not in the table.
const char* syscallActivity(std::int64_t number) noexcept;

inline constexpr std::int64_t kSysFutex = 202; // x86-64

// /proc/sys/kernel/yama/ptrace_scope: 0 to 3, or nullopt where there is no Yama.
std::optional<int> readYamaPtraceScope();
// What a scope keeps the tracer from seeing, in one sentence; empty when it sees everything
// (0, 1: the script is the tracer's own child, or no Yama). From 2 on, neither a thread's
// system call nor the GIL holder can be read without CAP_SYS_PTRACE.
std::string ptraceScopeNotice(std::optional<int> scope);

} // namespace interleave::pytrace
