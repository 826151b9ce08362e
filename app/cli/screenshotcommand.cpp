#include "cli/commandline.h"
#include "cli/commands.h"
#include "cli/interruptstop.h"
#include "cli/runoptions.h"

#include "engine/engine.h"
#include "export/timelineexport.h"
#include "lab/raceview.h"
#include "lab/stepview.h"
#include "trace/trace.h"

#include "cli/offscreenapp.h"
#include <QCoreApplication>

#include <QGuiApplication>
#include <QImage>
#include <QString>
#include <QtGlobal>

#include <CLI/CLI.hpp>

#include <array>
#include <charconv>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace interleave::cli {
namespace {

constexpr int kMaxSide = 16'384;
constexpr double kMaxScale = 8;

// What --view can draw besides the timeline of a model run: a view of its own, after its own
// run, as a PNG. Another view is one more line here and a draw function beside its widget.
struct ViewShot {
    std::string_view name;
    QImage (*draw)(QSize size, double scale);
};

constexpr std::array kViewShots {
    ViewShot {"race", [](QSize size, double scale) { return drawRaceView(size, scale); }},
    ViewShot {"step", [](QSize size, double scale) { return drawStepView(size, scale); }},
};

constexpr std::string_view kTimelineView = "timeline";

std::vector<std::string> viewNames()
{
    std::vector<std::string> names {std::string(kTimelineView)};
    for (const ViewShot& view : kViewShots)
        names.emplace_back(view.name);
    return names;
}

struct ScreenshotOptions {
    RunConfig config;
    std::string view = std::string(kTimelineView);
    std::string out;
    std::string size = "1600x900";
    double scale = 1;
    std::string theme = "light";
};

// "1600x900" -> 1600 by 900; nullopt unless both sides are whole numbers in [1, kMaxSide].
std::optional<QSize> parseSize(const std::string& text)
{
    const std::size_t x = text.find('x');
    if (x == std::string::npos)
        return std::nullopt;
    const auto side = [](const char* begin, const char* end) -> std::optional<int> {
        int value = 0;
        const auto [ptr, ec] = std::from_chars(begin, end, value);
        if (ec != std::errc() || ptr != end || begin == end || value < 1 || value > kMaxSide)
            return std::nullopt;
        return value;
    };
    const char* data = text.data();
    const auto width = side(data, data + x);
    const auto height = side(data + x + 1, data + text.size());
    if (!width || !height)
        return std::nullopt;
    return QSize(*width, *height);
}

// Qt's start-up chatter (e.g. "XDG_RUNTIME_DIR not set") would break the one-line report of
// the command; while it draws, only Qt's critical and fatal messages get through.
class QuietQt {
public:
    QuietQt()
        : m_previous(qInstallMessageHandler(&QuietQt::handle))
    {
    }
    ~QuietQt() { qInstallMessageHandler(m_previous); }
    QuietQt(const QuietQt&) = delete;
    QuietQt& operator=(const QuietQt&) = delete;

private:
    static void handle(QtMsgType type, const QMessageLogContext& context, const QString& message)
    {
        if (type == QtCriticalMsg || type == QtFatalMsg)
            qt_message_output(type, context, message);
    }

    QtMessageHandler m_previous;
};

int drawView(const ViewShot& view, const ScreenshotOptions& options, QSize size, CommandIo& io)
{
    if (!options.out.ends_with(".png")) {
        io.err << "interleave screenshot: --view " << view.name
               << " draws PNG only: --out must end in .png, not '" << options.out << "'" << std::endl;
        return kExitUsage;
    }
    const QuietQt quiet;
    try {
        const std::unique_ptr<QGuiApplication> app = ensureOffscreenWidgetApplication();
        const QImage image = view.draw(size, options.scale);
        if (!image.save(QString::fromStdString(options.out), "PNG"))
            throw std::runtime_error("cannot write '" + options.out + "'");
    } catch (const std::exception& e) {
        io.err << "interleave screenshot: " << e.what() << std::endl;
        return kExitFailure;
    }
    io.out << options.out << std::endl;
    return kExitOk;
}

int takeScreenshot(const ScreenshotOptions& options, CommandIo& io)
{
    const auto usage = [&io](const std::string& problem) {
        io.err << "interleave screenshot: " << problem << std::endl;
        return kExitUsage;
    };
    const std::optional<QSize> size = parseSize(options.size);
    if (!size)
        return usage("--size must be WIDTHxHEIGHT, each 1 to " + std::to_string(kMaxSide)
            + " (e.g. 1600x900), not '" + options.size + "'");
    for (const ViewShot& view : kViewShots) {
        if (view.name == options.view)
            return drawView(view, options, *size, io);
    }
    const QString path = QString::fromStdString(options.out);
    if (!exportFormatForPath(path))
        return usage("--out must end in .png or .svg, not '" + options.out + "'");
    const TimelineTheme theme = options.theme == "dark" ? TimelineTheme::Dark : TimelineTheme::Light;
    if (auto problem = validate(options.config))
        return usage(*problem);

    InterruptStop interrupt;
    Recorder recorder;
    RunResult result;
    try {
        result = runModel(options.config, recorder, interrupt.token());
    } catch (const std::exception& e) {
        io.err << "interleave screenshot: " << e.what() << std::endl;
        return kExitFailure;
    }
    if (result.cancelled) {
        io.err << "interleave screenshot: stopped before the end; nothing written" << std::endl;
        return 130; // as a shell reports a command ended by Ctrl+C
    }
    const Trace trace = Trace::fromSnapshot(recorder.snapshot());

    const QuietQt quiet;
    const std::unique_ptr<QGuiApplication> app = ensureOffscreenApplication();
    try {
        exportTimeline(trace, path, *size, options.scale, theme);
    } catch (const std::exception& e) {
        io.err << "interleave screenshot: " << e.what() << std::endl;
        return kExitFailure;
    }
    io.out << options.out << std::endl;
    for (const std::string& error : result.errors)
        io.err << "interleave screenshot: " << error << std::endl;
    return result.errors.empty() ? kExitOk : kExitFailure;
}

} // namespace

Command addScreenshotCommand(CLI::App& parser)
{
    auto options = std::make_shared<ScreenshotOptions>();
    CLI::App* shot = parser.add_subcommand("screenshot",
        "Run one model over a workload and draw its timeline into a PNG or SVG file, no display needed");
    addModelOption(*shot, options->config);
    addWorkloadOptions(*shot, options->config);
    shot->add_option("-o,--out", options->out, "The image to write: FILE.png or FILE.svg")->required();
    shot->add_option("--size", options->size, "Size in logical pixels, WIDTHxHEIGHT")->capture_default_str();
    shot->add_option(
            "--scale", options->scale, "Device pixels per logical pixel (PNG), e.g. 2 for a sharp image")
        ->check(CLI::Range(0.25, kMaxScale))
        ->capture_default_str();
    shot->add_option("--view", options->view,
            "What to draw: the timeline of a model run, or a lab view after its own run (race: the live "
            "race; step: a losing interleaving stepped through)")
        ->check(CLI::IsMember(viewNames()))
        ->capture_default_str();
    shot->add_option("--theme", options->theme, "Colours: light or dark")
        ->check(CLI::IsMember({"light", "dark"}))
        ->capture_default_str();
    return {shot, [options](CommandIo& io) { return takeScreenshot(*options, io); }};
}

} // namespace interleave::cli
