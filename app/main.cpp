#include "cli/commandline.h"
#include "interleave/version.h"
#include "mainwindow.h"
#include "startupmarks.h"

#include <QApplication>
#include <QFile>
#include <QIcon>
#include <QScreen>

#include <cstdlib>
#include <iostream>

namespace {

// Without any display Qt would abort with a page of plugin errors; one line says more.
bool haveDisplay()
{
    const auto set = [](const char* name) {
        const char* value = std::getenv(name);
        return value != nullptr && *value != '\0';
    };
    return set("DISPLAY") || set("WAYLAND_DISPLAY") || set("QT_QPA_PLATFORM");
}

// The default size, unless the screen is smaller (a projector at 1024x768).
void fitToScreen(QWidget& window)
{
    if (const QScreen* screen = window.screen()) {
        const QSize available = screen->availableGeometry().size();
        if (available.width() < window.width() || available.height() < window.height())
            window.resize(window.size().boundedTo(available * 0.95));
    }
}

} // namespace

int main(int argc, char** argv)
{
    interleave::StartupMarks::mark("main");
    // The command line comes first, before any Qt: --help, --version and every command work
    // on a machine without a display.
    const interleave::cli::CommandLineResult result
        = interleave::cli::runCommandLine(argc, argv, std::cout, std::cerr);
    if (!result.launchGui)
        return result.status;

    if (!haveDisplay()) {
        std::cerr << "interleave: no display (DISPLAY and WAYLAND_DISPLAY are not set); "
                     "try 'interleave demo' for a run without a window\n";
        return interleave::cli::kExitFailure;
    }

    QApplication app(argc, argv);
    // One look on every desktop, so the window's light and dark palettes apply in full.
    QApplication::setStyle(QStringLiteral("Fusion"));
    QApplication::setOrganizationName(interleave::MainWindow::settingsOrganization());
    QApplication::setApplicationName(QStringLiteral("Interleave"));
    QApplication::setApplicationVersion(QStringLiteral(INTERLEAVE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("interleave"));
    interleave::StartupMarks::mark("application");

    interleave::MainWindow window;
    interleave::StartupMarks::mark("window-built");
    QApplication::setWindowIcon(window.windowIcon());
    // A saved geometry was restored by the window; the default size may still be too big.
    fitToScreen(window);
    window.show();
    interleave::StartupMarks::mark("shown");
    interleave::StartupMarks::watchFirstFrame(&window);
    if (!result.openPath.empty()) { // interleave open FILE: a trace, or a Python script
        const QString path = QFile::decodeName(result.openPath.c_str());
        if (path.endsWith(QLatin1String(".py"), Qt::CaseInsensitive))
            window.openPythonScript(path);
        else
            window.openTrace(path);
    }
    return QApplication::exec();
}
