#include "engine/child_process.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdexcept>
#include <string>
#include <string_view>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <system_error>
#include <thread>
#include <unistd.h>
#include <utility>

extern char** environ;

namespace interleave {

namespace {

void closeFd(int& fd) noexcept
{
    if (fd >= 0) {
        ::close(fd);
        fd = -1;
    }
}

[[noreturn]] void throwErrno(int error, const std::string& what)
{
    throw std::system_error(error, std::generic_category(), what);
}

TimeNs toNs(const timeval& tv) noexcept
{
    return static_cast<TimeNs>(tv.tv_sec) * 1'000'000'000 + static_cast<TimeNs>(tv.tv_usec) * 1'000;
}

int openPidfd(pid_t pid) noexcept
{
#ifdef SYS_pidfd_open
    // Safe against pid reuse: the child is ours and not reaped yet, so the pid still names it.
    const long fd = ::syscall(SYS_pidfd_open, pid, 0);
    if (fd >= 0) {
        ::fcntl(static_cast<int>(fd), F_SETFD, FD_CLOEXEC); // pidfds are, but say it anyway
        return static_cast<int>(fd);
    }
#else
    (void)pid;
#endif
    return -1; // ENOSYS on kernels before 5.3, or a seccomp filter: fall back to polling
}

// Everything created for one spawn attempt, released on every path out of spawn().
struct SpawnResources {
    std::vector<int> parentEnds;
    std::vector<int> childEnds;
    posix_spawn_file_actions_t actions{};
    posix_spawnattr_t attr{};
    bool actionsInit = false;
    bool attrInit = false;

