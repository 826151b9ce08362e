#pragma once

#include "run/jobpoller.h"
#include "teach/lesson_repeat.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace interleave {

// A lesson's run measured again (LessonRepeatJob) behind the Lessons panel: its runs on a
// thread of their own, their progress and outcome handed to the GUI thread by a JobPoller.
// One at a time; starting another abandons the one going.
class LessonRepeatRun : public QObject {
    Q_OBJECT

public:
    explicit LessonRepeatRun(QObject* parent = nullptr);
    ~LessonRepeatRun() override;

    // Called on the GUI thread: as the runs finish (done of total further runs) and once at
    // the end with what was measured.
    std::function<void(int done, int total)> onProgress;
    std::function<void(const RunConfig& config, const LessonRepeatJob::Outcome& outcome)> onFinished;

    // Measures config again beside the watched run's result; false with the reason when the
    // configuration cannot run.
    bool start(const RunConfig& config, const RunResult& watched, QString* error = nullptr);
    // Asks the runs to stop; onFinished still reports what ran.
    void stop();
    // Stops the runs and forgets them: nothing more is reported. The thread winds down on its
    // own and is joined when the next start or the destructor comes.
    void abandon();
    bool isRunning() const noexcept { return m_job != nullptr && !m_abandoned; }

private:
    void finish();

    RunConfig m_config;
    std::unique_ptr<LessonRepeatJob> m_job;
    bool m_abandoned = false;
    JobPoller::WatchId m_watch = 0;
    JobPoller m_poller; // last: destroyed first, so no tick reaches a destroyed job
};

} // namespace interleave
