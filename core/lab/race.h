#pragma once

#include "jobs/background_job.h"
#include "lab/race_code.h"
#include "trace/recorder.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace interleave {

// How each thread does `counter += 1`.
//  - Unsafe: a relaxed atomic load, the add, a relaxed atomic store. Another thread's store
//    between the load and the store is overwritten: the update is lost, for real. Relaxed
//    atomics keep that well defined (a plain int would be a data race, undefined behaviour)
//    and ThreadSanitizer-clean, while compiling to the same plain loads and stores.
//  - Lock: the same three steps inside a std::mutex (Python's `with lock:`). Never loses.
//  - Atomic: one fetch_add, an indivisible read-modify-write. Never loses; Python has no
//    equivalent for a global, which is the point of the comparison.
enum class RaceMode : std::uint8_t { Unsafe, Lock, Atomic };

// Every racing thread runs the same emulated Python loop,
//     for _ in range(increments):
//         counter += 1                  # RaceBetween::None
//         counter = counter + one()     # RaceBetween::Call
// and every bytecode of it costs the same small amount of work (kRaceBytecodeIterations), so
// an increment takes about as long as CPython's (a few hundred nanoseconds) and a run of
// 100,000 increments spans several GIL switch intervals.
//  - gil on: the threads are emulated CPython 3.10+ threads (PythonThread on one Gil). Only
//    the holder of the GIL runs; a waiting thread asks for the GIL after a switch interval,
//    and the holder gives it up only where CPython checks its eval breaker: at the loop's
//    backward jump and at a call's RESUME. Without a call between the load and the store, no
//    switch ever falls between them, and no update is lost.
//  - gil off: the free-threaded build (PEP 703), or any language without a GIL: real threads
//    run the loop at the same time, on every core, and lose updates whatever they call.
// The emulated bytecodes are busy work on the thread's own stack: only the load and the store
// touch the shared counter.
inline constexpr std::uint64_t kRaceBytecodeIterations = 8;
// sys.getswitchinterval()'s default: a thread waiting for the GIL asks for it after 5 ms.
inline constexpr TimeNs kRaceSwitchIntervalNs = 5'000'000;

std::string_view raceModeName(RaceMode mode) noexcept;
std::optional<RaceMode> raceModeFromName(std::string_view name) noexcept;

// How the pause between load and store ("the window") is spent. Sleeping hands the core to
// the other thread, so the windows overlap even on a single core; spinning keeps the core and
// overlaps only where threads really run in parallel (or are preempted inside the window).
enum class WidenMethod : std::uint8_t { Sleep, Spin };

std::string_view widenMethodName(WidenMethod method) noexcept;
std::optional<WidenMethod> widenMethodFromName(std::string_view name) noexcept;

struct RaceConfig {
    int threads = 2;
    std::int64_t increments = 100'000; // per thread
    RaceMode mode = RaceMode::Unsafe;
    bool gil = true; // emulated CPython GIL; false: free-threaded, real threads at once
    RaceBetween between = RaceBetween::None;
    // Pause between load and store, microseconds; 0: none. With the GIL, sleeping is
    // time.sleep() (it releases the GIL: a switch) and spinning is C code that keeps it.
    int widenUs = 0;
    WidenMethod widenBy = WidenMethod::Sleep;
    int repeat = 1; // runs, for the histogram of final values

    std::int64_t expected() const noexcept { return static_cast<std::int64_t>(threads) * increments; }
};

inline constexpr int kMaxRaceThreads = 64;
inline constexpr std::int64_t kMaxRaceIncrements = 100'000'000;
inline constexpr int kMaxWidenUs = 10'000;
inline constexpr int kMaxRaceRepeat = 10'000;
// A run with a window pauses increments × widenUs per thread: refuse runs that would pause
// longer than this (each run; a stop ends them sooner anyway).
inline constexpr std::int64_t kMaxRacePauseUs = 120'000'000;
// Contended lock acquisitions recorded per thread (16 bytes each); later waits still happen
// but are not recorded, and the lane carries a note saying so.
inline constexpr std::int64_t kMaxRecordedLockWaits = 100'000;

// The reason a configuration is refused, in the words of the command line; nullopt if fine.
std::optional<std::string> validate(const RaceConfig& config);

