#include "cli/commandline.h"
#include "cli/commands.h"
#include "drawcommands/drawingcommands.h"
#include "drawcommands/quietqt.h"
#include "interleave/version.h"
#include "jobs/background_job.h"
#include "startupmarks.h"
#include "timeline/timelinewidget.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QFile>
#include <QIcon>
#include <QScreen>
#include <QTimer>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

namespace {

// The README quotes this line: keep the two alike.
constexpr const char* kNoDisplayLine
    = "interleave: no display to open a window on; the commands need none (see 'interleave --help')";

bool isSet(const char* name)
{
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0';
}

// Qt aborts (SIGABRT) when the platform it is told to use cannot start: a stale DISPLAY, an
// X server that refuses us, QT_QPA_PLATFORM=xcb or wayland with no display at all. Told to
// fall back to the offscreen platform instead, it always starts, and the caller can see that
// it got no display. The platform asked for (QT_QPA_PLATFORM, else Wayland when a Wayland
// display is named, else X11) is tried first, as Qt itself would.
std::string platformsToTry()
{
    std::string asked = isSet("QT_QPA_PLATFORM") ? std::getenv("QT_QPA_PLATFORM")
        : isSet("WAYLAND_DISPLAY")               ? "wayland;xcb"
                                                 : "xcb";
    if (asked.find("offscreen") == std::string::npos)
        asked += ";offscreen";
    return asked;
}

// Whoever asks for the offscreen platform by name gets an invisible window, as asked.
bool offscreenAskedFor()
{
    const char* platform = std::getenv("QT_QPA_PLATFORM");
    return platform != nullptr && std::string(platform).starts_with("offscreen");
}

// The default size, unless the screen is smaller (a projector at 1024x768, 1280x800): then
// the window takes the screen's free area, leaving room for the title bar, which the window
// manager adds and Qt only knows once the window is shown.
void fitToScreen(QWidget& window)
{
    constexpr int kTitleBarRoom = 40;
    if (const QScreen* screen = window.screen()) {
        const QRect available = screen->availableGeometry();
        const QSize room = available.size() - QSize(0, kTitleBarRoom);
        if (room.width() < window.width() || room.height() < window.height()) {
            window.resize(window.size().boundedTo(room));
            window.move(available.topLeft());
        }
    }
}

// Once shown, the frame is known: a window whose frame still reaches past the screen's free
// area (a taller title bar, a panel) gives up what sticks out, so its status bar stays visible.
void keepFrameOnScreen(QWidget& window)
{
    const QScreen* screen = window.screen();
    if (screen == nullptr || window.isMaximized() || window.isFullScreen())
        return;
    const QRect available = screen->availableGeometry();
    const QRect frame = window.frameGeometry();
    if (available.contains(frame))
        return;
    const QSize decoration = frame.size() - window.size();
    window.resize(window.size().boundedTo(available.size() - decoration));
    window.move(available.topLeft());
}

} // namespace

int main(int argc, char** argv)
{
    interleave::StartupMarks::mark("main");
    // The command line comes first, before any Qt: --help, --version and every command work
    // on a machine without a display (those that draw make an offscreen application).
    const interleave::cli::CommandLineResult result = interleave::cli::runCommandLine(
        argc, argv, std::cout, std::cerr, interleave::cli::drawingCommands());
    if (!result.launchGui)
        return result.status;

    if (!isSet("DISPLAY") && !isSet("WAYLAND_DISPLAY") && !isSet("QT_QPA_PLATFORM")) {
        std::cerr << kNoDisplayLine << std::endl;
        return interleave::cli::kExitFailure;
    }

    const bool platformWasSet = qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
    const QByteArray platformWas = qgetenv("QT_QPA_PLATFORM");
    qputenv("QT_QPA_PLATFORM", QByteArray::fromStdString(platformsToTry()));
    std::unique_ptr<QApplication> application;
    {
        // The platforms that fail say so at length on the way to the fallback.
        const interleave::cli::QuietQt quiet;
        application = std::make_unique<QApplication>(argc, argv);
    }
    // Programs started from the window (a traced script) inherit the environment as it was.
    if (platformWasSet)
        qputenv("QT_QPA_PLATFORM", platformWas);
    else
        qunsetenv("QT_QPA_PLATFORM");
    if (QGuiApplication::platformName() == QLatin1String("offscreen") && !offscreenAskedFor()) {
        std::cerr << kNoDisplayLine << std::endl;
        return interleave::cli::kExitFailure;
    }
    // One look on every desktop, so the window's light and dark palettes apply in full.
    QApplication::setStyle(QStringLiteral("Fusion"));
    QApplication::setOrganizationName(interleave::MainWindow::settingsOrganization());
    QApplication::setApplicationName(QStringLiteral("Interleave"));
    QApplication::setApplicationVersion(QStringLiteral(INTERLEAVE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("interleave"));
    interleave::StartupMarks::mark("application");

    // The runs the window starts (4,096 threads, 256 processes) must never starve it.
    interleave::setBackgroundJobPriority(interleave::JobPriority::BehindOrdinaryThreads);
    interleave::MainWindow window;
    interleave::StartupMarks::mark("window-built");
    QApplication::setWindowIcon(window.windowIcon());
    // A saved geometry was restored by the window; the default size may still be too big.
    fitToScreen(window);
    window.show();
    // The window manager frames the window a moment after it is mapped.
    QTimer::singleShot(300, &window, [&window] { keepFrameOnScreen(window); });
    interleave::StartupMarks::mark("shown");
    if (interleave::StartupMarks::runsAfterFirstFrame()) {
        // bench startup --run: once the window is on screen, Run, and mark the run's first
        // frame on the timeline (the first paint that has lanes to draw).
        interleave::StartupMarks::watchFirstFrame(&window, [&window] {
            interleave::TimelineWidget* timeline = window.timeline();
            interleave::StartupMarks::watchFrame(timeline, "run-first-frame", [timeline] { return !timeline->trace().empty(); });
            interleave::StartupMarks::mark("run-pressed");
            window.runExperiment();
        });
    } else {
        interleave::StartupMarks::watchFirstFrame(&window);
    }
    if (!result.openPath.empty()) // interleave open FILE: a trace, a scenario or a Python script
        window.openFile(QFile::decodeName(result.openPath.c_str()));
    return QApplication::exec();
}
