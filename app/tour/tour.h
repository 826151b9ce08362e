#pragma once

#include "teach/lesson.h"
#include "timeline/timelinepalette.h"
#include "tour/tourplan.h"

#include <QSize>
#include <QString>

#include <functional>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <vector>

namespace interleave {

// The tour: every lesson run for real and its views drawn to PNG files, with no display, as a
// tutorial shows them. Fixed sizes, parameters and answers; only the measured timings differ
// from one tour to the next.

struct TourSettings {
    QSize size {1600, 900}; // logical pixels of every picture
    qreal scale = 1; // device pixels per logical pixel
    TimelineTheme theme = TimelineTheme::Light;
    std::string workerPath; // the process worker; empty: beside this program
    std::string python = "python3"; // runs the programs of the "python" views
    int compareRepeat = 3; // runs per model in the comparison pictures (1..kMaxRepeat)
    // Only these lessons (ids) are drawn; empty: every one. The lesson panel still lists all.
    std::vector<std::string> only;
    // One animation per lesson with a run: the replay of that run (kTourReplayView), at the
    // lesson's replay speed, or faster where that would take more than kMaxTourReplaySeconds.
    bool animate = false;
};

// The longest a tour's animation plays before its end is held.
inline constexpr double kMaxTourReplaySeconds = 20;

struct TourPicture {
    TourShot shot;
    QString path;
    double replaySpeed = 0; // an animation's: the replay's speed (trace time per real time)
};

// A picture that could not be drawn or written; the message names the lesson and view.
class TourError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct TourOutcome {
    std::vector<TourPicture> written;
    bool stopped = false; // stop was requested: what was written so far is whole
};

// Draws planTour(lessons) (only the lessons of settings.only, when given) into dir (which must exist and be
// writable), lesson by lesson: each lesson's run (runLessonScenario) is made once and shown by its lesson
// panel, timeline and lanes; the compare view runs its own comparison (CompareView::settingsFor), lab views their
// own demo (labConfigFor), the Python view traces the lesson's example program with
// settings.python. Every file is written whole or not at all. written() is called
// after each file. Needs a QApplication; the application's palette is the theme's while it
// draws and restored after. Throws TourError for the first picture that fails (a run with
// errors, a lab parameter the lab refuses, a file that cannot be written).
TourOutcome runTour(const std::vector<Lesson>& lessons, const QString& dir, const TourSettings& settings,
    const std::function<void(const TourPicture&)>& written = {}, std::stop_token stop = {});

} // namespace interleave
