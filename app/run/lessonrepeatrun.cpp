#include "run/lessonrepeatrun.h"

#include <stdexcept>
#include <utility>

namespace interleave {

LessonRepeatRun::LessonRepeatRun(QObject* parent)
    : QObject(parent)
{
}

LessonRepeatRun::~LessonRepeatRun()
{
    m_poller.forget(m_watch);
    if (m_job)
        m_job->requestStop(); // the job's destructor joins
}

bool LessonRepeatRun::start(const RunConfig& config, const RunResult& watched, QString* error)
{
    abandon();
    m_poller.forget(m_watch);
    m_job.reset(); // a job abandoned was asked to stop: joining it is short
    auto job = std::make_unique<LessonRepeatJob>(config, watched);
    try {
        job->start();
    } catch (const std::exception& e) {
        if (error != nullptr)
            *error = QString::fromStdString(e.what());
        return false;
    }
    m_config = config;
    m_job = std::move(job);
    m_abandoned = false;
    const auto total = static_cast<int>(m_job->job().progress().total);
    if (onProgress)
        onProgress(0, total);
    m_watch = m_poller.watch(m_job->job(),
        {.progress =
                [this](JobProgress progress) {
                    if (onProgress && !m_abandoned)
                        onProgress(static_cast<int>(progress.done), static_cast<int>(progress.total));
                },
            .finished = [this] { finish(); },
            .failed = [this](const QString&) { finish(); }});
    return true;
}

void LessonRepeatRun::stop()
{
    if (m_job && !m_abandoned)
        m_job->requestStop();
}

void LessonRepeatRun::abandon()
{
    if (!m_job)
        return;
    m_abandoned = true;
    m_job->requestStop();
}

void LessonRepeatRun::finish()
{
    if (!m_job || m_abandoned)
        return;
    const LessonRepeatJob::Outcome outcome = m_job->outcome();
    m_abandoned = true; // reported: no second report, and the next start joins it
    if (onFinished)
        onFinished(m_config, outcome);
}

} // namespace interleave
