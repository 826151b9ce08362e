#include "cli/commandline.h"
#include "cli/commands.h"
#include "drawcommands/drawingcommands.h"
#include "drawcommands/framingoptions.h"
#include "drawcommands/raceshotoptions.h"
#include "drawcommands/imagesize.h"
#include "cli/interruptstop.h"
#include "drawcommands/quietqt.h"
#include "cli/runoptions.h"

#include "engine/engine.h"
#include "io/output_file.h"
#include "export/timelineexport.h"
#include "labviews/deadlockview.h"
#include "labviews/lockview_screenshot.h"
#include "labviews/raceview.h"
#include "labviews/stepview.h"
#include "python/pythonview.h"
#include "trace/chrome_trace_reader.h"
#include "trace/trace.h"
#include "window/mainwindow.h"
#include "window/windowshot.h"

#include "drawcommands/offscreenapp.h"
#include <QCoreApplication>

#include <QApplication>
#include <QGuiApplication>
#include <QImage>
#include <QRect>
#include <QSettings>
#include <QTemporaryDir>
#include <QBuffer>
#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <CLI/CLI.hpp>

#include <array>
#include <charconv>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace interleave::cli {
namespace {

constexpr int kMaxSide = kMaxImageSide;

constexpr std::string_view kTimelineView = "timeline";
constexpr std::string_view kWindowView = "window";
constexpr std::string_view kDeadlockView = "deadlock";

struct ScreenshotOptions {
    RunConfig config;
    // --view race: the race to run (the race command's options); by default one that loses.
    RaceShotOptions race;
    std::string view = std::string(kTimelineView);
    // --view locks|deadlock: the demo to run.
    LabShotOptions lab;
    // --view python: the script to trace, and the Python that runs it.
    std::string script;
    std::string python = "python3";
    int timeoutSeconds = 60;
    std::string out;
    std::string size = "1600x900";
    double scale = 1;
    std::string theme = "light";
    // --from-ms, --lanes, --title, ...: the timeline view's framing; --from-trace.
    FramingOptions framing;
    // --view window: in classroom mode, with this tab in front.
    bool classroom = false;
    std::string tab;
};

RaceConfig raceShotConfig(const ScreenshotOptions& options)
{
    return cli::raceShotConfig(options.race, options.config.gil); // --gil, shared with the model runs
}

// --view step: two threads, one increment each, with the race's lock, GIL and code.
StepConfig stepShotConfig(const ScreenshotOptions& options)
{
    const RaceConfig race = raceShotConfig(options);
    return {.threads = 2,
        .increments = 1,
        .lock = race.mode == RaceMode::Lock,
        .gil = race.gil,
        .between = race.between};
}

// What --view can draw besides the timeline of a model run: a view of its own, after its own
// run, as a PNG. Another view is one more line here and a draw function beside its widget.
// A draw function throws std::invalid_argument for options the user must change.
struct ViewShot {
    std::string_view name;
    QImage (*draw)(const ScreenshotOptions& options, QSize size, TimelineTheme theme, std::stop_token stop);
};

QImage drawLockLabShot(const ScreenshotOptions& o, QSize size, TimelineTheme theme, std::stop_token stop)
{
    return renderLabShot(o.view, o.lab, size, o.scale, theme, std::move(stop));
}

constexpr std::array kViewShots {
    ViewShot {"race",
        [](const ScreenshotOptions& o, QSize size, TimelineTheme, std::stop_token) {
            return drawRaceView(size, o.scale, raceShotConfig(o));
        }},
    ViewShot {"step",
        [](const ScreenshotOptions& o, QSize size, TimelineTheme, std::stop_token) {
            return drawStepView(size, o.scale, stepShotConfig(o));
        }},
    ViewShot {"locks", &drawLockLabShot},
    ViewShot {"deadlock", &drawLockLabShot},
    ViewShot {"python",
        [](const ScreenshotOptions& o, QSize size, TimelineTheme theme, std::stop_token stop) {
            if (o.script.empty())
                throw std::invalid_argument("--view python needs --script FILE.py, the program to trace");
            if (o.timeoutSeconds < 1)
                throw std::invalid_argument("--timeout must be at least 1 second");
            return renderPythonView(QString::fromStdString(o.script), size, o.scale, theme,
                QString::fromStdString(o.python), std::move(stop), o.timeoutSeconds);
        }},
};

// Encoded in memory, then written whole or not at all, like the timeline's export.
void writePng(const QImage& image, const std::string& out)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    if (!buffer.open(QIODevice::WriteOnly) || !image.save(&buffer, "PNG"))
        throw std::runtime_error("cannot write " + out + ": the picture could not be drawn");
    writeOutputFile(out, std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
}

std::vector<std::string> viewNames()
{
    std::vector<std::string> names {std::string(kTimelineView), std::string(kWindowView)};
    for (const ViewShot& view : kViewShots)
        names.emplace_back(view.name);
    return names;
}

// A PNG-only view: what is drawn goes to --out through draw(), which may throw. Usage errors
// (std::invalid_argument) exit 2, an interrupt with its signal's status, anything else 1.
int drawPngOnly(std::string_view viewName, const ScreenshotOptions& options, CommandIo& io,
    const std::function<void(std::stop_token)>& draw)
{
    if (options.out != "-" && exportFormatForPath(QString::fromStdString(options.out)) != ExportFormat::Png) {
        io.err << "interleave screenshot: --view " << viewName
               << " draws PNG only: --out must end in .png, not '" << options.out << "'" << std::endl;
        return kExitUsage;
    }
    InterruptStop interrupt;
    const QuietQt quiet;
    try {
        draw(interrupt.token());
    } catch (const std::invalid_argument& e) {
        io.err << "interleave screenshot: " << e.what() << std::endl;
        return kExitUsage;
    } catch (const std::exception& e) {
        io.err << "interleave screenshot: " << e.what() << std::endl;
        return interrupt.interrupted() ? interrupt.exitStatus() : kExitFailure;
    }
    if (options.out != "-")
        io.out << options.out << std::endl;
    return kExitOk;
}

int drawView(
    const ViewShot& view, const ScreenshotOptions& options, QSize size, TimelineTheme theme, CommandIo& io)
{
    return drawPngOnly(view.name, options, io, [&](std::stop_token stop) {
        const std::unique_ptr<QGuiApplication> app = ensureOffscreenWidgetApplication();
        writePng(view.draw(options, size, theme, stop), options.out);
    });
}

// --view window: the whole window, after the run, laid out as on a screen of the picture's
// size (window/windowshot.h). PNG only: widgets drawn into an SVG lose what they paint through
// pixmaps and clips (the menu bar's words), so it would not be the window as seen.
int drawWindowView(const ScreenshotOptions& options, QSize size, TimelineTheme theme, CommandIo& io)
{
    return drawPngOnly(kWindowView, options, io, [&](std::stop_token stop) {
        const std::unique_ptr<QGuiApplication> app = ensureOffscreenWidgetApplication(size);
        // An application of this command's own: the window reads and writes settings in a
        // folder that goes with it, so the picture does not depend on, nor change, the user's.
        std::optional<QTemporaryDir> settings;
        if (app) {
            settings.emplace();
            QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings->path());
            QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings->path());
            QApplication::setStyle(QStringLiteral("Fusion")); // as the program's window has it
        }
        const WindowShotSetup setup {.config = options.config,
            .size = size,
            .theme = theme,
            .classroom = options.classroom,
            .tab = QString::fromStdString(options.tab),
            .timeoutSeconds = options.timeoutSeconds};
        const std::unique_ptr<MainWindow> window = showWindowForShot(setup, std::move(stop));
        if (!QRect(QPoint(0, 0), size).contains(window->rect()))
            io.err << "interleave screenshot: the window needs "
                   << window->width() << "x" << window->height() << ", more than the " << options.size
                   << " screen: what reaches past it is not drawn" << std::endl;
        writePng(drawWindowShot(*window, size, options.scale), options.out);
    });
}

