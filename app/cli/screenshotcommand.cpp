#include "cli/commandline.h"
#include "cli/commands.h"
#include "cli/interruptstop.h"
#include "cli/runoptions.h"

#include "engine/engine.h"
#include "export/timelineexport.h"
#include "lab/lockview_screenshot.h"
#include "trace/trace.h"

#include <QCoreApplication>
#include "cli/offscreenapp.h"

#include <QGuiApplication>
#include <QImage>
#include <QSaveFile>
#include <QtGlobal>
#include <QString>

#include <CLI/CLI.hpp>

#include <charconv>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <system_error>

namespace interleave::cli {
namespace {

constexpr int kMaxSide = 16'384;
constexpr double kMaxScale = 8;

struct ScreenshotOptions {
    RunConfig config;
    std::string out;
    std::string size = "1600x900";
    double scale = 1;
    std::string theme = "light";
    std::string view = "timeline";
    LabShotOptions lab;
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
    QuietQt() : m_previous(qInstallMessageHandler(&QuietQt::handle)) {}
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

// --view locks|deadlock: a lab view after a real run of its demo, as a PNG.
int takeLabScreenshot(const ScreenshotOptions& options, QSize size, TimelineTheme theme, CommandIo& io)
{
    if (exportFormatForPath(QString::fromStdString(options.out)) != ExportFormat::Png) {
        io.err << "interleave screenshot: --view " << options.view << " writes PNG only: --out must end in .png"
               << std::endl;
        return kExitUsage;
    }
    InterruptStop interrupt;
    const QuietQt quiet;
    QImage image;
    try {
        image = renderLabShot(options.view, options.lab, size, options.scale, theme, interrupt.token());
    } catch (const std::invalid_argument& e) {
        io.err << "interleave screenshot: " << e.what() << std::endl;
        return kExitUsage;
    } catch (const std::exception& e) {
        io.err << "interleave screenshot: " << e.what() << std::endl;
        return interrupt.interrupted() ? 130 : kExitFailure;
    }
    QSaveFile file(QString::fromStdString(options.out));
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit()) {
        io.err << "interleave screenshot: cannot write " << options.out << std::endl;
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
        return usage("--size must be WIDTHxHEIGHT, each 1 to " + std::to_string(kMaxSide) + " (e.g. 1600x900), not '"
                     + options.size + "'");
    const QString path = QString::fromStdString(options.out);
    if (!exportFormatForPath(path))
        return usage("--out must end in .png or .svg, not '" + options.out + "'");
    const TimelineTheme theme = options.theme == "dark" ? TimelineTheme::Dark : TimelineTheme::Light;
    if (isLabShotView(options.view))
        return takeLabScreenshot(options, *size, theme, io);
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
    CLI::App* shot = parser.add_subcommand(
        "screenshot", "Run one model over a workload and draw its timeline into a PNG or SVG file, no display needed");
    addModelOption(*shot, options->config);
    addWorkloadOptions(*shot, options->config);
    shot->add_option("-o,--out", options->out, "The image to write: FILE.png or FILE.svg")->required();
    shot->add_option("--size", options->size, "Size in logical pixels, WIDTHxHEIGHT")->capture_default_str();
    shot->add_option("--scale", options->scale, "Device pixels per logical pixel (PNG), e.g. 2 for a sharp image")
        ->check(CLI::Range(0.25, kMaxScale))
        ->capture_default_str();
    shot->add_option("--theme", options->theme, "Colours: light or dark")
        ->check(CLI::IsMember({"light", "dark"}))
        ->capture_default_str();
    shot->add_option("--view", options->view, "What to draw: timeline (a run of --model), locks or deadlock")
        ->check(CLI::IsMember({"timeline", "locks", "deadlock"}))
        ->capture_default_str();
    addLabShotOptions(*shot, options->lab);
    return {shot, [options](CommandIo& io) { return takeScreenshot(*options, io); }};
}

} // namespace interleave::cli
