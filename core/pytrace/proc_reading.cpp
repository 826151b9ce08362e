#include "pytrace/proc_reading.h"

#include <charconv>
#include <cstdio>

namespace interleave::pytrace {
namespace {

bool parseHex(std::string_view& text, std::uint64_t& value) noexcept
{
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    if (text.starts_with("0x"))
        text.remove_prefix(2);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
    if (ec != std::errc{})
        return false;
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    return true;
}

} // namespace

std::optional<char> parseStatState(std::string_view stat) noexcept
{
    const std::size_t close = stat.rfind(')');
    if (close == std::string_view::npos || close + 2 >= stat.size() || stat[close + 1] != ' ')
        return std::nullopt;
    return stat[close + 2];
}

std::optional<SyscallState> parseSyscall(std::string_view text) noexcept
{
    SyscallState s;
    if (text.starts_with("running")) {
        s.running = true;
        return s;
    }
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), s.number);
    if (ec != std::errc{})
        return std::nullopt;
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    if (s.number < 0)
        return s;
    if (!parseHex(text, s.arg0) || !parseHex(text, s.arg1))
        return std::nullopt;
    return s;
}

std::optional<SchedStat> parseSchedStat(std::string_view text) noexcept
{
    std::uint64_t values[3] = {};
    for (std::uint64_t& value : values) {
        while (!text.empty() && text.front() == ' ')
            text.remove_prefix(1);
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc{})
            return std::nullopt;
        text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    }
    return SchedStat{values[0], values[2]};
}

const char* syscallActivity(std::int64_t number) noexcept
{
    // x86-64 numbers (asm/unistd_64.h).
    switch (number) {
    case 0: case 17: case 19: case 295: return "read";        // read, pread64, readv, preadv
    case 1: case 18: case 20: case 296: return "write";       // write, pwrite64, writev, pwritev
    case 7: case 271: return "poll";                          // poll, ppoll
    case 23: case 270: return "select";                       // select, pselect6
    case 232: case 281: case 441: return "epoll_wait";        // epoll_wait, epoll_pwait(2)
    case 35: case 230: return "sleep";                        // nanosleep, clock_nanosleep
    case 34: return "pause";
    case 43: case 288: return "accept";
    case 42: return "connect";
    case 44: case 46: return "send";                          // sendto, sendmsg
    case 45: case 47: case 299: return "recv";                // recvfrom, recvmsg, recvmmsg
    case 61: case 247: return "wait";                         // wait4, waitid: Process.join
    case 74: case 75: return "fsync";
    case 2: case 257: return "open";
    case 128: return "sigtimedwait";
    case 130: return "sigsuspend";
    case 59: return "exec";
    case 217: case 78: return "getdents";                     // listing a directory
    case 4: case 5: case 6: case 262: case 332: return "stat";
    case 3: return "close";
    case 9: case 11: case 10: return "mmap";                  // mmap, munmap, mprotect
    }
    return nullptr;
}

} // namespace interleave::pytrace

namespace interleave::pytrace {

std::optional<int> readYamaPtraceScope()
{
    std::FILE* file = std::fopen("/proc/sys/kernel/yama/ptrace_scope", "re");
    if (file == nullptr)
        return std::nullopt;
    int scope = -1;
    const int read = std::fscanf(file, "%d", &scope);
    std::fclose(file);
    return read == 1 && scope >= 0 ? std::optional<int>(scope) : std::nullopt;
}

std::string ptraceScopeNotice(std::optional<int> scope)
{
    if (!scope || *scope < 2)
        return {};
    return "This system's Yama ptrace_scope is " + std::to_string(*scope)
        + ", so the tracer may not read the threads' system calls or the GIL holder: threads, sleeps and "
          "locks still show, but not who waits for the GIL (an administrator can set "
          "kernel.yama.ptrace_scope to 1).";
}

} // namespace interleave::pytrace