    ~SpawnResources()
    {
        for (int& fd : parentEnds)
            closeFd(fd);
        for (int& fd : childEnds)
            closeFd(fd);
        if (actionsInit)
            posix_spawn_file_actions_destroy(&actions);
        if (attrInit)
            posix_spawnattr_destroy(&attr);
    }
};

} // namespace

std::string ChildStatus::describe() const
{
    switch (kind) {
    case Kind::Running: return "is still running";
    case Kind::Exited: return "exited with code " + std::to_string(exitCode);
    case Kind::Signalled: {
        std::string s = "was killed by signal " + std::to_string(signal);
        if (const char* abbrev = sigabbrev_np(signal))
            s += std::string(" (SIG") + abbrev + ")";
        if (coreDumped)
            s += " and dumped core";
        return s;
    }
    case Kind::Lost: return "was reaped elsewhere (exit status unknown)";
    }
    return "?";
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : m_pid(std::exchange(other.m_pid, -1))
    , m_group(std::exchange(other.m_group, -1))
    , m_pidfd(std::exchange(other.m_pidfd, -1))
    , m_reaped(other.m_reaped)
    , m_status(other.m_status)
    , m_channelFds(std::move(other.m_channelFds))
{
    other.m_channelFds.clear();
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept
{
    if (this != &other) {
        release();
        m_pid = std::exchange(other.m_pid, -1);
        m_group = std::exchange(other.m_group, -1);
        m_pidfd = std::exchange(other.m_pidfd, -1);
        m_reaped = other.m_reaped;
        m_status = other.m_status;
        m_channelFds = std::move(other.m_channelFds);
        other.m_channelFds.clear();
    }
    return *this;
}

ChildProcess::~ChildProcess() { release(); }

void ChildProcess::release() noexcept
{
    if (m_pid > 0 && !m_reaped) {
        kill();
        reap();
    }
    for (int& fd : m_channelFds)
        closeFd(fd);
    m_channelFds.clear();
    closeFd(m_pidfd);
    m_pid = -1;
}

ChildProcess ChildProcess::spawn(const SpawnOptions& options)
{
    SpawnResources res;

    // The child ends are moved above every target fd first. Without that, dup2 onto a target
    // could overwrite another channel's child end that happens to have that number, and a
    // child end already numbered like its target would keep FD_CLOEXEC (dup2(fd, fd) is a
    // no-op) and vanish at exec.
    int maxTarget = 2;
    for (const ChildChannel& c : options.channels) {
        if (c.childFd < 0)
            throw std::invalid_argument("negative child fd");
        maxTarget = std::max(maxTarget, c.childFd);
    }

    for (const ChildChannel& c : options.channels) {
        int fds[2];
        int parentEnd = -1;
        int childEnd = -1;
        if (c.direction == ChildChannel::Direction::FromChild) {
            if (::pipe2(fds, O_CLOEXEC) != 0)
                throwErrno(errno, "pipe2");
            parentEnd = fds[0];
            childEnd = fds[1];
            // Only our end: the child's write end is a separate open file description.
            ::fcntl(parentEnd, F_SETFL, ::fcntl(parentEnd, F_GETFL) | O_NONBLOCK);
        } else {
            if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
                throwErrno(errno, "socketpair");
            parentEnd = fds[0];
            childEnd = fds[1];
        }
        res.parentEnds.push_back(parentEnd);
        if (childEnd <= maxTarget) {
            const int moved = ::fcntl(childEnd, F_DUPFD_CLOEXEC, maxTarget + 1);
            const int error = errno;
            ::close(childEnd);
            if (moved < 0)
                throwErrno(error, "fcntl(F_DUPFD_CLOEXEC)");
            childEnd = moved;
        }
        res.childEnds.push_back(childEnd);
    }

    if (int rc = posix_spawn_file_actions_init(&res.actions); rc != 0)
        throwErrno(rc, "posix_spawn_file_actions_init");
    res.actionsInit = true;
    bool stdinCovered = false;
    for (std::size_t i = 0; i < options.channels.size(); ++i) {
        const int target = options.channels[i].childFd;
        stdinCovered = stdinCovered || target == 0;
        if (int rc = posix_spawn_file_actions_adddup2(&res.actions, res.childEnds[i], target); rc != 0)
            throwErrno(rc, "posix_spawn_file_actions_adddup2");
    }
    if (options.nullStdin && !stdinCovered) {
        if (int rc = posix_spawn_file_actions_addopen(&res.actions, 0, "/dev/null", O_RDONLY, 0); rc != 0)
            throwErrno(rc, "posix_spawn_file_actions_addopen");
    }
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    // Descriptors some library opened without O_CLOEXEC must not leak into the child either.
    if (int rc = posix_spawn_file_actions_addclosefrom_np(&res.actions, maxTarget + 1); rc != 0)
        throwErrno(rc, "posix_spawn_file_actions_addclosefrom_np");
#endif

    if (int rc = posix_spawnattr_init(&res.attr); rc != 0)
        throwErrno(rc, "posix_spawnattr_init");
    res.attrInit = true;
    // The parent may block or ignore signals (a GUI ignores SIGPIPE, a thread blocks SIGTERM):
    // masks and ignored dispositions survive exec, so reset both to what a fresh program gets.
    sigset_t none;
    sigemptyset(&none);
    sigset_t all;
    sigfillset(&all);
    sigdelset(&all, SIGKILL);
    sigdelset(&all, SIGSTOP);
    posix_spawnattr_setsigmask(&res.attr, &none);
    posix_spawnattr_setsigdefault(&res.attr, &all);
    short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    if (options.newProcessGroup) {
        posix_spawnattr_setpgroup(&res.attr, 0);
        flags |= POSIX_SPAWN_SETPGROUP;
    }
    posix_spawnattr_setflags(&res.attr, flags);

    // The parent's environment with the extra variables replacing any of the same name.
    std::vector<std::string> environment;
    std::vector<char*> envp;
    char** childEnvironment = environ;
    if (!options.extraEnvironment.empty()) {
        auto nameOf = [](std::string_view entry) { return entry.substr(0, entry.find('=')); };
        for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
            const std::string_view entry(*e);
            const bool replaced = std::any_of(options.extraEnvironment.begin(), options.extraEnvironment.end(),
                                              [&](const std::string& x) { return nameOf(x) == nameOf(entry); });
            if (!replaced)
                environment.emplace_back(entry);
        }
        environment.insert(environment.end(), options.extraEnvironment.begin(), options.extraEnvironment.end());
        for (std::string& entry : environment)
            envp.push_back(entry.data());
        envp.push_back(nullptr);
        childEnvironment = envp.data();
    }

    std::vector<char*> argv;
    argv.reserve(options.args.size() + 2);
    argv.push_back(const_cast<char*>(options.path.c_str()));
    for (const std::string& a : options.args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);

    pid_t pid = -1;
    // glibc reports a failed exec (ENOENT, EACCES, ENOEXEC) as posix_spawn's result.
    if (int rc = ::posix_spawn(&pid, options.path.c_str(), &res.actions, &res.attr, argv.data(), childEnvironment);
        rc != 0)
        throwErrno(rc, "cannot start " + options.path);

    ChildProcess child;
    child.m_pid = pid;
    if (options.newProcessGroup)
        child.m_group = pid;
    child.m_channelFds = std::move(res.parentEnds);
    res.parentEnds.clear();
    // The child has its copies now; ours must go, or end-of-file never arrives.
    for (int& fd : res.childEnds)
        closeFd(fd);
    if (options.usePidfd)
        child.m_pidfd = openPidfd(pid);
    return child;
}

int ChildProcess::channelFd(std::size_t i) const noexcept
{
    return i < m_channelFds.size() ? m_channelFds[i] : -1;
}

void ChildProcess::closeChannel(std::size_t i) noexcept
{
    if (i < m_channelFds.size())
        closeFd(m_channelFds[i]);
}

bool ChildProcess::writeAll(std::size_t i, const void* data, std::size_t size) noexcept
{
    const int fd = channelFd(i);
    if (fd < 0)
        return false;
    const auto* p = static_cast<const char*>(data);
    while (size > 0) {
        // MSG_NOSIGNAL: a child that died must not take the parent down with SIGPIPE.
        const ssize_t n = ::send(fd, p, size, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool ChildProcess::sendSignal(int sig) noexcept
{
    if (m_pid <= 0 || m_reaped)
        return false;
    return ::kill(m_pid, sig) == 0;
}

bool ChildProcess::signalGroup(int sig) noexcept
{
    if (m_group <= 0)
        return false;
    return ::kill(-m_group, sig) == 0;
}

bool ChildProcess::stopped() const noexcept
{
    if (m_pid <= 0 || m_reaped)
        return false;
    char path[32];
    std::snprintf(path, sizeof path, "/proc/%d/stat", static_cast<int>(m_pid));
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    // "pid (comm) S ...": the state follows the last ')' (comm may contain one). 512 bytes
    // hold the comm (at most 16) and the state with room to spare.
    char buffer[512];
    ssize_t n;
    do {
        n = ::read(fd, buffer, sizeof buffer - 1);
    } while (n < 0 && errno == EINTR);
    ::close(fd);
    if (n <= 0)
        return false;
    const std::string_view stat(buffer, static_cast<std::size_t>(n));
    const std::size_t paren = stat.rfind(')');
    if (paren == std::string_view::npos || paren + 2 >= stat.size())
        return false;
    const char state = stat[paren + 2];
    return state == 'T' || state == 't';
}

bool ChildProcess::terminate() noexcept { return sendSignal(SIGTERM); }

bool ChildProcess::kill() noexcept { return sendSignal(SIGKILL); }

bool ChildProcess::collect(int flags) noexcept
{
    if (m_reaped)
        return true;
    if (m_pid <= 0)
        return false;
    int status = 0;
    rusage usage{};
    pid_t r;
    do {
        r = ::wait4(m_pid, &status, flags, &usage);
    } while (r < 0 && errno == EINTR);
    if (r == 0)
        return false; // WNOHANG and still running
    m_reaped = true;
    m_status.reapedAt = nowNs();
    if (r < 0) {
        // ECHILD: someone else reaped it (SIGCHLD set to SIG_IGN, a waitpid(-1) elsewhere).
        m_status.kind = ChildStatus::Kind::Lost;
    } else if (WIFEXITED(status)) {
        m_status.kind = ChildStatus::Kind::Exited;
        m_status.exitCode = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        m_status.kind = ChildStatus::Kind::Signalled;
        m_status.signal = WTERMSIG(status);
        m_status.coreDumped = WCOREDUMP(status);
    }
    if (r > 0) {
        m_status.userCpuNs = toNs(usage.ru_utime);
        m_status.systemCpuNs = toNs(usage.ru_stime);
    }
    closeFd(m_pidfd);
    return true;
}

bool ChildProcess::tryReap() noexcept { return collect(WNOHANG); }

void ChildProcess::reap() noexcept { collect(0); }

bool ChildProcess::waitFor(std::chrono::milliseconds timeout) noexcept
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!tryReap()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return false;
        if (m_pidfd >= 0) {
            pollfd p{m_pidfd, POLLIN, 0};
            ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count() + 1, 60'000)));
        } else {
            std::this_thread::sleep_for(std::min(left, std::chrono::milliseconds(1)));
        }
    }
    return true;
}

void ChildProcess::terminateAndReap(std::chrono::milliseconds grace) noexcept
{
    if (m_pid <= 0 || m_reaped)
        return;
    terminate();
    if (!waitFor(grace)) {
        kill();
        reap();
    }
}

} // namespace interleave
