#pragma once

#include <functional>

class QWidget;

namespace interleave {

// Where the window's start-up spends its time, for `interleave bench startup` and for anyone
// curious: with INTERLEAVE_STARTUP_MARKS set, each mark prints one line to stderr,
//     interleave-startup <mark> <CLOCK_MONOTONIC ns>
// on the clock that the parent, which started the program, can read too. Set to "quit", the
// program also quits once its window's first frame is painted; set to "run", it then presses
// Run and quits once the first frame of the run is painted.
class StartupMarks {
public:
    static bool enabled();
    static bool runsAfterFirstFrame();
    static void mark(const char* what);
    // Marks `what` once `widget`'s first paint for which `ready()` holds has been delivered and
    // the event loop comes round again (the frame is then on its way to the screen), then calls
    // `then` (when set) or, with the setting "quit", quits.
    static void watchFrame(QWidget* widget, const char* what, std::function<bool()> ready = {},
        std::function<void()> then = {});
    // watchFrame(window, "first-frame").
    static void watchFirstFrame(QWidget* window, std::function<void()> then = {});
};

} // namespace interleave
