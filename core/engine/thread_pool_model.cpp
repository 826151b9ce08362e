#include "engine/in_process_models.h"

#include "engine/lane_thread.h"
#include "engine/thread_start.h"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace interleave {

namespace {

// concurrent.futures.ThreadPoolExecutor, as far as the timeline can tell: a queue guarded by
// a mutex and a condition variable, workers started lazily on submit (one per submit while
// no worker is idle, up to max_workers, as _adjust_thread_count does with _idle_semaphore;
// each start waits for the worker to be running, as Thread.start() does), and
// shutdown(wait=True) letting the workers drain the queue before they exit.
class Executor {
public:
    Executor(ModelRun& run, Gil* gil, LaneId processLane)
        : m_run(run)
        , m_gil(gil)
        , m_processLane(processLane)
        , m_maxWorkers(effectiveThreadWorkers(run.config()))
        , m_taskEnded(static_cast<std::size_t>(run.config().tasks), 0)
    {
        m_taskLanes.reserve(static_cast<std::size_t>(run.config().tasks));
        for (std::int32_t task = 0; task < run.config().tasks; ++task) {
            LaneInfo info = run.laneInfo(processLane, LaneKind::Task, "task " + std::to_string(task));
            info.tid = 0; // a work item, not a thread
            m_taskLanes.push_back(run.recorder().addLane(std::move(info)));
        }
        m_workers.reserve(static_cast<std::size_t>(m_maxWorkers));
    }

    ~Executor() { joinWorkers(); }

    // executor.submit(task), on the main thread: the work item is Ready from now until a
    // worker takes it. Throws std::system_error when a needed worker cannot be started (the
    // item stays queued), RunCancelled on a stop while a worker starts.
    void submit(std::int32_t task, PythonThread& main)
    {
        m_taskLanes[static_cast<std::size_t>(task)].record(State::Ready, task);
        bool startWorker = false;
        {
            std::lock_guard lock(m_mutex);
            m_queue.push_back(task);
            m_available.notify_one();
            if (m_idleWorkers > 0)
                --m_idleWorkers;
            else
                startWorker = static_cast<int>(m_workers.size()) < m_maxWorkers;
        }
        if (startWorker)
            addWorker(main);
    }

    // Waits, with the GIL released by the caller, until every submitted item has ended or the
    // run is stopped.
    void waitForResults(int submitted)
    {
        std::unique_lock lock(m_mutex);
        m_finishedChanged.wait(lock, m_run.stopToken(), [&] { return m_finished >= submitted; });
    }

    // shutdown(wait=True).
    void shutdown()
    {
        {
            std::lock_guard lock(m_mutex);
            m_shutdown = true;
        }
        m_available.notify_all();
        joinWorkers();
    }

    // Items that never reached a worker (a stop, or no worker could be started): their lanes
    // end here, from the main thread, once every worker is joined and nobody else writes them.
    void endUnfinishedTasks()
    {
        for (std::size_t task = 0; task < m_taskLanes.size(); ++task) {
            if (!m_taskEnded[task])
                m_taskLanes[task].record(State::Stopped, static_cast<std::int32_t>(task), kEndCancelled);
        }
    }

private:
    void addWorker(PythonThread& main)
    {
        const int index = static_cast<int>(m_workers.size());
        std::string name = "ThreadPoolExecutor-0_" + std::to_string(index);
        LaneInfo info = m_run.laneInfo(m_processLane, LaneKind::Thread, name);
        auto started = std::make_shared<ThreadStart>();
        m_workers.emplace_back(
            m_run.recorder(), std::move(info),
            [this, name, started](LaneWriter lane) { workerBody(lane, name, *started); }, &m_run.cpuTotal());
        main.releaseFor(State::WaitingLock);
        if (!started->wait(m_run.stopToken()))
            throw RunCancelled{};
        main.reacquire(State::Running);
    }

    void joinWorkers()
    {
        for (LaneThread& worker : m_workers)
            worker.join();
    }

    // work_queue.get(block=True): returns the next item, or nullopt once shut down and drained.
    // An idle worker blocks on the queue's condition with the GIL released (WaitingLock); the
    // GIL is never waited for while the queue's mutex is held.
    std::optional<std::int32_t> get(PythonThread& thread)
    {
        std::unique_lock lock(m_mutex);
        if (!m_queue.empty())
            return pop();
        if (m_shutdown)
            return std::nullopt;
        thread.clearTask();
        thread.releaseFor(State::WaitingLock);
        m_available.wait(lock, m_run.stopToken(), [&] { return !m_queue.empty() || m_shutdown; });
        if (m_run.stopToken().stop_requested())
            throw RunCancelled{};
        std::optional<std::int32_t> item;
        if (!m_queue.empty())
            item = pop();
        lock.unlock();
        thread.reacquire(State::Running);
        return item;
    }