// --view deadlock --from-trace: a saved deadlock run in its view, the wait-for graph rebuilt from
// the trace's lock log at the run's end.
int drawSavedDeadlockView(const ScreenshotOptions& options, QSize size, TimelineTheme theme, CommandIo& io)
{
    Trace trace;
    try {
        trace = loadChromeTrace(options.framing.fromTrace);
    } catch (const std::exception& e) {
        io.err << "interleave screenshot: " << e.what() << std::endl;
        return kExitFailure;
    }
    if (!isSavedDeadlockRun(trace)) {
        io.err << "interleave screenshot: " << options.framing.fromTrace
               << " is not a deadlock run with its lock log, which --view deadlock draws (save one with "
                  "'interleave deadlock --trace FILE'); without --view it draws as a timeline"
               << std::endl;
        return kExitUsage;
    }
    return drawPngOnly(kDeadlockView, options, io, [&](std::stop_token) {
        const std::unique_ptr<QGuiApplication> app = ensureOffscreenWidgetApplication();
        writePng(renderSavedDeadlockView(trace, size, options.scale, theme), options.out);
    });
}

// --from-trace: a saved run drawn as the run would have been, no run made.
int drawSavedTrace(const ScreenshotOptions& options, const TimelineFraming& framing, const QString& path, QSize size,
    TimelineTheme theme, CommandIo& io)
{
    Trace trace;
    try {
        trace = loadChromeTrace(options.framing.fromTrace);
    } catch (const std::exception& e) {
        io.err << "interleave screenshot: " << e.what() << std::endl;
        return kExitFailure;
    }
    if (auto problem = framingProblem(trace, framing)) {
        io.err << "interleave screenshot: " << *problem << std::endl;
        return kExitUsage;
    }
    const QuietQt quiet;
    const std::unique_ptr<QGuiApplication> app = ensureOffscreenApplication();
    try {
        exportTimeline(trace, path, size, options.scale, theme, framing);
    } catch (const std::exception& e) {
        io.err << "interleave screenshot: " << e.what() << std::endl;
        return kExitFailure;
    }
    if (options.out != "-")
        io.out << options.out << std::endl;
    return kExitOk;
}

