#include "cli/commandline.h"
#include "cli/commands.h"
#include "cli/interruptstop.h"
#include "cli/runoptions.h"
#include "drawcommands/drawingcommands.h"
#include "drawcommands/framingoptions.h"
#include "drawcommands/imagesize.h"
#include "drawcommands/offscreenapp.h"
#include "drawcommands/quietqt.h"
#include "drawcommands/raceshotoptions.h"

#include "export/timelineanimation.h"
#include "export/timelineexport.h"
#include "io/output_file.h"
#include "lab/wait_for_graph_at.h"
#include "labviews/lockview_screenshot.h"
#include "labviews/waitforgraphwidget.h"
#include "python/pythonview.h"
#include "trace/chrome_trace_reader.h"
#include "trace/duration_text.h"
#include "trace/trace.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QFont>
#include <QGuiApplication>
#include <QPainter>
#include <QString>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace interleave::cli {
namespace {

constexpr std::string_view kTimelineView = "timeline";
constexpr std::string_view kPythonView = "python";
constexpr std::string_view kRaceView = "race";
constexpr std::string_view kStepView = "step";
constexpr std::string_view kDeadlockView = "deadlock";

struct AnimateOptions {
    RunConfig config;
    std::string view = std::string(kTimelineView);
    // --view race: the race command's options; --view locks|deadlock: the demo.
    RaceShotOptions race;
    LabShotOptions lab;
    std::string script;
    std::string python = "python3";
    int timeoutSeconds = 60;
    std::string out;
    std::string size = "1280x720";
    double scale = 1;
    std::string theme = "light";
    AnimationSettings animation;
    FramingOptions framing;
};

std::string kilobytes(std::size_t bytes)
{
    return fixedText(static_cast<TimeNs>(bytes), 1000, 0) + " KB";
}

// The trace to animate: a saved one, a model run, or a Python script traced for real.
// nullopt after saying why on err; *status then holds the exit status.
// What the run said besides its trace.
struct RunNotes {
    QString status; // --view python: the Python view's status line, how the script ended
    QString error; // --view python: the error it showed, if any
    std::vector<std::string> runErrors; // a model run's errors (a failed task)
    std::string outcome; // --view race: what the race came to
};

std::optional<Trace> traceToAnimate(const AnimateOptions& options, QSize size, TimelineTheme theme,
    InterruptStop& interrupt, CommandIo& io, int* status, RunNotes* notes)
{
    if (!options.framing.fromTrace.empty()) {
        try {
            return loadChromeTrace(options.framing.fromTrace);
        } catch (const std::exception& e) {
            io.err << "interleave animate: " << e.what() << std::endl;
            *status = kExitFailure;
            return std::nullopt;
        }
    }
    if (options.view == kRaceView) {
        // One run of the race (--repeat is the window's histogram, not a replay).
        const RaceConfig config = raceShotConfig(options.race, options.config.gil);
        Recorder recorder;
        RaceProgress progress(config.threads);
        const RaceRunResult result = runRace(config, recorder, progress, interrupt.token());
        if (interrupt.interrupted()) {
            io.err << "interleave animate: stopped before the end; nothing written" << std::endl;
            *status = interrupt.exitStatus();
            return std::nullopt;
        }
        notes->outcome = "the race: expected " + std::to_string(result.expected) + ", got "
            + std::to_string(result.actual) + ", " + std::to_string(result.lost()) + " updates lost";
        return Trace::fromSnapshot(recorder.snapshot());
    }
    if (isLabShotView(options.view)) {
        try {
            return recordLabShot(options.view, options.lab, interrupt.token());
        } catch (const std::invalid_argument& e) {
            io.err << "interleave animate: " << e.what() << std::endl;
            *status = kExitUsage;
        } catch (const std::exception& e) {
            io.err << "interleave animate: " << e.what() << "; nothing written" << std::endl;
            *status = interrupt.interrupted() ? interrupt.exitStatus() : kExitFailure;
        }
        return std::nullopt;
    }
    if (options.view == kPythonView) {
        if (options.script.empty()) {
            io.err << "interleave animate: --view python needs --script FILE.py, the program to trace" << std::endl;
            *status = kExitUsage;
            return std::nullopt;
        }
        try {
            return tracePythonScript(QString::fromStdString(options.script), size, theme,
                QString::fromStdString(options.python), interrupt.token(), options.timeoutSeconds, &notes->status,
                &notes->error);
        } catch (const std::invalid_argument& e) {
            io.err << "interleave animate: " << e.what() << std::endl;
            *status = kExitUsage;
        } catch (const std::exception& e) {
            io.err << "interleave animate: " << e.what() << "; nothing written" << std::endl;
            *status = interrupt.interrupted() ? interrupt.exitStatus() : kExitFailure;
        }
        return std::nullopt;
    }
    Recorder recorder(effectiveMaxSpans(options.config));
    const std::optional<RunResult> result
        = runModelOrReport(options.config, recorder, interrupt, "animate", io.err);
    if (!result) {
        *status = kExitFailure;
        return std::nullopt;
    }
    if (result->cancelled) {
        io.err << "interleave animate: stopped before the end; nothing written" << std::endl;
        *status = interrupt.exitStatus();
        return std::nullopt;
    }
    // A run with errors is drawn as it ended (its failed lanes say where), as screenshot does;
    // the errors are said after it and the exit status is 1.
    notes->runErrors = result->errors;
    return Trace::fromSnapshot(recorder.snapshot());
}

int animate(const AnimateOptions& options, CommandIo& io)
{
    const auto usage = [&io](const std::string& problem) {
        io.err << "interleave animate: " << problem << std::endl;
        return kExitUsage;
    };
    if (options.view == kStepView)
        return usage("--view step cannot be animated: it steps through one interleaving operation by "
                     "operation, with no time to replay; screenshot draws it");
    const std::optional<QSize> size = parseImageSize(options.size);
    if (!size)
        return usage("--size must be WIDTHxHEIGHT, each 1 to " + std::to_string(kMaxImageSide)
            + " (e.g. 1280x720), not '" + options.size + "'");
    if (auto problem = animationPixelsProblem(*size, options.scale))
        return usage("--size " + *problem);
    if (options.out != "-" && QFileInfo(QString::fromStdString(options.out)).suffix().toLower() != "gif")
        return usage("--out must end in .gif, not '" + options.out + "'");
    std::string problem;
    const std::optional<TimelineFraming> framing = framingFrom(options.framing, &problem);
    if (!framing)
        return usage(problem);
    // The rate and speed, before any run (the length of the run is checked after it).
    ReplayFramesRequest request {.start = 0, .end = 1, .speed = options.animation.speed, .fps = options.animation.fps};
    if (auto refused = replayFramesProblem(request))
        return usage(*refused);
    if (!options.framing.fromTrace.empty() && options.view != kTimelineView && options.view != kDeadlockView)
        return usage("--from-trace draws the timeline view, or with --view deadlock a saved deadlock run's "
                     "wait-for graph beside it; leave out --view "
            + options.view);
    if (options.framing.fromTrace.empty() && options.view == kTimelineView) {
        if (auto invalid = validate(options.config))
            return usage(*invalid);
    }
    if (options.view == kRaceView) {
        if (auto invalid = validate(raceShotConfig(options.race, options.config.gil)))
            return usage(*invalid);
    }
    if (auto unwritable = outputPathProblem(options.out)) {
        io.err << "interleave animate: " << *unwritable << std::endl;
        return kExitFailure;
    }

    const TimelineTheme theme = options.theme == "dark" ? TimelineTheme::Dark : TimelineTheme::Light;
    InterruptStop interrupt;
    const QuietQt quiet;
    const std::unique_ptr<QGuiApplication> app = options.view == kPythonView
        ? ensureOffscreenWidgetApplication()
        : ensureOffscreenApplication();
    int status = kExitOk;
    RunNotes notes;
    const std::optional<Trace> trace = traceToAnimate(options, *size, theme, interrupt, io, &status, &notes);
    if (!trace)
        return status;
    if (trace->empty()) {
        io.err << "interleave animate: the run recorded nothing to replay; nothing written" << std::endl;
        return kExitFailure;
    }
    // A saved run's graph is rebuilt from the lock log its file keeps; without one there is none.
    if (options.view == kDeadlockView && trace->lockLog().empty())
        return usage(options.framing.fromTrace
            + " has no lock log to draw a wait-for graph from (save a deadlock run with 'interleave deadlock "
              "--trace FILE'); without --view deadlock it replays as a timeline");
    if (auto refused = framingProblem(*trace, *framing))
        return usage(*refused);
    if (auto refused = replayFramesProblem(animationRequest(*trace, *framing, options.animation)))
        return usage(*refused);

    // The deadlock's wait-for graph beside its timeline, as it stood at each frame's playhead:
    // edges appear where their waits begin on the timeline, the cycle closes with the last one.
    AnimationSidePanel side;
    if (options.view == kDeadlockView) {
        side.width = std::min(size->height(), size->width() * 9 / 20);
        side.paint = [&trace, theme](QPainter& painter, const QRectF& rect, TimeNs at) {
            const WaitForGraph graph = waitForGraphAt(*trace, at);
            QFont font = painter.font();
            font.setPointSizeF(10); // the legend's five entries in a panel under half the frame
            painter.setClipRect(rect); // nothing of it over the timeline beside it
            paintWaitForGraph(painter, rect, graph, findWaitCycle(graph), TimelinePalette(theme), font);
        };
    }

    QElapsedTimer clock;
    clock.start();
    std::optional<Animation> animation;
    try {
        animation = renderTimelineAnimation(
            *trace, *framing, *size, options.scale, theme, options.animation, interrupt.token(), 0, side);
        if (animation)
            writeOutputFile(options.out, animation->gif);
    } catch (const std::exception& e) {
        io.err << "interleave animate: cannot write " << options.out << ": " << e.what() << std::endl;
        return kExitFailure;
    }
    if (!animation) {
        io.err << "interleave animate: stopped while drawing the frames; nothing written" << std::endl;
        return interrupt.exitStatus();
    }
    if (options.out != "-") {
        const ReplayFramesRequest made = animationRequest(*trace, *framing, options.animation);
        const TimeNs replayed = static_cast<TimeNs>(static_cast<double>(made.end - made.start) / made.speed);
        io.out << options.out << std::endl;
        io.out << animation->frames << " frames (" << animation->images << " images in the file), "
               << animation->pixels.width() << "x" << animation->pixels.height() << " pixels, "
               << fixedText(replayed, 1'000'000'000, 2) << " s of replay at " << options.animation.fps
               << " frames a second, " << kilobytes(animation->gif.size()) << ", drawn in "
               << fixedText(clock.elapsed() * kNsPerMs, 1'000'000'000, 2) << " s" << std::endl;
        if (!notes.status.isEmpty())
            io.out << notes.status.toStdString() << std::endl;
        if (!notes.outcome.empty())
            io.out << notes.outcome << std::endl;
    }
    // The script's own error is part of what ran: said, and drawn as the run ended.
    if (!notes.error.isEmpty())
        io.err << "interleave animate: " << notes.error.toStdString() << std::endl;
    for (const std::string& error : notes.runErrors)
        io.err << "interleave animate: " << error << std::endl;
    return notes.runErrors.empty() ? kExitOk : kExitFailure;
}

} // namespace

Command addAnimateCommand(CLI::App& parser)
{
    auto options = std::make_shared<AnimateOptions>();
    CLI::App* command = parser.add_subcommand("animate",
        "Run one model over a workload (or read a saved run) and write the replay of its timeline as an "
        "animated GIF, no display needed");
    addModelOption(*command, options->config);
    addWorkloadOptions(*command, options->config);
    command->add_option("-o,--out", options->out, "The animation to write: FILE.gif ('-': standard output)")
        ->required();
    command->add_option("--size", options->size, "Size in logical pixels, WIDTHxHEIGHT")->capture_default_str();
    command->add_option("--scale", options->scale, "Device pixels per logical pixel, e.g. 2 for a sharp image")
        ->check(CLI::Range(0.25, kMaxExportScale))
        ->capture_default_str();
    command->add_option("--fps", options->animation.fps, "Frames a second (1 to 50)")->capture_default_str();
    command->add_option("--speed", options->animation.speed,
            "The replay's speed: trace time per real time (0.01 to 4; 0.05 shows a 5 ms GIL switch "
            "interval in a tenth of a second)")
        ->capture_default_str();
    command->add_flag("--loop", options->animation.loop, "Play over and over (viewers play it once without)");
    command->add_option("--view", options->view,
            "What to replay: the timeline of a model run; race: one run of the race; locks: a lock demo; "
            "deadlock: a deadlock until it is detected (with --from-trace, a saved deadlock run), its wait-for graph beside the timeline at each frame's playhead; python: a Python script traced with real CPython "
            "(see --script). Each is the timeline of its run (step has none and is refused)")
        ->check(CLI::IsMember({"timeline", "python", "race", "step", "locks", "deadlock"}))
        ->capture_default_str();
    addRaceShotOptions(*command, options->race);
    addLabShotOptions(*command, options->lab);
    command->add_option("--script", options->script, "--view python: the Python script to run and trace");
    command->add_option("--python", options->python, "--view python: the Python to run it with")
        ->capture_default_str();
    command->add_option("--timeout", options->timeoutSeconds,
            "--view python: stop the script after this many seconds and replay what ran")
        ->check(CLI::Range(1, 86'400))
        ->capture_default_str();
    command->add_option("--theme", options->theme, "Colours: light or dark")
        ->check(CLI::IsMember({"light", "dark"}))
        ->capture_default_str();
    addFramingOptions(*command, options->framing);
    return {command, [options](CommandIo& io) { return animate(*options, io); }};
}

} // namespace interleave::cli
