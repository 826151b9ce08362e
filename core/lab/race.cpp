#include "lab/race.h"

#include "engine/gil.h"
#include "engine/lane_thread.h"
#include "engine/python_thread.h"
#include "workloads/workload.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <unistd.h>

namespace interleave {

RaceProgress::RaceProgress(int threads)
    : m_threads(threads)
    , m_done(std::make_unique<PaddedCount[]>(static_cast<std::size_t>(std::max(threads, 0))))
{
}

std::int64_t RaceProgress::doneTotal() const noexcept
{
    std::int64_t total = 0;
    for (int t = 0; t < m_threads; ++t)
        total += done(t);
    return total;
}

// Friend of RaceProgress: the only writer of its fields.
class RaceRun {
public:
    RaceRun(const RaceConfig& config, RaceProgress& progress, std::stop_token stop)
        : m_config(config)
        , m_progress(progress)
        , m_stop(std::move(stop))
        , m_gil(config.gil ? std::make_unique<Gil>(kRaceSwitchIntervalNs, m_stop) : nullptr)
    {
    }

    void threadBody(int index, LaneWriter lane)
    {
        // Every thread waits at the gate until all exist, so they start incrementing together
        // instead of the first finishing before the last is created.
        m_gate.wait(false, std::memory_order_acquire);
        if (m_gil)
            pythonThreadBody(index, lane);
        else
            freeThreadBody(index, lane);
    }

    void openGate()
    {
        m_gate.store(true, std::memory_order_release);
        m_gate.notify_all();
    }

    bool waitsCapped() const noexcept { return m_waitsCapped.load(std::memory_order_relaxed); }
    std::int64_t switches() const noexcept { return m_switches.load(std::memory_order_relaxed); }
    std::int64_t switchesInWindow() const noexcept { return m_switchesInWindow.load(std::memory_order_relaxed); }

private:
    // What one thread needs to run the emulated loop: where it checks the eval breaker, how
    // it waits for the lock, and the sink that keeps its busy work from being optimised away.
    struct Interpreter {
        PythonThread* python = nullptr; // null without the GIL
        LaneWriter* lane = nullptr; // without the GIL, for the lock's waits
        std::int64_t waitsRecorded = 0;
        std::uint64_t sink = 0;

        void bytecodes(int count) { sink = cpuKernel(kRaceBytecodeIterations * static_cast<std::uint64_t>(count), sink); }
    };

    // Without the GIL: real threads, at the same time. The lane shows Running from start to
    // end (and WaitingLock for the lock's contended waits, up to a cap).
    void freeThreadBody(int index, LaneWriter lane)
    {
        lane.record(State::Running);
        Interpreter interpreter {.lane = &lane};
        loop(index, interpreter);
        if (interpreter.waitsRecorded >= kMaxRecordedLockWaits)
            m_waitsCapped.store(true, std::memory_order_relaxed);
        lane.record(State::Done);
    }

    // With the GIL: an emulated CPython thread. It runs only while it holds the GIL, records
    // WaitingGil while another thread does, and gives the GIL up only at an eval-breaker check.
    void pythonThreadBody(int index, LaneWriter lane)
    {
        PythonThread python(lane, m_gil.get(), m_stop);
        Interpreter interpreter {.python = &python};
        try {
            python.reacquire(State::Running); // the function's RESUME: the first check
            loop(index, interpreter);
            python.end(State::Done);
        } catch (const RunCancelled&) {
            python.end(State::Done, kEndCancelled);
        }
    }

    void loop(int index, Interpreter& interpreter)
    {
        std::atomic<std::int64_t>& done = m_progress.m_done[static_cast<std::size_t>(index)].value;
        for (std::int64_t i = 0; i < m_config.increments; ++i) {
            if (m_stop.stop_requested())
                break;
            switch (m_config.mode) {
            case RaceMode::Unsafe:
                increment(interpreter);
                break;
            case RaceMode::Lock:
                incrementLocked(interpreter);
                break;
            case RaceMode::Atomic:
                incrementAtomic(interpreter);
                break;
            }
            // Release: a reader that sees this count (acquire) also sees the counter at least
            // as far as this increment left it.
            done.store(i + 1, std::memory_order_release);
            interpreter.bytecodes(1); // JUMP_BACKWARD, which checks the eval breaker
            evalBreaker(interpreter, false);
        }
    }

    // Where CPython 3.10+ checks its eval breaker: honours a pending drop request (the switch
    // happens here, and only at such a point) and a stop. Counts the switches, and those that
    // fall between a load and its store.
    void evalBreaker(Interpreter& interpreter, bool insideWindow)
    {
        if (interpreter.python == nullptr)
            return;
        if (m_gil->dropRequested()) {
            m_switches.fetch_add(1, std::memory_order_relaxed);
            if (insideWindow)
                m_switchesInWindow.fetch_add(1, std::memory_order_relaxed);
        }
        interpreter.python->checkpoint();
    }

