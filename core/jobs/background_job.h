#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <utility>

namespace interleave {

// How far a job has come: done of total steps (total 0: the job does not count its steps).
// done only grows while a job runs.
struct JobProgress {
    std::int64_t done = 0;
    std::int64_t total = 0;

    friend bool operator==(const JobProgress&, const JobProgress&) = default;
};

// How the threads of background jobs share the CPUs with the rest of the program.
enum class JobPriority {
    Ordinary, // as the thread that starts the job
    // Behind the program's other threads (runBehindOrdinaryThreads()), with every thread and
    // process the job starts: what a window sets, so that no run it starts can starve it.
    BehindOrdinaryThreads,
};
// For every job started from now on; the jobs that run keep theirs. Ordinary until set.
void setBackgroundJobPriority(JobPriority priority) noexcept;
JobPriority backgroundJobPriority() noexcept;

// One piece of work on a thread of its own, for a reader that polls it (the GUI's timer, a
// test): start it, stop it at any moment, read its progress and a snapshot of what it has made
// so far, learn that it has finished and whether it failed. Nothing here calls Qt.
//
// The ordering rule, once for every job: the body's last write happens before finished()
// turns true (a release store after the body returns), and finished() reads with acquire. So
// a reader that reads finished() FIRST and takes its snapshot AFTER sees, when finished() was
// true, a complete snapshot. Taken the other way round, the last records can be missing from
// the last snapshot.
//
// The owner of a job whose body writes into the owner's members declares the BackgroundJob
// last among them (or calls stopAndJoin() in its destructor): members are destroyed in reverse
// order, so the thread is joined before what it writes goes away.
class BackgroundJob {
public:
    using Body = std::function<void(std::stop_token)>;

    BackgroundJob() = default;
    ~BackgroundJob() { stopAndJoin(); }
    BackgroundJob(const BackgroundJob&) = delete;
    BackgroundJob& operator=(const BackgroundJob&) = delete;

    // Runs body on the job's thread, at backgroundJobPriority(). An exception the body throws ends the job with its
    // message as error(); it never escapes the thread. A system that refuses the thread ends
    // the job at once with that as its error. Throws std::logic_error when called twice.
    void start(Body body);
    // Asks the body to stop (its stop_token); harmless before start() (the body then sees the
    // stop at once) and after the end.
    void requestStop() noexcept { m_stop.request_stop(); }
    bool stopRequested() const noexcept { return m_stop.stop_requested(); }
    // Requests a stop and waits for the thread. The destructor does the same.
    void stopAndJoin() noexcept;

    bool started() const noexcept { return m_started; }
    // True once the body has returned (or failed to start); acquire: what the body wrote is
    // then visible to the caller.
    bool finished() const noexcept { return m_finished.load(std::memory_order_acquire); }
    // Why the job failed; empty while it runs and when it succeeded.
    std::string error() const { return finished() ? m_error : std::string(); }

    // The body's progress. Set the total before start() or from the body; advance from the
    // body (one writer). progress() reads from any thread.
    void setProgressTotal(std::int64_t total) noexcept { m_total.store(total, std::memory_order_release); }
    void advanceProgress(std::int64_t steps = 1) noexcept { m_done.fetch_add(steps, std::memory_order_release); }
    JobProgress progress() const noexcept
    {
        return {m_done.load(std::memory_order_acquire), m_total.load(std::memory_order_acquire)};
    }

private:
    std::stop_source m_stop;
    std::atomic<std::int64_t> m_done {0};
    std::atomic<std::int64_t> m_total {0};
    std::string m_error; // written before m_finished's release store, read after its acquire
    std::atomic<bool> m_finished {false};
    bool m_started = false;
    std::thread m_thread; // last: joined before the members above go away
};

// A value the job's thread replaces from time to time and any thread reads whole: the
// snapshot of partial results a job hands out (the runs so far, the live objects of the
// current run). One short lock per read or write, never held while the job works.
template <class T>
class JobSnapshot {
public:
    JobSnapshot() = default;
    explicit JobSnapshot(T initial)
        : m_value(std::move(initial))
    {
    }

    T get() const
    {
        std::lock_guard lock(m_mutex);
        return m_value;
    }
    void set(T value)
    {
        std::lock_guard lock(m_mutex);
        m_value = std::move(value);
    }
    // Changes the value in place under the lock (append a run, bump a count).
    template <class Change>
    void update(Change&& change)
    {
        std::lock_guard lock(m_mutex);
        std::forward<Change>(change)(m_value);
    }

private:
    mutable std::mutex m_mutex;
    T m_value {};
};

} // namespace interleave
