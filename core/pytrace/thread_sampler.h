#pragma once

#include "trace/clock.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace interleave::pytrace {

// Where to read a process's GIL with process_vm_readv (from its event file's header, after
// the bootstrap checked the offsets against live values).
struct GilLocation {
    std::uint64_t blockAddress = 0; // the first byte read: the GIL's struct in _PyRuntime
    std::uint32_t blockSize = 0;    // bytes read from there, tstate_current included
    std::uint32_t gilSize = 0;      // the GIL's own struct: a futex inside it is a GIL wait
    std::uint32_t lockedAt = 0;     // offsets from blockAddress
    std::uint32_t lastHolderAt = 0;
    std::uint32_t switchNumberAt = 0;
    std::uint32_t nativeIdOffset = 0; // in a PyThreadState

    bool contains(std::uint64_t address) const noexcept
    {
        return address >= blockAddress && address < blockAddress + gilSize;
    }
};

// Who held the GIL when a thread was sampled, as seen from that thread. When nobody holds it,
// whether this thread was the last to (it dropped it to run C code or a system call) or not
// (it is between being woken and taking it).
enum class GilView : std::uint8_t { Unknown, Holding, OtherHolds, FreeHeldLast, FreeOtherHeldLast };

// One stretch in which a thread looked the same at every sweep.
struct ThreadObservation {
    TimeNs first = 0; // the sweep that first saw it
    TimeNs last = 0;  // the last sweep that saw it unchanged
    char state = '?'; // /proc stat letter
    bool running = false; // the syscall file said "running"
    std::int64_t syscall = -1;
    std::uint64_t arg0 = 0; // futex: the address
    std::uint64_t arg1 = 0; // futex: the operation
    GilView gil = GilView::Unknown;
    bool sameAs(const ThreadObservation& o) const noexcept
    {
        return state == o.state && running == o.running && syscall == o.syscall && arg0 == o.arg0
            && arg1 == o.arg1 && gil == o.gil;
    }
};

struct SampledThread {
    std::int32_t pid = 0;
    std::int32_t tid = 0;
    std::string comm;
    TimeNs firstSeen = 0;
    TimeNs lastSeen = 0;
    bool gone = false;
    std::vector<ThreadObservation> observations;
};

// The GIL of a process read as changed (taken, let go, or another holder) between two reads:
// the change happened in (before, after].
struct GilChange {
    TimeNs before = 0; // the last read that saw it as it had been
    TimeNs after = 0;  // the first read that saw it changed
};

struct SampledProcess {
    std::int32_t pid = 0;
    std::int32_t ppid = 0;
    std::string comm;
    TimeNs firstSeen = 0;
    TimeNs lastSeen = 0;
    bool gone = false;
    bool gilRead = false; // a GIL location was known and read at least once
    std::uint64_t firstSwitchNumber = 0;
    std::uint64_t lastSwitchNumber = 0;
    // (sweep time, switch_number) at each sweep that found it changed: how often the GIL
    // changed hands over any stretch of the run.
    std::vector<std::pair<TimeNs, std::uint64_t>> switchNumbers;
    // Every change of the GIL seen, by the sweeps and by the reads of the GIL alone between
    // them while threads wait for it: where a thread's turn ended and the next began.
    std::vector<GilChange> gilChanges;
    std::uint64_t gilReadFailures = 0;
};

struct SamplerResult {
    TimeNs period = 0;
    std::vector<SampledProcess> processes;
    std::vector<SampledThread> threads;
    std::uint64_t sweeps = 0;
    std::uint64_t lateSweeps = 0; // started more than two periods after the previous one
    TimeNs longestGap = 0;
    std::uint64_t preemptedSweeps = 0; // per process: reads spread too far apart, not used
    std::uint64_t gilOnlyReads = 0;    // reads of a contended GIL between sweeps
    std::uint64_t threadReadsSaved = 0; // sleeping threads that had not run since the last sweep
    TimeNs cpuNs = 0;    // the sampler thread's own CPU time
    TimeNs wallNs = 0;   // from start to stop
    bool permissionDenied = false; // /proc/.../syscall was refused (Yama ptrace_scope 2 or 3)
};

// Samples every thread of a process tree from its own thread: at each sweep, each thread's
// state letter and system call (/proc/PID/task/TID/stat and syscall, descriptors kept open
// and re-read with pread) and each process's GIL holder (one process_vm_readv). A thread that
// was asleep and has not run since (its schedstat unchanged) is not read again. While some
// thread waits for a process's GIL, that GIL alone is also read kGilReadsPerSweep - 1 times
// between sweeps, so a hand-over is placed within a fraction of the period. Children are
// found through /proc/PID/task/TID/children every 20 ms, and added by the caller as they
// announce themselves. Never touches Qt; every public method is thread-safe.
class ThreadSampler {
public:
    static constexpr int kMinHz = 1;
    static constexpr int kMaxHz = 5000;
    static constexpr TimeNs kChildScanPeriod = 20'000'000;
    static constexpr int kGilReadsPerSweep = 4;
    static constexpr TimeNs kMinGilReadStep = 100'000;

    explicit ThreadSampler(int hz);
    ~ThreadSampler();
    ThreadSampler(const ThreadSampler&) = delete;
    ThreadSampler& operator=(const ThreadSampler&) = delete;

    void addProcess(std::int32_t pid);
    void setGilLocation(std::int32_t pid, const GilLocation& where);

    void start();
    // Joins the sampling thread; the result is final after this.
    void stop();
    // A copy of everything sampled so far (the whole result after stop()).
    SamplerResult snapshot() const;

private:
    struct Thread;
    struct Process;

    void loop();
    // Waits until `at` or stop(); true when stopping.
    bool waitUntil(TimeNs at);
    void sweep(TimeNs now, bool scanChildren);
    // Between sweeps: the GIL of each process whose threads wait for it.
    bool readContendedGils();
    void adopt(std::int32_t pid, std::int32_t ppid, TimeNs now);
    void sampleProcess(Process& p, TimeNs now, bool scanChildren);

    const TimeNs m_period;
    const TimeNs m_gilReadStep; // between the reads of a contended GIL; m_period: none between
    mutable std::mutex m_mutex; // guards everything below; held for a whole sweep
    std::map<std::int32_t, GilLocation> m_gilLocations;
    std::vector<std::int32_t> m_pendingPids;
    std::vector<std::unique_ptr<Process>> m_processes;
    SamplerResult m_result;

    std::mutex m_wakeMutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;
    TimeNs m_startedAt = 0;
};

} // namespace interleave::pytrace
