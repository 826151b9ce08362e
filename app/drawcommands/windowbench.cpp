#include "analysis/repeat_stats.h"
#include "cli/commandline.h"
#include "cli/commands.h"
#include "cli/runoptions.h"
#include "drawcommands/drawingcommands.h"
#include "drawcommands/offscreenapp.h"
#include "drawcommands/quietqt.h"
#include "jobs/background_job.h"
#include "panels/experimentpanel.h"
#include "run/runcontroller.h"
#include "timeline/timelinewidget.h"
#include "window/mainwindow.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTabWidget>
#include <QTimer>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iomanip>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace interleave::cli {
namespace {

struct WindowBenchOptions {
    RunConfig config = [] {
        RunConfig c;
        c.model = Model::Threads;
        c.workload = WorkloadKind::Io;
        c.tasks = 4096;
        c.latencyMs = 1000;
        return c;
    }();
    std::string tab = "timeline";
    // The priority of the run's threads and processes: behind the window's, as the window
    // starts them, or ordinary (equal to the window's), to measure what that buys.
    std::string runsAt = "behind";
    int afterMs = 2000;
    bool json = false;
};

// How late a timer set to fire every kProbeMs comes: the longest the event loop was busy, so
// the longest an input event (a key, a click) would have waited.
constexpr int kProbeMs = 5;
constexpr double kInputGoalMs = 100;

struct Lags {
    std::vector<double> ms;
    double worst() const { return quantileOf(ms, 1.0); }
    double p99() const { return quantileOf(ms, 0.99); }
};

// `interleave bench window`: the whole window, offscreen at 1280x800, during and after a run of
// many threads, processes or coroutines, with the Timeline or the Lanes tab shown: how long the
// event loop is ever busy (a 5 ms timer's lateness), against the goal of input handled within
// 100 ms.
int runWindowBench(const WindowBenchOptions& options, CommandIo& io)
{
    if (auto problem = validate(options.config)) {
        io.err << "interleave bench window: " << *problem << std::endl;
        return kExitUsage;
    }
    const QuietQt quiet;
    const std::unique_ptr<QGuiApplication> app = ensureOffscreenWidgetApplication();
    const JobPriority priorityWas = backgroundJobPriority();
    setBackgroundJobPriority(
        options.runsAt == "behind" ? JobPriority::BehindOrdinaryThreads : JobPriority::Ordinary);
    struct RestorePriority {
        JobPriority was;
        ~RestorePriority() { setBackgroundJobPriority(was); }
    } restore {priorityWas};
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    window.experimentPanel()->setConfig(options.config);

    Lags during;
    Lags after;
    bool running = false;
    bool finished = false;
    QElapsedTimer clock;
    clock.start();
    qint64 expected = 0;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        const double late = static_cast<double>(std::max<qint64>(0, now - expected)) / 1e6;
        (finished ? after : during).ms.push_back(late);
        expected = now + qint64 {kProbeMs} * 1'000'000;
    });
    QEventLoop loop;
    RunResult result;
    QObject::connect(window.runController(), &RunController::finished, [&](const RunResult& r) {
        result = r;
        finished = true;
        QTimer::singleShot(options.afterMs, &loop, &QEventLoop::quit);
    });
    QTimer::singleShot(0, [&] {
        // The tab to watch, then Run, as a user would.
        for (int i = 0; i < window.views()->count(); ++i) {
            if (window.views()->tabText(i).remove(QLatin1Char('&')).compare(QString::fromStdString(options.tab), Qt::CaseInsensitive) == 0)
                window.views()->setCurrentIndex(i);
        }
        window.runExperiment();
        running = window.runController()->isRunning();
        if (!running) {
            loop.quit();
            return;
        }
        expected = clock.nsecsElapsed() + qint64 {kProbeMs} * 1'000'000;
        probe.start(kProbeMs);
    });
    loop.exec();
    probe.stop();
    if (!running) {
        io.err << "interleave bench window: the run did not start" << std::endl;
        return kExitFailure;
    }

    const double worst = std::max(during.worst(), after.worst());
    std::ostream& out = io.out;
    out << std::fixed << std::setprecision(1);
    if (options.json) {
        out << "{\"model\": \"" << modelName(options.config.model) << "\", \"tasks\": " << options.config.tasks
            << ", \"tab\": \"" << options.tab << "\", \"runs_at\": \"" << options.runsAt << "\", \"lanes\": " << window.timeline()->trace().laneCount()
            << ", \"wall_ms\": " << static_cast<double>(result.wallNs) / 1e6 << ", \"during_p99_ms\": " << during.p99()
            << ", \"during_max_ms\": " << during.worst() << ", \"after_p99_ms\": " << after.p99()
            << ", \"after_max_ms\": " << after.worst() << ", \"meets\": " << (worst <= kInputGoalMs ? "true" : "false")
            << "}\n";
    } else {
        out << "Window (1280x800, offscreen, the " << options.tab << " tab, the run's threads "
            << (options.runsAt == "behind" ? "behind the window's" : "at the window's priority") << ") during and "
            << options.afterMs
            << " ms after a run of " << modelName(options.config.model) << " x " << options.config.tasks << " tasks ("
            << window.timeline()->trace().laneCount() << " lanes, wall " << static_cast<double>(result.wallNs) / 1e6
            << " ms):\n"
            << "  event loop busy, as a " << kProbeMs << " ms timer's lateness: during p99 " << during.p99() << " ms, max "
            << during.worst() << " ms; after p99 " << after.p99() << " ms, max " << after.worst() << " ms\n"
            << "  input handled within " << kInputGoalMs << " ms: " << (worst <= kInputGoalMs ? "meets" : "MISSES")
            << "\n";
    }
    out.flush();
    return kExitOk;
}

} // namespace

Command addWindowBench(CLI::App& bench)
{
    CLI::App* command = bench.add_subcommand("window",
        "How long the window's event loop is ever busy (input waits) during and after a run of many lanes");
    auto options = std::make_shared<WindowBenchOptions>();
    addModelOption(*command, options->config);
    addWorkloadOptions(*command, options->config);
    command->add_option("--tab", options->tab, "The tab shown during the run")
        ->check(CLI::IsMember({"timeline", "lanes"}))
        ->capture_default_str();
    command->add_option("--runs-at", options->runsAt,
               "The priority of the run's threads and processes: behind the window's (as the window "
               "runs them) or ordinary")
        ->check(CLI::IsMember({"behind", "ordinary"}))
        ->capture_default_str();
    command->add_option("--after-ms", options->afterMs, "How long to keep watching after the run")
        ->check(CLI::Range(0, 60'000))
        ->capture_default_str();
    command->add_flag("--json", options->json, "Print one JSON object");
    return {command, [options](CommandIo& io) { return runWindowBench(*options, io); }};
}

} // namespace interleave::cli
