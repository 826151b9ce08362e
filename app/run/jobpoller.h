#pragma once

#include "jobs/background_job.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace interleave {

// The GUI's side of every background job (an engine run, a lab run, a comparison, a Python
// session, a level-of-detail table): one timer at display rate looks at every job it watches
// and calls back on the GUI thread. The jobs' threads never touch Qt; views only draw what the
// callbacks hand them.
//
// It keeps BackgroundJob's ordering rule so that no view has to: each tick reads finished()
// first and calls snapshot after it, so the snapshot taken on the tick that sees the end (the
// last one, before finished or failed) is complete.
class JobPoller : public QObject {
    Q_OBJECT

public:
    // A frame at 60 Hz: what the timeline repaints at. Idle (no job watched), the timer stops.
    static constexpr int kIntervalMs = 16;

    using WatchId = std::uint64_t;

    struct Callbacks {
        // Every tick while the job runs and once more on the tick that sees it finished:
        // take the job's snapshot and draw it.
        std::function<void()> snapshot {};
        // When the job's progress changed (BackgroundJob watches only), before snapshot.
        std::function<void(JobProgress)> progress {};
        // The job has ended without an error. The watch is gone by then: the callback may
        // destroy the job, or start and watch the next.
        std::function<void()> finished {};
        // The job has ended with an error (its message); without this, finished is called.
        std::function<void(const QString& error)> failed {};
    };

    explicit JobPoller(QObject* parent = nullptr);
    ~JobPoller() override;

    // Watches job until it has finished, and reports its progress and error. The job must
    // outlive the watch: forget() it before destroying a job that has not finished.
    WatchId watch(const BackgroundJob& job, Callbacks callbacks);
    // Watches work that is not a BackgroundJob (a std::future, a session with threads of its
    // own) through its own test for the end, which must read with acquire as
    // BackgroundJob::finished() does.
    WatchId watch(std::function<bool()> finished, Callbacks callbacks);
    // Stops watching: no callback for it comes any more. Harmless for an ended watch.
    void forget(WatchId id);
    bool isWatching(WatchId id) const;
    int watchCount() const noexcept { return static_cast<int>(m_watches.size()); }
    bool isTicking() const noexcept { return m_timer.isActive(); }

    // Looks at every watched job now, as a tick of the timer does.
    void pollNow();

private:
    struct Watch;
    WatchId add(std::shared_ptr<Watch> watch);
    void remove(const std::shared_ptr<Watch>& watch);

    std::vector<std::shared_ptr<Watch>> m_watches;
    WatchId m_nextId = 1;
    QTimer m_timer;
};

} // namespace interleave
