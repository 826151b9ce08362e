#include "window/windowshot.h"

#include "labviews/lockview_support.h"
#include "offscreenscreens.h"
#include "panels/experimentpanel.h"
#include "run/runcontroller.h"
#include "teachviews/classroommode.h"
#include "timeline/timelinewidget.h"
#include "window/mainwindow.h"

#include <QDockWidget>
#include <QEventLoop>
#include <QLayout>
#include <QScreen>
#include <QTabWidget>
#include <QTimer>

#include <stdexcept>
#include <string>

namespace interleave {
namespace {

std::string sizeText(QSize size)
{
    return offscreenScreenName(size).toStdString();
}

// Delivers what showing, resizing, a change of mode or of tab left queued (the platform's new
// geometry, polish and layout requests): the event loop runs until a timer queued behind them
// fires. A layout that settles may ask for another pass: a few rounds, never a wait.
void settle(MainWindow& window)
{
    for (int round = 0; round < 3; ++round) {
        QEventLoop loop;
        QTimer::singleShot(0, &loop, &QEventLoop::quit);
        loop.exec(QEventLoop::ExcludeUserInputEvents);
        window.layout()->activate();
    }
}

// Run, as the toolbar's button does, and the event loop until the run has finished: the
// window's JobPoller drives it. A stop asked for (Ctrl+C) stops the run, which then finishes.
void runToTheEnd(MainWindow& window, const WindowShotSetup& setup, const std::stop_token& stop)
{
    QEventLoop loop;
    bool finished = false;
    QObject::connect(window.runController(), &RunController::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    QTimer stopCheck;
    QObject::connect(&stopCheck, &QTimer::timeout, &loop, [&] {
        if (stop.stop_requested())
            window.stopExperiment();
    });
    window.runExperiment();
    if (!window.runController()->isRunning())
        throw std::runtime_error("the run did not start");
    timeout.start(setup.timeoutSeconds * 1000);
    stopCheck.start(10);
    loop.exec();
    if (stop.stop_requested())
        throw std::runtime_error("stopped before the end");
    if (!finished)
        throw std::runtime_error("the run did not finish within " + std::to_string(setup.timeoutSeconds)
            + " s (--timeout); nothing written");
}

// The index of the tab of that name ("Deadlock", any case); the Timeline's for no name.
int tabIndex(const MainWindow& window, const QString& name)
{
    if (name.isEmpty())
        return 0;
    const QStringList names = windowShotTabs(window);
    for (int i = 0; i < names.size(); ++i)
        if (names[i].compare(name, Qt::CaseInsensitive) == 0)
            return i;
    throw std::invalid_argument("the window has no tab '" + name.toStdString() + "' (it has "
            + names.join(QStringLiteral(", ")).toStdString() + ")");
}

} // namespace

std::unique_ptr<MainWindow> showWindowForShot(const WindowShotSetup& setup, std::stop_token stop)
{
    QScreen* screen = offscreenScreenOfSize(setup.size);
    if (screen == nullptr)
        throw std::invalid_argument("no screen of " + sizeText(setup.size) + " to lay the window out on");
    if (auto problem = validate(setup.config))
        throw std::invalid_argument(*problem);
    if (setup.timeoutSeconds < 1)
        throw std::invalid_argument("--timeout must be at least 1 second");

    auto window = std::make_unique<MainWindow>();
    window->setScreen(screen);
    window->move(screen->availableGeometry().topLeft());
    window->resize(setup.size);
    window->show();
    window->lessonDock()->show();
    window->setTheme(setup.theme);
    if (setup.classroom)
        window->classroomMode()->setEnabled(true);
    // The tab is found before the run: a wrong name should not cost one.
    const int tab = tabIndex(*window, setup.tab);
    settle(*window);

    window->experimentPanel()->setConfig(setup.config);
    if (window->experimentPanel()->config() != setup.config)
        throw std::invalid_argument("the Experiment panel cannot hold this run's values as given");
    runToTheEnd(*window, setup, stop);
    window->views()->setCurrentIndex(tab);
    settle(*window);
    window->timeline()->fitToTrace();
    return window;
}

QImage drawWindowShot(MainWindow& window, QSize size, qreal scale)
{
    return paintWidget(window, size, scale);
}

QStringList windowShotTabs(const MainWindow& window)
{
    QStringList names;
    for (int i = 0; i < window.views()->count(); ++i)
        names << window.views()->tabText(i).remove(QLatin1Char('&'));
    return names;
}

} // namespace interleave
