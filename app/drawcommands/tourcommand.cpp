#include "cli/commandline.h"
#include "cli/commands.h"
#include "drawcommands/drawingcommands.h"
#include "drawcommands/imagesize.h"
#include "cli/interruptstop.h"
#include "drawcommands/offscreenapp.h"
#include "drawcommands/quietqt.h"
#include "export/timelineanimation.h"
#include "export/timelineexport.h"
#include "io/output_file.h"

#include "teachviews/teachresources.h"
#include "tour/tour.h"
#include "tour/tourmarkdown.h"

#include "analysis/repeat_stats.h"
#include "trace/duration_text.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QTemporaryFile>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace interleave::cli {
namespace {

struct TourOptions {
    std::string out;
    std::string size = "1600x900";
    double scale = 1;
    std::string theme = "light";
    std::vector<std::string> lessons; // ids; empty: every lesson
    std::string python = "python3";
    int repeat = 3; // runs per model in the comparison pictures
    bool json = false;
    bool markdown = false; // index.md beside the pictures
    bool animate = false; // one animation per lesson with a run
};

// index.md: the lessons drawn, their pictures and the equivalent Python. Throws on a failed
// write (OutputFileError).
QString writeTourPage(const std::vector<Lesson>& lessons, const TourOutcome& outcome, const QString& dir,
    const TourSettings& settings, const std::string& theme)
{
    std::vector<TourPageItem> items;
    for (const TourPicture& picture : outcome.written)
        items.push_back({picture.shot.lessonId, picture.shot.view, picture.shot.fileName, picture.replaySpeed});
    std::map<std::string, std::string> python;
    for (const Lesson& lesson : lessons) {
        if (!python.count(lesson.topic))
            python[lesson.topic] = loadExplanation(QString::fromStdString(lesson.topic)).python.code;
    }
    const std::string page = tourMarkdown(lessons, items, python,
        {.width = settings.size.width(), .height = settings.size.height(), .scale = settings.scale, .theme = theme});
    const QString path = QDir(dir).filePath(QStringLiteral("index.md"));
    writeOutputFile(QFile::encodeName(path).toStdString(), page);
    return path;
}

// The folder, created if missing, and proved writable by writing (and removing) a file in it:
// nothing else is known to fail the same way the pictures would. The problem, or nullopt.
std::optional<std::string> prepareFolder(const QString& dir)
{
    const QFileInfo info(dir);
    if (info.exists() && !info.isDir())
        return "'" + dir.toStdString() + "' is a file, not a folder";
    if (!QDir().mkpath(dir))
        return "cannot create the folder '" + dir.toStdString() + "'";
    QTemporaryFile probe(QDir(dir).filePath(QStringLiteral(".interleave-tour-XXXXXX")));
    if (!probe.open())
        return "cannot write in '" + dir.toStdString() + "': " + probe.errorString().toStdString();
    return std::nullopt;
}

std::string secondsText(qint64 ms)
{
    return fixedText(ms * kNsPerMs, 1000 * kNsPerMs, 1) + " s";
}

int takeTour(const TourOptions& options, CommandIo& io)
{
    const auto fail = [&io](const std::string& problem, int status) {
        io.err << "interleave tour: " << problem << std::endl;
        return status;
    };
    TourSettings settings;
    const std::optional<QSize> size = parseImageSize(options.size);
    if (!size)
        return fail("--size must be WIDTHxHEIGHT, each 1 to " + std::to_string(kMaxImageSide)
                + " (e.g. 1600x900), not '" + options.size + "'",
            kExitUsage);
    if (auto problem = imagePixelsProblem(*size, options.scale))
        return fail(*problem, kExitUsage);
    if (options.animate) {
        if (auto problem = animationPixelsProblem(*size, options.scale))
            return fail("--animate: --size " + *problem, kExitUsage);
    }
    if (options.out == "-")
        return fail("--out is the folder the pictures go into; '-' (standard output) cannot hold them",
            kExitUsage);
    settings.size = *size;
    settings.scale = options.scale;
    settings.theme = options.theme == "dark" ? TimelineTheme::Dark : TimelineTheme::Light;
    settings.python = options.python;
    settings.compareRepeat = options.repeat;
    settings.animate = options.animate;

    std::vector<Lesson> lessons;
    try {
        lessons = loadBuiltInLessons();
    } catch (const std::exception& e) {
        return fail(e.what(), kExitFailure);
    }
    for (const std::string& id : options.lessons) {
        if (std::none_of(lessons.begin(), lessons.end(), [&](const Lesson& l) { return l.id == id; })) {
            std::string ids;
            for (const Lesson& lesson : lessons)
                ids += (ids.empty() ? "" : ", ") + lesson.id;
            return fail("no lesson '" + id + "' (the lessons: " + ids + ")", kExitUsage);
        }
    }
    settings.only = options.lessons;
    const std::size_t drawn = options.lessons.empty()
        ? lessons.size()
        : static_cast<std::size_t>(std::count_if(lessons.begin(), lessons.end(), [&](const Lesson& l) {
              return std::find(options.lessons.begin(), options.lessons.end(), l.id) != options.lessons.end();
          }));

    const QString dir = QString::fromStdString(options.out);
    if (const auto problem = prepareFolder(dir))
        return fail(*problem, kExitFailure);

    InterruptStop interrupt;
    const QuietQt quiet;
    QElapsedTimer clock;
    clock.start();
    TourOutcome outcome;
    try {
        const std::unique_ptr<QGuiApplication> app = ensureOffscreenWidgetApplication();
        outcome = runTour(
            lessons, dir, settings,
            [&](const TourPicture& picture) {
                if (!options.json)
                    io.out << picture.path.toStdString() << std::endl;
            },
            interrupt.token());
    } catch (const std::exception& e) {
        return fail(e.what(), kExitFailure);
    }
    if (outcome.stopped)
        return fail("stopped; " + std::to_string(outcome.written.size()) + " pictures written", interrupt.exitStatus());
    QString page;
    if (options.markdown) {
        try {
            page = writeTourPage(lessons, outcome, dir, settings, options.theme);
        } catch (const std::exception& e) {
            return fail(e.what(), kExitFailure);
        }
    }
    const auto animations = std::count_if(outcome.written.begin(), outcome.written.end(),
        [](const TourPicture& picture) { return picture.shot.view == kTourReplayView; });

    if (options.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const TourPicture& picture : outcome.written)
            list.push_back({{"lesson", picture.shot.lessonId}, {"view", picture.shot.view},
                {"path", picture.path.toStdString()}});
        if (!page.isEmpty())
            list.push_back({{"lesson", ""}, {"view", "index"}, {"path", page.toStdString()}});
        io.out << list.dump(2) << std::endl;
    } else {
        if (!page.isEmpty())
            io.out << page.toStdString() << std::endl;
        io.out << outcome.written.size() << " pictures";
        if (animations > 0)
            io.out << " (" << animations << (animations == 1 ? " animation" : " animations") << ")";
        if (!page.isEmpty())
            io.out << " and index.md";
        io.out << " of " << drawn << " lessons in "
               << QDir::toNativeSeparators(dir).toStdString() << " (" << settings.size.width() << "x"
               << settings.size.height() << ", scale " << settings.scale << ", " << options.theme << ") in "
               << secondsText(clock.elapsed()) << std::endl;
    }
    return kExitOk;
}

} // namespace

