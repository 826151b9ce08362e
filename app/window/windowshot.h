#pragma once

#include "engine/engine.h"
#include "timeline/timelinepalette.h"

#include <QImage>
#include <QSize>
#include <QString>

#include <memory>
#include <stop_token>

namespace interleave {

class MainWindow;

// `interleave screenshot --view window`: the whole main window as a user at a screen of a
// given size sees it after a run, drawn with no display. The command and the layout tests
// both build the window here, so what the tests measure is what the picture shows.
struct WindowShotSetup {
    RunConfig config;         // the run shown: put on the Experiment panel and run, as Run would
    QSize size {1600, 900};   // the window's size, and the size of the screen it is on
    TimelineTheme theme = TimelineTheme::Light;
    bool classroom = false;   // classroom mode (F6): full screen, large type, high contrast
    QString tab;              // the tab in front by its name ("Deadlock"); empty: Timeline
    int timeoutSeconds = 60;  // the longest the run may take
};

// The window on the application's screen of setup.size (offscreenScreenOfSize), at its top
// left, at that size (in classroom mode: full screen on it), with the Experiment and Lessons
// docks open and the run finished and drawn. Throws std::invalid_argument for a setup to
// change (no such screen, no such tab, a configuration the engine refuses) and
// std::runtime_error when the run does not end within the timeout or is stopped.
std::unique_ptr<MainWindow> showWindowForShot(const WindowShotSetup& setup, std::stop_token stop = {});

// The window as it stands, as much of it as a screen of `size` shows from its top left, in
// size * scale device pixels.
QImage drawWindowShot(MainWindow& window, QSize size, qreal scale);

// The names of the window's tabs, as --tab takes them ("Timeline", "Lanes", ...).
QStringList windowShotTabs(const MainWindow& window);

} // namespace interleave
