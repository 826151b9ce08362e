#pragma once

#include "trace/clock.h"

#include <chrono>
#include <cstddef>
#include <string>
#include <sys/types.h>
#include <vector>

namespace interleave {

// A pipe between the parent and a child, created by ChildProcess::spawn. The child sees its
// end as childFd (0, 1, 2 or any fd above); the parent keeps the other end.
struct ChildChannel {
    enum class Direction { FromChild, ToChild };
    int childFd = 1;
    Direction direction = Direction::FromChild;
};

struct SpawnOptions {
    std::string path;              // the executable; also argv[0]
    std::vector<std::string> args; // argv[1..]
    std::vector<ChildChannel> channels;
    // Without a channel on fd 0 the child reads /dev/null rather than the parent's terminal.
    bool nullStdin = true;
    // Wait for the exit through a pidfd (Linux 5.3+). Off, or where the kernel refuses it,
    // exitFd() is -1 and callers poll tryReap() instead.
    bool usePidfd = true;
    // Variables set in the child's environment on top of (or replacing) the parent's,
    // each "NAME=value".
    std::vector<std::string> extraEnvironment;
    // The child leads a process group of its own, so signalGroup() reaches it and every
    // process it starts (a traced program's children) at once.
    bool newProcessGroup = false;
};

// How a child ended, and what it cost.
struct ChildStatus {
    enum class Kind { Running, Exited, Signalled, Lost };
    Kind kind = Kind::Running;
    int exitCode = 0;       // Exited
    int signal = 0;         // Signalled
    bool coreDumped = false; // Signalled
    TimeNs userCpuNs = 0;   // from wait4's rusage: the child and any children it waited for
    TimeNs systemCpuNs = 0;
    TimeNs reapedAt = 0; // nowNs() when the parent collected the status

    bool succeeded() const noexcept { return kind == Kind::Exited && exitCode == 0; }
    TimeNs cpuNs() const noexcept { return userCpuNs + systemCpuNs; }
    // "exited with code 3", "was killed by signal 9 (SIGKILL)", ...
    std::string describe() const;
};

// One child process, started with posix_spawn (never fork: this is called from a threaded
// program, and fork's cost grows with the parent's memory), and always reaped: the destructor
// of a child that is still running kills it and waits for it, so no zombie outlives its owner.
//
// Every descriptor the parent creates for a child is close-on-exec, so a child spawned
// concurrently from another thread never inherits another child's pipes (which would keep a
// pipe from reporting end-of-file). The child gets exactly its channels, plus 0-2 unless a
// channel replaces them; every other descriptor is closed in the child.
//
// Not thread-safe: one owner thread drives a child.
class ChildProcess {
public:
    ChildProcess() = default;
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&& other) noexcept;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ~ChildProcess();

    // Throws std::system_error when the pipes or the process cannot be created, including a
    // missing or non-executable path (the message names it).
    static ChildProcess spawn(const SpawnOptions& options);

    pid_t pid() const noexcept { return m_pid; }
    bool valid() const noexcept { return m_pid > 0; }

    // The parent's end of channel i (in the order of SpawnOptions::channels), or -1 once
    // closed. FromChild ends are non-blocking: read until EAGAIN, 0 means end of file.
    int channelFd(std::size_t i) const noexcept;
    void closeChannel(std::size_t i) noexcept;
    // Writes all of data to a ToChild channel (a socket, so a dead reader gives an error
    // rather than SIGPIPE). Blocks while the child's receive buffer is full. False when the
    // child has closed its end.
    bool writeAll(std::size_t i, const void* data, std::size_t size) noexcept;

    // Readable once the child has exited (a pidfd), or -1: then poll tryReap().
    int exitFd() const noexcept { return m_pidfd; }

    // Sends a signal while the child is not reaped yet (after that its pid may belong to
    // another process). False if it could not be sent.
    bool sendSignal(int sig) noexcept;
    bool terminate() noexcept; // SIGTERM
    bool kill() noexcept;      // SIGKILL
    // Signals the child's process group (spawned with newProcessGroup). Safe after the child
    // was reaped: the group id cannot be reused while any member is alive. False when no
    // process of the group is left.
    bool signalGroup(int sig) noexcept;

    // Collects the exit status without blocking; true once the child is reaped.
    bool tryReap() noexcept;
    // Waits up to timeout for the child to exit and reaps it; true once reaped.
    bool waitFor(std::chrono::milliseconds timeout) noexcept;
    // Blocks until the child has exited and reaps it.
    void reap() noexcept;
    // SIGTERM, up to grace for the child to exit, then SIGKILL, then reap.
    void terminateAndReap(std::chrono::milliseconds grace) noexcept;

    // True while the child is stopped: by SIGSTOP or SIGTSTP (state T in /proc/PID/stat) or
    // by a tracer (t). Such a child makes no progress and never exits by itself; the exit and
    // pipe notifications cannot tell it from a slow one, so a watchdog asks this.
    bool stopped() const noexcept;

    bool reaped() const noexcept { return m_reaped; }
    const ChildStatus& status() const noexcept { return m_status; }

private:
    bool collect(int flags) noexcept;
    void release() noexcept;

    pid_t m_pid = -1;
    pid_t m_group = -1;
    int m_pidfd = -1;
    bool m_reaped = false;
    ChildStatus m_status;
    std::vector<int> m_channelFds;
};

} // namespace interleave