Command addTourCommand(CLI::App& parser)
{
    auto options = std::make_shared<TourOptions>();
    CLI::App* tour = parser.add_subcommand("tour",
        "Run every lesson and draw its views to PNG files (the lesson, timeline, lanes, comparison, "
        "explanation, lab views), no display needed: the pictures of a tutorial; with --markdown a page "
        "of them, with --animate a replay of each lesson's run");
    tour->add_option("-o,--out", options->out, "The folder to write into (created if missing)")->required();
    tour->add_option("--theme", options->theme, "Colours: light or dark")
        ->check(CLI::IsMember({"light", "dark"}))
        ->capture_default_str();
    tour->add_option("--size", options->size, "Size of every picture in logical pixels, WIDTHxHEIGHT")
        ->capture_default_str();
    tour->add_option("--scale", options->scale, "Device pixels per logical pixel, e.g. 2 for sharp pictures")
        ->check(CLI::Range(0.25, kMaxExportScale))
        ->capture_default_str();
    tour->add_option(
        "--lesson", options->lessons, "Only this lesson (its id, e.g. 03-gil-cpu-threads); repeatable");
    tour->add_option("--repeat", options->repeat,
            "Runs per model in the comparison pictures: their bars show the median and whiskers the "
            "range (1 is three times faster, with no spread to show)")
        ->check(CLI::Range(1, kMaxRepeat))
        ->capture_default_str();
    tour->add_flag("--json", options->json, "List the pictures as JSON: [{lesson, view, path}]");
    tour->add_flag("--markdown", options->markdown,
        "Also write index.md: each lesson's text, question, pictures with captions and the equivalent "
        "Python, a page ready to publish");
    tour->add_flag("--animate", options->animate,
        "Also write one animated GIF per lesson with a run: the replay of that run at the lesson's replay speed");
    tour->add_option("--python", options->python, "The Python that runs the lessons' example programs")
        ->capture_default_str();
    return {tour, [options](CommandIo& io) { return takeTour(*options, io); }};
}

} // namespace interleave::cli
