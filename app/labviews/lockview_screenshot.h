#pragma once

#include "timeline/timelinepalette.h"
#include "trace/trace.h"

#include <QImage>
#include <QSize>

#include <stop_token>
#include <string>

namespace CLI {
class App;
}

namespace interleave {

// The options of `interleave screenshot --view locks|deadlock`.
struct LabShotOptions {
    std::string demo = "lock"; // locks: lock, rlock, semaphore, event, condition, queue
    int threads = 0; // locks: threads (producers for queue); 0: the demo's default
    int consumers = 0; // locks, queue: consumers; 0: default
    int limit = 0; // locks: semaphore's k or queue's maxsize; 0: default
    bool plainLock = false; // locks, rlock: the same code with a plain Lock
    int philosophers = 5; // deadlock
    bool twoLocks = false; // deadlock: two locks in opposite orders instead
    bool ordered = false; // deadlock: fixed by lock ordering
};

// Adds the options above to the screenshot command.
void addLabShotOptions(CLI::App& shot, LabShotOptions& options);

// Whether --view names one of the lock lab's views.
bool isLabShotView(const std::string& view);

// Runs the view's demo for real and draws the view; see renderLockLabView and
// renderDeadlockView. Throws std::invalid_argument with a message for the user for bad
// options, std::runtime_error when stopped.
QImage renderLabShot(const std::string& view, const LabShotOptions& options, QSize size, qreal scale,
    TimelineTheme theme, std::stop_token stop);

// Runs the view's demo for real, as renderLabShot does, and gives back what it recorded: the
// trace its timeline shows (for an animation of it). Throws as renderLabShot does.
Trace recordLabShot(const std::string& view, const LabShotOptions& options, std::stop_token stop);

} // namespace interleave
