#include "lab/deadlock.h"

#include "engine/lane_thread.h"
#include "engine/python_thread.h"
#include "lab/lock_demos_lock_table.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <system_error>
#include <unistd.h>
#include <utility>
#include <vector>

namespace interleave {
namespace {

// One thread of the scenario: its name and its two locks, in the order it takes them.
struct Diner {
    std::string name;
    int first = 0;
    int second = 0;
};

std::vector<Diner> seatDiners(const DeadlockConfig& config, LockTable& table)
{
    std::vector<Diner> diners;
    std::vector<int> locks;
    if (config.scenario == DeadlockScenario::TwoLocks) {
        locks = {table.addLock("lock-a"), table.addLock("lock-b")};
        diners = {{"worker-1", locks[0], locks[1]}, {"worker-2", locks[1], locks[0]}};
    } else {
        const int n = config.philosophers;
        for (int i = 0; i < n; ++i)
            locks.push_back(table.addLock("fork-" + std::to_string(i + 1)));
        // Philosopher i sits between fork i (left) and fork i + 1 (right), wrapping around.
        for (int i = 0; i < n; ++i)
            diners.push_back({"philosopher-" + std::to_string(i + 1), locks[static_cast<std::size_t>(i)],
                locks[static_cast<std::size_t>((i + 1) % n)]});
    }
    if (config.ordered) {
        // One global order, by lock number: the cycle needs someone to take a higher lock
        // first and then wait for a lower one, which nobody now does.
        for (Diner& d : diners) {
            if (d.first > d.second)
                std::swap(d.first, d.second);
        }
    }
    for (Diner& d : diners)
        table.addThread(d.name);
    return diners;
}

} // namespace

std::string deadlockTitle(const DeadlockConfig& config)
{
    std::string title = config.scenario == DeadlockScenario::TwoLocks
        ? std::string("Deadlock: two locks taken in opposite orders")
        : "Dining philosophers (" + std::to_string(config.philosophers) + ")";
    if (config.ordered)
        title += ", fixed by lock ordering";
    return title;
}

std::string deadlockExplanation(const DeadlockConfig& config)
{
    if (config.scenario == DeadlockScenario::TwoLocks) {
        if (config.ordered)
            return "Both workers now take lock-a before lock-b. Whoever gets lock-a first also gets "
                   "lock-b; the other simply waits its turn. With one global order a cycle of waits "
                   "cannot form, so the run always completes.";
        return "worker-1 takes lock-a then lock-b; worker-2 takes lock-b then lock-a. Each gets its "
               "first lock, pauses, then waits for the other's: each waits for a lock the other will "
               "only release after getting the one it is waiting for. Neither can ever move. A "
               "watchdog finds the cycle in the wait-for graph and stops the run.";
    }
    if (config.ordered)
        return "Every philosopher now picks up the lower-numbered of their two forks first. The last "
               "philosopher, whose left fork is the highest, reaches for fork-1 first instead and so "
               "cannot close the circle: someone always gets both forks, eats, and puts them down. "
               "The run completes.";
    return "Each philosopher picks up the left fork, pauses, then reaches for the right one, which "
           "the neighbour already holds. Everyone holds one fork and waits for the next: a circle of "
           "waits, a deadlock. In the wait-for graph (philosopher waits for fork, fork held by "
           "philosopher) it is a cycle; a watchdog finds it, reports it and stops the run.";
}

std::string deadlockPython(const DeadlockConfig& config)
{
    if (config.scenario == DeadlockScenario::TwoLocks) {
        if (config.ordered)
            return "a, b = threading.Lock(), threading.Lock()\n\n"
                   "def worker():\n"
                   "    with a:                   # everyone: a, then b\n"
                   "        time.sleep(0.03)\n"
                   "        with b:\n"
                   "            transfer()";
        return "a, b = threading.Lock(), threading.Lock()\n\n"
               "def worker_1():\n"
               "    with a:\n"
               "        time.sleep(0.03)\n"
               "        with b: transfer()\n\n"
               "def worker_2():\n"
               "    with b:                   # the opposite order\n"
               "        time.sleep(0.03)\n"
               "        with a: transfer()";
    }
    const std::string n = std::to_string(config.philosophers);
    std::string code = "forks = [threading.Lock() for _ in range(" + n + ")]\n\n";
    code += "def philosopher(i):\n";
    code += "    left, right = i, (i + 1) % " + n + "\n";
    if (config.ordered)
        code += "    first = forks[min(left, right)]   # one global order\n"
                "    second = forks[max(left, right)]\n";
    else
        code += "    first, second = forks[left], forks[right]\n";
    code += "    with first:\n"
            "        time.sleep(0.03)      # reach for the other fork\n"
            "        with second:\n"
            "            eat()";
    return code;
}

std::optional<DeadlockConfig> deadlockConfigFromMetadata(const std::map<std::string, std::string>& metadata)
{
    const auto value = [&metadata](const std::string& key) -> std::string {
        const auto it = metadata.find(key);
        return it == metadata.end() ? std::string() : it->second;
    };
    if (value("lab") != "deadlock")
        return std::nullopt;
    DeadlockConfig config;
    if (value("scenario") == "two-locks")
        config.scenario = DeadlockScenario::TwoLocks;
    const std::string philosophers = value("philosophers");
    int count = 0;
    const auto [end, error] = std::from_chars(philosophers.data(), philosophers.data() + philosophers.size(), count);
    if (error == std::errc() && end == philosophers.data() + philosophers.size()
        && count >= DeadlockConfig::kMinPhilosophers && count <= DeadlockConfig::kMaxPhilosophers)
        config.philosophers = count;
    config.ordered = value("ordered") == "yes";
    return config;
}

DeadlockResult runDeadlockDemo(const DeadlockConfig& config, Recorder& recorder, std::stop_token stop,
    std::function<void(const WaitForGraph&)> onGraph)
{
    if (auto problem = validate(config))
        throw std::invalid_argument(*problem);
    recorder.setMetadata("lab", "deadlock");
    recorder.setMetadata(
        "scenario", config.scenario == DeadlockScenario::TwoLocks ? "two-locks" : "philosophers");
    if (config.scenario == DeadlockScenario::Philosophers)
        recorder.setMetadata("philosophers", std::to_string(config.philosophers));
    recorder.setMetadata("ordered", config.ordered ? "yes" : "no");

    LockTable table(&recorder); // its lock log goes into the trace, for the replay's wait-for graph
    const std::vector<Diner> diners = seatDiners(config, table);
    const int count = static_cast<int>(diners.size());

    DeadlockResult result;
    result.mealsPlanned = count * config.meals;
    int meals = 0; // under table.guard()
    int atTable = 0; // under table.guard(): threads ready to start their first meal

    std::stop_callback onStop(stop, [&table] { table.requestStop(); });
    result.startedAt = nowNs();

    std::vector<LaneThread> threads;
    std::vector<LaneId> lanes(static_cast<std::size_t>(count), kNoLane);
    threads.reserve(static_cast<std::size_t>(count));
    const auto body = [&](int index, LaneWriter lane) {
        const Diner& me = diners[static_cast<std::size_t>(index)];
        bool ok = true;
        {
            // Everyone sits down before anyone eats, so the first meal starts together. The
            // lane stays Starting meanwhile: the thread has not begun its task.
            std::unique_lock guard = table.guard();
            ++atTable;
            table.notifyAll();
            ok = table.waitUntil(guard, [&] { return atTable == count; });
        }
        for (int meal = 0; ok && meal < config.meals; ++meal) {
            lane.record(State::BlockedIo); // thinking: sleeping, holding nothing
            if (!(ok = table.sleepFor(config.thinkNs)))
                break;
            lane.record(State::Running);
            if (!(ok = table.acquire(index, me.first, &lane) == LockTable::Outcome::Acquired))
                break;
            lane.record(State::BlockedIo); // time.sleep() with the first lock held
            ok = table.sleepFor(config.pauseNs)
                && table.acquire(index, me.second, &lane, meal) == LockTable::Outcome::Acquired;
            if (ok) {
                ok = table.sleepFor(config.eatNs); // Running, both locks held
                lane.record(State::Running); // done eating: the next span starts before the release
                table.release(index, me.second);
                if (ok) {
                    std::unique_lock guard = table.guard();
                    ++meals;
                }
            }
            table.release(index, me.first);
        }
        if (ok)
            lane.record(State::Done, kNoTask, kEndNormal);
        else
            lane.record(State::Stopped, kNoTask, kEndCancelled);
    };
    try {
        for (int i = 0; i < count; ++i) {
            LaneInfo info;
            info.kind = LaneKind::Thread;
            info.pid = static_cast<std::int32_t>(::getpid());
            info.name = diners[static_cast<std::size_t>(i)].name;
            threads.emplace_back(recorder, std::move(info), [&body, i](LaneWriter lane) { body(i, lane); });
            lanes[static_cast<std::size_t>(i)] = threads.back().lane();
        }
    } catch (...) {
        table.requestStop(); // those already started give up; the vector's destructor joins them
        throw;
    }

    // Started after every lane exists, so a report can name the lane of its first thread.
    const auto onReport = [&](const DeadlockReport& report) {
        recorder.addNote(lanes[static_cast<std::size_t>(report.indices.threads.front())], report.detectedAt,
            "Deadlock: " + report.description);
    };
    DeadlockWatchdog watchdog(table, config.watchdogPollNs, DeadlockWatchdog::Response::StopRun, onReport,
        onGraph, config.showDeadlockNs);
    for (LaneThread& t : threads)
        t.join();
    watchdog.close();

    result.wallNs = nowNs() - result.startedAt;
    std::vector<DeadlockReport> reports = watchdog.reports();
    result.deadlocked = !reports.empty();
    result.stopped = stop.stop_requested();
    {
        std::unique_lock guard = table.guard();
        result.meals = meals;
    }
    if (result.deadlocked) {
        result.report = std::move(reports.front());
        result.detectedAfterNs = result.report->detectedAt - result.startedAt;
        result.graph = result.report->graph;
    } else {
        // The final state: every lock free, nobody waiting.
        result.graph = table.graph();
        if (onGraph)
            onGraph(result.graph);
    }
    return result;
}

DeadlockRun::DeadlockRun(DeadlockConfig config)
    : m_config(config)
{
}

void DeadlockRun::start()
{
    if (auto problem = validate(m_config))
        throw std::invalid_argument(*problem);
    m_thread.start([this](Recorder& recorder, std::stop_token stop) {
        try {
            m_result
                = runDeadlockDemo(m_config, recorder, std::move(stop), [this](const WaitForGraph& graph) {
                      std::lock_guard lock(m_graphMutex);
                      m_graph = graph;
                  });
        } catch (const std::exception& e) {
            m_error = e.what();
        }
    });
}

WaitForGraph DeadlockRun::liveGraph() const
{
    std::lock_guard lock(m_graphMutex);
    return m_graph;
}

} // namespace interleave
