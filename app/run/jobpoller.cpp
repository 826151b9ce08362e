#include "run/jobpoller.h"

#include <QPointer>

#include <algorithm>

namespace interleave {

struct JobPoller::Watch {
    WatchId id = 0;
    const BackgroundJob* job = nullptr; // null for a watch by its own test
    std::function<bool()> finished;
    Callbacks callbacks;
    JobProgress shownProgress;
    bool progressShown = false;
    bool ended = false; // finished or forgotten: no more callbacks
};

JobPoller::JobPoller(QObject* parent)
    : QObject(parent)
{
    m_timer.setInterval(kIntervalMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &JobPoller::pollNow);
}

JobPoller::~JobPoller() = default;

JobPoller::WatchId JobPoller::watch(const BackgroundJob& job, Callbacks callbacks)
{
    auto w = std::make_shared<Watch>();
    w->job = &job;
    w->finished = [&job] { return job.finished(); };
    w->callbacks = std::move(callbacks);
    return add(std::move(w));
}

JobPoller::WatchId JobPoller::watch(std::function<bool()> finished, Callbacks callbacks)
{
    auto w = std::make_shared<Watch>();
    w->finished = std::move(finished);
    w->callbacks = std::move(callbacks);
    return add(std::move(w));
}

JobPoller::WatchId JobPoller::add(std::shared_ptr<Watch> watch)
{
    watch->id = m_nextId++;
    m_watches.push_back(std::move(watch));
    if (!m_timer.isActive())
        m_timer.start();
    return m_watches.back()->id;
}

void JobPoller::remove(const std::shared_ptr<Watch>& watch)
{
    watch->ended = true;
    std::erase(m_watches, watch);
    if (m_watches.empty())
        m_timer.stop();
}

void JobPoller::forget(WatchId id)
{
    const auto it = std::find_if(
        m_watches.begin(), m_watches.end(), [id](const std::shared_ptr<Watch>& w) { return w->id == id; });
    if (it != m_watches.end())
        remove(std::shared_ptr<Watch>(*it));
}

bool JobPoller::isWatching(WatchId id) const
{
    return std::any_of(
        m_watches.begin(), m_watches.end(), [id](const std::shared_ptr<Watch>& w) { return w->id == id; });
}

void JobPoller::pollNow()
{
    // A callback may forget a watch, start a new one, destroy its job once finished, or even
    // destroy this poller: the ticks walk a copy, skip what has ended, and stop when this is gone.
    const QPointer<JobPoller> alive(this);
    const std::vector<std::shared_ptr<Watch>> watches = m_watches;
    for (const std::shared_ptr<Watch>& w : watches) {
        if (w->ended)
            continue;
        // finished() first, with acquire: when it is true, everything below is complete.
        const bool done = w->finished();
        if (w->job && w->callbacks.progress) {
            const JobProgress progress = w->job->progress();
            if (!w->progressShown || progress != w->shownProgress) {
                w->progressShown = true;
                w->shownProgress = progress;
                w->callbacks.progress(progress);
                if (!alive)
                    return;
            }
        }
        if (w->ended)
            continue;
        if (w->callbacks.snapshot) {
            w->callbacks.snapshot();
            if (!alive)
                return;
        }
        if (!done || w->ended)
            continue;
        const QString error = w->job ? QString::fromStdString(w->job->error()) : QString();
        remove(w);
        if (!error.isEmpty() && w->callbacks.failed)
            w->callbacks.failed(error);
        else if (w->callbacks.finished)
            w->callbacks.finished();
        if (!alive)
            return;
    }
}

} // namespace interleave