int takeScreenshot(const ScreenshotOptions& options, CommandIo& io)
{
    const auto usage = [&io](const std::string& problem) {
        io.err << "interleave screenshot: " << problem << std::endl;
        return kExitUsage;
    };
    const std::optional<QSize> size = parseImageSize(options.size);
    if (!size)
        return usage("--size must be WIDTHxHEIGHT, each 1 to " + std::to_string(kMaxSide)
            + " (e.g. 1600x900), not '" + options.size + "'");
    if (auto problem = imagePixelsProblem(*size, options.scale))
        return usage(*problem);
    // Before any run: a missing folder should not cost the run.
    if (auto problem = outputPathProblem(options.out)) {
        io.err << "interleave screenshot: " << *problem << std::endl;
        return kExitFailure;
    }
    if (options.view == "race") {
        if (auto problem = validate(raceShotConfig(options)))
            return usage(*problem);
    }
    const TimelineTheme theme = options.theme == "dark" ? TimelineTheme::Dark : TimelineTheme::Light;
    if (options.view != kWindowView && (options.classroom || !options.tab.empty()))
        return usage("--classroom and --tab set up the window: only with --view window");
    if (options.view == kWindowView) {
        if (options.framing.any() || !options.framing.fromTrace.empty())
            return usage("--from-ms, --to-ms, --lanes, --title, --caption, --legend and --from-trace frame the "
                         "timeline view; --view window draws the whole window");
        return drawWindowView(options, *size, theme, io);
    }
    for (const ViewShot& view : kViewShots) {
        if (view.name != options.view)
            continue;
        // A saved deadlock run can be drawn in its view again: its trace keeps the lock log.
        const bool savedDeadlock = view.name == kDeadlockView && !options.framing.fromTrace.empty();
        if (options.framing.any() || (!options.framing.fromTrace.empty() && !savedDeadlock))
            return usage("--from-ms, --to-ms, --lanes, --title, --caption, --legend and --from-trace frame the "
                         "timeline view; --view "
                + options.view + " draws its own view whole"
                + (options.framing.fromTrace.empty() || savedDeadlock
                        ? ""
                        : " (of the views, only --view deadlock draws a saved run)"));
        if (savedDeadlock)
            return drawSavedDeadlockView(options, *size, theme, io);
        return drawView(view, options, *size, theme, io);
    }
    const QString path = QString::fromStdString(options.out);
    if (options.out != "-" && !exportFormatForPath(path))
        return usage("--out must end in .png or .svg, not '" + options.out + "'");
    std::string framingRefused;
    const std::optional<TimelineFraming> framing = framingFrom(options.framing, &framingRefused);
    if (!framing)
        return usage(framingRefused);
    if (!options.framing.fromTrace.empty())
        return drawSavedTrace(options, *framing, path, *size, theme, io);
    if (auto problem = validate(options.config))
        return usage(*problem);

    InterruptStop interrupt;
    Recorder recorder(effectiveMaxSpans(options.config));
    const std::optional<RunResult> result
        = runModelOrReport(options.config, recorder, interrupt, "screenshot", io.err);
    if (!result)
        return kExitFailure;
    if (result->cancelled) {
        io.err << "interleave screenshot: stopped before the end; nothing written" << std::endl;
        return interrupt.exitStatus();
    }
    const Trace trace = Trace::fromSnapshot(recorder.snapshot());
    if (auto problem = framingProblem(trace, *framing))
        return usage(*problem + "; nothing written");

    const QuietQt quiet;
    const std::unique_ptr<QGuiApplication> app = ensureOffscreenApplication();
    try {
        exportTimeline(trace, path, *size, options.scale, theme, *framing);
    } catch (const std::exception& e) {
        io.err << "interleave screenshot: " << e.what() << std::endl;
        return kExitFailure;
    }
    if (options.out != "-")
        io.out << options.out << std::endl;
    for (const std::string& error : result->errors)
        io.err << "interleave screenshot: " << error << std::endl;
    return result->errors.empty() ? kExitOk : kExitFailure;
}

} // namespace