    // `counter += 1` or `counter = counter + one()` for a global, as the emulated interpreter
    // runs it: the load and the store are the only touches of the shared counter, and the
    // window between them holds what CPython runs there.
    void increment(Interpreter& interpreter)
    {
        std::atomic<std::int64_t>& counter = m_progress.m_counter;
        interpreter.bytecodes(3); // FOR_ITER, STORE_FAST _, LOAD_GLOBAL counter
        const std::int64_t value = counter.load(std::memory_order_relaxed);
        if (m_config.between == RaceBetween::Call) {
            interpreter.bytecodes(2); // LOAD_GLOBAL one, CALL 0
            evalBreaker(interpreter, true); // one()'s RESUME
            interpreter.bytecodes(2); // RETURN_CONST 1, BINARY_OP +
        } else {
            interpreter.bytecodes(2); // LOAD_CONST 1, BINARY_OP +=
        }
        const std::int64_t incremented = value + 1;
        widen(interpreter);
        interpreter.bytecodes(1); // STORE_GLOBAL counter
        counter.store(incremented, std::memory_order_relaxed);
    }

    // with lock: the increment. The wait is recorded only when the lock is taken already, so an
    // uncontended run costs no clock reads. With the GIL, a thread that must wait releases the
    // GIL first (as lock.acquire() does), so the holder can get back to its release.
    void incrementLocked(Interpreter& interpreter)
    {
        std::unique_lock held(m_progress.m_lock, std::try_to_lock);
        if (!held.owns_lock()) {
            if (interpreter.python != nullptr) {
                interpreter.python->releaseFor(State::WaitingLock);
                held.lock();
                interpreter.python->reacquire(State::Running); // may throw: `held` unlocks
            } else if (interpreter.waitsRecorded < kMaxRecordedLockWaits) {
                ++interpreter.waitsRecorded;
                interpreter.lane->record(State::WaitingLock);
                held.lock();
                interpreter.lane->record(State::Running);
            } else {
                held.lock();
            }
        }
        increment(interpreter);
    }

    // The same bytecodes and the same pause around one indivisible add, so the three modes
    // do the same work.
    void incrementAtomic(Interpreter& interpreter)
    {
        interpreter.bytecodes(3);
        m_progress.m_counter.fetch_add(1, std::memory_order_relaxed);
        if (m_config.between == RaceBetween::Call) {
            interpreter.bytecodes(2);
            evalBreaker(interpreter, false);
            interpreter.bytecodes(2);
        } else {
            interpreter.bytecodes(2);
        }
        widen(interpreter);
        interpreter.bytecodes(1);
    }

    void widen(Interpreter& interpreter) const
    {
        if (m_config.widenUs <= 0)
            return;
        const TimeNs pause = static_cast<TimeNs>(m_config.widenUs) * 1000;
        if (m_config.widenBy == WidenMethod::Sleep) {
            // time.sleep(): with the GIL, released while sleeping (BlockedIo), then taken back.
            if (interpreter.python != nullptr) {
                interpreter.python->blockingWait(pause);
                return;
            }
            std::this_thread::sleep_for(std::chrono::nanoseconds(pause));
            return;
        }
        // C code that keeps the GIL and checks nothing.
        const TimeNs until = nowNs() + pause;
        while (nowNs() < until) { }
    }