    std::int32_t pop()
    {
        const std::int32_t task = m_queue.front();
        m_queue.pop_front();
        return task;
    }

    void taskEnded(std::int32_t task)
    {
        m_taskEnded[static_cast<std::size_t>(task)] = 1;
        {
            std::lock_guard lock(m_mutex);
            ++m_finished;
            // The worker is about to look for more work: _idle_semaphore.release().
            ++m_idleWorkers;
        }
        m_finishedChanged.notify_all();
    }

    void workerBody(LaneWriter lane, const std::string& name, ThreadStart& started)
    {
        PythonThread thread(lane, m_gil, m_run.stopToken());
        const auto workerDetail = static_cast<std::uint16_t>(lane.id());
        std::int32_t current = kNoTask;
        try {
            thread.begin(kNoTask);
            started.set();
            while (const std::optional<std::int32_t> task = get(thread)) {
                current = *task;
                LaneWriter& taskLane = m_taskLanes[static_cast<std::size_t>(current)];
                // From here the item's lane shows what its worker does (Running, waiting for
                // the GIL, blocked on I/O), not one long Running bar.
                thread.begin(current);
                thread.mirrorTo(&taskLane, workerDetail);
                try {
                    m_run.runTask(thread, current);
                    thread.stopMirroring();
                    taskLane.record(State::Done, current, kEndNormal);
                } catch (const RunCancelled&) {
                    thread.stopMirroring();
                    throw;
                } catch (...) {
                    thread.stopMirroring();
                    // The future holds the exception; the worker goes on with the next item.
                    const std::uint16_t detail =
                        m_run.reportFailure(std::current_exception(), taskLane.id(), name, current);
                    taskLane.record(endStateFor(detail), current, detail);
                }
                taskEnded(current);
                current = kNoTask;
            }
            thread.clearTask();
            thread.end();
        } catch (...) {
            started.set();
            const std::uint16_t detail
                = m_run.reportFailure(std::current_exception(), lane.id(), name, kNoTask);
            if (current != kNoTask) {
                m_taskLanes[static_cast<std::size_t>(current)].record(endStateFor(detail), current, detail);
                taskEnded(current);
            }
            thread.end(endStateFor(detail), detail);
        }
    }

    ModelRun& m_run;
    Gil* m_gil;
    const LaneId m_processLane;
    const int m_maxWorkers;
    std::vector<LaneWriter> m_taskLanes;
    // One flag per task, each written by the one worker that ran it and read by the main
    // thread after joining the workers: bytes, not bits, so that no two writers share one.
    std::vector<char> m_taskEnded;
    std::vector<LaneThread> m_workers; // touched by the main thread only

    std::mutex m_mutex;
    std::condition_variable_any m_available;       // work_queue's not_empty
    std::condition_variable_any m_finishedChanged; // the futures' conditions, folded into one
    std::deque<std::int32_t> m_queue;
    bool m_shutdown = false;
    int m_idleWorkers = 0;
    int m_finished = 0;
};

} // namespace

// with ThreadPoolExecutor(max_workers=k) as executor: list(executor.map(task, range(n)))
//
// The main thread submits every item (map submits eagerly), then waits for the results with
// the GIL released (WaitingLock), then shuts the executor down, joining its workers.
void runThreadPoolModel(ModelRun& run)
{
    const TimeNs cpuStart = threadCpuNs();
    Gil* const gil = run.gil();
    LaneWriter lane = run.addProcessLane();
    PythonThread main(lane, gil, run.stopToken());
    std::optional<std::uint16_t> failure;
    {
        Executor executor(run, gil, lane.id());
        int submitted = 0;
        try {
            main.begin(kNoTask);
            for (std::int32_t task = 0; task < run.config().tasks; ++task) {
                main.checkpoint();
                ++submitted; // queued even if its worker then fails to start
                executor.submit(task, main);
            }
        } catch (...) {
            failure = run.reportFailure(std::current_exception(), lane.id(), "MainProcess", kNoTask);
        }

        main.releaseFor(State::WaitingLock);
        // After a failed submit the results are not waited for (the exception leaves the
        // with-block), but shutdown still lets the started workers drain the queue.
        if (!failure)
            executor.waitForResults(submitted);
        executor.shutdown();
        executor.endUnfinishedTasks();
    }
    run.endMainThread(main, failure, cpuStart);
}

} // namespace interleave