Command addScreenshotCommand(CLI::App& parser)
{
    auto options = std::make_shared<ScreenshotOptions>();
    CLI::App* shot = parser.add_subcommand("screenshot",
        "Run one model over a workload and draw its timeline into a PNG or SVG file, no display needed");
    addModelOption(*shot, options->config);
    addWorkloadOptions(*shot, options->config);
    shot->add_option("-o,--out", options->out,
            "The image to write: FILE.png or FILE.svg ('-': PNG to standard output)")
        ->required();
    shot->add_option("--size", options->size, "Size in logical pixels, WIDTHxHEIGHT")->capture_default_str();
    shot->add_option(
            "--scale", options->scale, "Device pixels per logical pixel (PNG), e.g. 2 for a sharp image")
        ->check(CLI::Range(0.25, kMaxExportScale))
        ->capture_default_str();
    shot->add_option("--view", options->view,
            "What to draw: the timeline of a model run, or a lab view after its own run (race: the live "
            "race; step: a losing interleaving stepped through; locks: a lock demo; deadlock: a deadlock "
            "and its wait-for graph, or with --from-trace a saved one; python: a Python script traced with real CPython, see --script; window: "
            "the whole window after the run, laid out as on a screen of --size)")
        ->check(CLI::IsMember(viewNames()))
        ->capture_default_str();
    // The race command's options, for --view race.
    addRaceShotOptions(*shot, options->race);
    addLabShotOptions(*shot, options->lab);
    shot->add_option("--script", options->script, "--view python: the Python script to run and trace");
    shot->add_option("--python", options->python, "--view python: the Python to run it with")
        ->capture_default_str();
    shot->add_option("--timeout", options->timeoutSeconds,
            "--view python: stop the script after this many seconds and draw what ran (a deadlock); "
            "--view window: the longest the run may take")
        ->capture_default_str();
    shot->add_flag("--classroom", options->classroom,
        "--view window: in classroom mode (F6): full screen, large type, high contrast");
    shot->add_option("--tab", options->tab,
        "--view window: the tab in front after the run, by its name (Timeline, Lanes, Race, Deadlock, Python, ...)");
    shot->add_option("--theme", options->theme, "Colours: light or dark")
        ->check(CLI::IsMember({"light", "dark"}))
        ->capture_default_str();
    addFramingOptions(*shot, options->framing);
    return {shot, [options](CommandIo& io) { return takeScreenshot(*options, io); }};
}

} // namespace interleave::cli