    const RaceConfig& m_config;
    RaceProgress& m_progress;
    std::stop_token m_stop;
    std::unique_ptr<Gil> m_gil;
    std::atomic<bool> m_gate {false};
    std::atomic<bool> m_waitsCapped {false};
    std::atomic<std::int64_t> m_switches {0};
    std::atomic<std::int64_t> m_switchesInWindow {0};
};

RaceRunResult runRace(
    const RaceConfig& config, Recorder& recorder, RaceProgress& progress, std::stop_token stop)
{
    if (auto problem = validate(config))
        throw std::invalid_argument(*problem);
    if (progress.threads() != config.threads)
        throw std::invalid_argument("runRace: the progress is for another number of threads");
    if (progress.counter() != 0 || progress.doneTotal() != 0)
        throw std::invalid_argument("runRace: the progress belongs to an earlier run");

    const int pid = static_cast<int>(::getpid());
    LaneWriter main = recorder.addLane(LaneInfo {.kind = LaneKind::Process,
        .pid = pid,
        .tid = static_cast<std::int32_t>(::gettid()),
        .name = "MainProcess"});
    const TimeNs start = main.record(State::Running);
    recorder.setMetadata("lab", "race");
    recorder.setMetadata("race_mode", std::string(raceModeName(config.mode)));
    recorder.setMetadata("race_threads", std::to_string(config.threads));
    recorder.setMetadata("race_increments", std::to_string(config.increments));
    recorder.setMetadata("race_gil", std::string(gilName(config.gil)));
    recorder.setMetadata("race_between", std::string(raceBetweenName(config.between)));
    recorder.setMetadata("race_widen_us", std::to_string(config.widenUs));

    RaceRun run(config, progress, stop);
    std::vector<LaneThread> threads;
    threads.reserve(static_cast<std::size_t>(config.threads));
    try {
        for (int t = 0; t < config.threads; ++t) {
            LaneInfo info {.parent = main.id(),
                .kind = LaneKind::Thread,
                .pid = pid,
                .name = "Thread-" + std::to_string(t + 1)};
            threads.emplace_back(
                recorder, std::move(info), [&run, t](LaneWriter lane) { run.threadBody(t, lane); });
        }
    } catch (...) {
        // The system refused a thread: let the ones that exist run, join them, then report.
        main.record(State::WaitingLock);
        run.openGate();
        for (LaneThread& thread : threads)
            thread.join();
        main.record(State::Failed);
        throw;
    }
    // join() waits on each thread's lock. Recorded before the threads start: the main thread
    // has stopped running Python (and, with the GIL, released it) before they run.
    main.record(State::WaitingLock);
    run.openGate();
    for (LaneThread& thread : threads)
        thread.join();
    const TimeNs end = main.record(State::Done);
    if (run.waitsCapped()) {
        recorder.addNote(main.id(), end,
            "only the first " + std::to_string(kMaxRecordedLockWaits)
                + " lock waits of each thread are drawn");
    }

    RaceRunResult result;
    result.expected = progress.doneTotal();
    result.actual = progress.counter();
    result.completed = result.expected == config.expected();
    result.wallNs = end - start;
    result.switches = run.switches();
    result.switchesInWindow = run.switchesInWindow();
    return result;
}

RaceRunResult runRace(const RaceConfig& config, std::stop_token stop)
{
    Recorder recorder;
    RaceProgress progress(config.threads);
    return runRace(config, recorder, progress, std::move(stop));
}

RaceSummary summarize(const std::vector<RaceRunResult>& results)
{
    RaceSummary s;
    if (results.empty())
        return s;
    s.runs = static_cast<int>(results.size());
    s.minActual = results.front().actual;
    s.maxActual = results.front().actual;
    double lost = 0;
    for (const RaceRunResult& r : results) {
        lost += static_cast<double>(r.lost());
        if (r.lost() > 0)
            ++s.runsThatLost;
        s.minActual = std::min(s.minActual, r.actual);
        s.maxActual = std::max(s.maxActual, r.actual);
    }
    s.meanLost = lost / static_cast<double>(s.runs);
    return s;
}

LiveRace::LiveRace(RaceConfig config)
    : m_config(config)
{
    if (auto problem = validate(m_config))
        throw std::invalid_argument(*problem);
    m_live.set(Live {0, std::make_shared<RaceProgress>(m_config.threads), std::make_shared<Recorder>()});
    m_job.setProgressTotal(m_config.repeat);
    m_job.start([this](std::stop_token stop) { runAll(std::move(stop)); });
}

void LiveRace::runAll(std::stop_token stop)
{
    for (int run = 0; run < m_config.repeat && !stop.stop_requested(); ++run) {
        std::shared_ptr<RaceProgress> progress;
        std::shared_ptr<Recorder> recorder;
        if (run == 0) {
            // Made by the constructor, so that live() has them before this thread gets going.
            const Live first = m_live.get();
            progress = std::const_pointer_cast<RaceProgress>(first.progress);
            recorder = std::const_pointer_cast<Recorder>(first.recorder);
        } else {
            progress = std::make_shared<RaceProgress>(m_config.threads);
            recorder = std::make_shared<Recorder>();
            m_live.set(Live {run, progress, recorder});
        }
        RaceRunResult result;
        try {
            result = runRace(m_config, *recorder, *progress, stop);
        } catch (const std::exception& e) {
            recorder->addNote(kNoLane, nowNs(), e.what());
            break;
        }
        // A run cut short by a stop is not a sample of the race: keep it out of the list.
        if (!result.completed)
            break;
        m_results.update([&](std::vector<RaceRunResult>& results) { results.push_back(result); });
        m_job.advanceProgress();
    }
}

} // namespace interleave
