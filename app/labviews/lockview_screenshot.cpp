#include "labviews/lockview_screenshot.h"

#include "labviews/deadlockview.h"
#include "labviews/lockview.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace interleave {

void addLabShotOptions(CLI::App& shot, LabShotOptions& options)
{
    shot.add_option("--demo", options.demo, "--view locks: lock, rlock, semaphore, event, condition or queue")
        ->capture_default_str();
    shot.add_option("--lock-threads", options.threads,
        "--view locks: threads (producers for queue); default: the demo's own");
    shot.add_option("--consumers", options.consumers, "--view locks, queue: consumers");
    shot.add_option("--limit", options.limit, "--view locks: the semaphore's k, or the queue's maxsize");
    shot.add_flag(
        "--plain-lock", options.plainLock, "--view locks, rlock: re-enter a plain Lock (self-deadlock)");
    shot.add_option("--philosophers", options.philosophers, "--view deadlock: how many philosophers, 2 to 10")
        ->capture_default_str();
    shot.add_flag("--two-locks", options.twoLocks, "--view deadlock: two locks in opposite orders instead");
    shot.add_flag("--ordered", options.ordered, "--view deadlock: fixed by lock ordering");
}

bool isLabShotView(const std::string& view)
{
    return view == "locks" || view == "deadlock";
}

namespace {

DeadlockConfig deadlockConfigOf(const LabShotOptions& options)
{
    DeadlockConfig config;
    config.scenario = options.twoLocks ? DeadlockScenario::TwoLocks : DeadlockScenario::Philosophers;
    config.philosophers = options.philosophers;
    config.ordered = options.ordered;
    return config;
}

LockDemoConfig lockDemoConfigOf(const LabShotOptions& options)
{
    const std::optional<LockDemo> demo = lockDemoFromName(options.demo);
    if (!demo)
        throw std::invalid_argument(
            "--demo must be lock, rlock, semaphore, event, condition or queue, not '" + options.demo + "'");
    LockDemoConfig config = lockDemoDefaults(*demo);
    if (options.threads != 0)
        config.threads = options.threads;
    if (options.consumers != 0)
        config.consumers = options.consumers;
    if (options.limit != 0)
        config.limit = options.limit;
    config.plainLock = options.plainLock;
    return config;
}

void checkLabView(const std::string& view)
{
    if (!isLabShotView(view))
        throw std::invalid_argument("--view must be locks or deadlock here, not '" + view + "'");
}

} // namespace

QImage renderLabShot(const std::string& view, const LabShotOptions& options, QSize size, qreal scale,
    TimelineTheme theme, std::stop_token stop)
{
    checkLabView(view);
    if (view == "deadlock")
        return renderDeadlockView(deadlockConfigOf(options), size, scale, theme, std::move(stop));
    return renderLockLabView(lockDemoConfigOf(options), size, scale, theme, std::move(stop));
}

Trace recordLabShot(const std::string& view, const LabShotOptions& options, std::stop_token stop)
{
    checkLabView(view);
    Recorder recorder;
    if (view == "deadlock") {
        DeadlockConfig config = deadlockConfigOf(options);
        if (auto problem = validate(config))
            throw std::invalid_argument(*problem);
        // As the view runs it: the deadlock stays up long enough to be seen.
        config.showDeadlockNs = std::max(config.showDeadlockNs, DeadlockView::kShowDeadlockNs);
        runDeadlockDemo(config, recorder, stop);
    } else {
        const LockDemoConfig config = lockDemoConfigOf(options);
        if (auto problem = validate(config))
            throw std::invalid_argument(*problem);
        runLockDemo(config, recorder, stop);
    }
    if (stop.stop_requested())
        throw std::runtime_error("stopped before the end");
    return Trace::fromSnapshot(recorder.snapshot());
}

} // namespace interleave
