#pragma once

class QWidget;

namespace interleave {

// Where the window's start-up spends its time, for `interleave bench startup` and for anyone
// curious: with INTERLEAVE_STARTUP_MARKS set, each mark prints one line to stderr,
//     interleave-startup <mark> <CLOCK_MONOTONIC ns>
// on the clock that the parent, which started the program, can read too. Set to "quit", the
// program also quits once its window's first frame is painted.
class StartupMarks {
public:
    static bool enabled();
    static void mark(const char* what);
    // Marks "first-frame" once the window's first paint has been delivered and the event loop
    // comes round again (the frame is then on its way to the screen).
    static void watchFirstFrame(QWidget* window);
};

} // namespace interleave