struct RaceRunResult {
    std::int64_t expected = 0;
    std::int64_t actual = 0;
    bool completed = true; // false: stopped before every increment was done
    TimeNs wallNs = 0;
    // With the GIL: switches of the GIL at an eval-breaker check, and how many of them came
    // between a thread's load and its store (at the call of RaceBetween::Call). Each of those
    // is a lost update, or many: the thread later stores a value older than everything the
    // others stored meanwhile. Both 0 without the GIL.
    std::int64_t switches = 0;
    std::int64_t switchesInWindow = 0;

    // Updates that were done but overwritten. For a stopped run, expected counts only the
    // increments that were done, so this stays a true count of lost updates.
    std::int64_t lost() const noexcept { return expected - actual; }
};

// The shared state of one run, readable from any thread while the run goes on: the counter
// itself and how many increments each thread has done. Every field is an atomic, so a reader
// (the GUI's timer) sees a recent value, never a torn one. Each count is written by its one
// thread with a release store after the increment, and read with acquire: read the counts
// first and the counter after, and with the lock (or fetch-add) the counter is never behind
// the counts. Each count sits on its own cache line: a shared progress
// counter would make the threads contend on it and change the race being shown.
class RaceProgress {
public:
    explicit RaceProgress(int threads);

    int threads() const noexcept { return m_threads; }
    std::int64_t counter() const noexcept { return m_counter.load(std::memory_order_relaxed); }
    std::int64_t done(int thread) const noexcept
    {
        return m_done[static_cast<std::size_t>(thread)].value.load(std::memory_order_acquire);
    }
    std::int64_t doneTotal() const noexcept;

private:
    friend class RaceRun;
    struct alignas(64) PaddedCount {
        std::atomic<std::int64_t> value {0};
    };
    int m_threads;
    alignas(64) std::atomic<std::int64_t> m_counter {0};
    std::unique_ptr<PaddedCount[]> m_done;
    alignas(64) std::mutex m_lock; // the lock of RaceMode::Lock
};

// One run: config.threads real std::threads, each a lane of the recorder (Running while it
// increments, WaitingLock while it waits for the lock, with the GIL WaitingGil while another
// thread holds it and BlockedIo while a sleeping window has released it, Done at the end), under a process lane
// for the main thread (WaitingLock while it joins them, as Thread.join() does). Blocks until
// every thread is joined; a stop request ends the threads at their next increment.
// config.repeat is ignored here (see LiveRace). The progress must be fresh (one per run).
RaceRunResult runRace(
    const RaceConfig& config, Recorder& recorder, RaceProgress& progress, std::stop_token stop = {});

// Convenience: a run with its own recorder and progress.
RaceRunResult runRace(const RaceConfig& config, std::stop_token stop = {});

struct RaceSummary {
    int runs = 0;
    int runsThatLost = 0;
    double meanLost = 0;
    std::int64_t minActual = 0;
    std::int64_t maxActual = 0;
};

RaceSummary summarize(const std::vector<RaceRunResult>& results);

// config.repeat runs, one after another, on a background thread (a BackgroundJob), for a view
// that watches them live: the current run's progress and recorder are handed out as shared
// pointers (a reader may keep them after the next run has started), finished runs as a list.
// The job's progress counts the finished runs of config.repeat. Stop works at any moment; the
// destructor stops and joins.
class LiveRace {
public:
    struct Live {
        int run = 0; // index of the run these belong to
        std::shared_ptr<const RaceProgress> progress;
        std::shared_ptr<const Recorder> recorder;
    };

    // The configuration must be valid (validate()); throws std::invalid_argument otherwise.
    explicit LiveRace(RaceConfig config);
    ~LiveRace() = default; // the job, declared last, stops and joins first
    LiveRace(const LiveRace&) = delete;
    LiveRace& operator=(const LiveRace&) = delete;

    const RaceConfig& config() const noexcept { return m_config; }
    void requestStop() noexcept { m_job.requestStop(); }
    bool stopRequested() const noexcept { return m_job.stopRequested(); }
    // True once every run has ended (or the stop has ended them) and every thread is joined;
    // after that, results() is complete.
    bool finished() const noexcept { return m_job.finished(); }
    const BackgroundJob& job() const noexcept { return m_job; }

    Live live() const { return m_live.get(); }
    std::vector<RaceRunResult> results() const { return m_results.get(); }

private:
    void runAll(std::stop_token stop);

    RaceConfig m_config;
    JobSnapshot<Live> m_live;
    JobSnapshot<std::vector<RaceRunResult>> m_results;
    BackgroundJob m_job; // last: joined before the members it writes go away
};

} // namespace interleave
