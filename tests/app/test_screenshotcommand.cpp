#include "../cli/commandline_testing.h"
#include "cli/commandline.h"
#include "drawcommands/drawingcommands.h"

#include "export/timelineexport.h"
#include "trace/chrome_trace.h"
#include "trace/trace.h"
#include "trace/trace_summary.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace interleave::cli {
namespace {

using commandtest::Outcome;

Outcome screenshotRun(const std::vector<std::string>& args)
{
    return commandtest::runInterleave(args, drawingCommands());
}

std::size_t screenshotLineCount(const std::string& text)
{
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

std::vector<std::string> tinyRun()
{
    return {"--model", "threads", "--workload", "io", "--tasks", "3", "--latency-ms", "10"};
}

std::vector<std::string> screenshot(const std::vector<std::string>& extra)
{
    std::vector<std::string> args {"screenshot"};
    for (const std::string& a : tinyRun())
        args.push_back(a);
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

TEST(ScreenshotCommand, WritesAPngOfSizeTimesScale)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string path = dir.filePath(QStringLiteral("shot.png")).toStdString();
    const Outcome r
        = screenshotRun(screenshot({"--out", path, "--size", "640x360", "--scale", "2", "--theme", "dark"}));
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    EXPECT_FALSE(r.result.launchGui);
    EXPECT_EQ(r.out, path + "\n");
    EXPECT_EQ(r.err, "");
    const QImage image(QString::fromStdString(path));
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(image.size(), QSize(1280, 720));
}

TEST(ScreenshotCommand, DefaultsTo1600By900AndWritesSvg)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString png = dir.filePath(QStringLiteral("shot.png"));
    const Outcome a = screenshotRun(screenshot({"--out", png.toStdString()}));
    ASSERT_EQ(a.result.status, kExitOk) << a.err;
    EXPECT_EQ(QImage(png).size(), QSize(1600, 900));

    const QString svg = dir.filePath(QStringLiteral("shot.svg"));
    const Outcome b = screenshotRun(screenshot({"--out", svg.toStdString()}));
    ASSERT_EQ(b.result.status, kExitOk) << b.err;
    QFile file(svg);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_TRUE(file.readAll().contains("<svg"));
}

TEST(ScreenshotCommand, ArgumentErrorsAreOneLineAndExit2)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string png = dir.filePath(QStringLiteral("x.png")).toStdString();
    const std::vector<std::vector<std::string>> cases {
        screenshot({"--out", png, "--size", "wide"}),
        screenshot({"--out", png, "--size", "0x900"}),
        screenshot({"--out", png, "--size", "1600x"}),
        screenshot({"--out", png, "--scale", "0"}),
        screenshot({"--out", png, "--scale", "abc"}),
        screenshot({"--out", png, "--theme", "blue"}),
        screenshot({"--out", dir.filePath(QStringLiteral("x.jpg")).toStdString()}),
        screenshot({}), // no --out
        {"screenshot", "--model", "nope", "--out", png},
        {"screenshot", "--model", "threads", "--tasks", "100000", "--out", png},
    };
    for (const auto& args : cases) {
        const Outcome r = screenshotRun(args);
        std::string shown;
        for (const std::string& a : args)
            shown += a + " ";
        EXPECT_EQ(r.result.status, kExitUsage) << shown << "\n" << r.err;
        EXPECT_EQ(screenshotLineCount(r.err), 1u) << shown << "\n" << r.err;
        EXPECT_EQ(r.out, "") << shown;
    }
    EXPECT_TRUE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).isEmpty());
}

TEST(ScreenshotCommand, APictureOverTheMegapixelLimitIsRefusedBeforeTheRun)
{
    QTemporaryDir dir;
    const std::string png = dir.filePath(QStringLiteral("huge.png")).toStdString();
    // 16384x16384 at scale 2 is 1074 megapixels, 4.3 GB of image: refused in words, nothing run.
    const Outcome r = screenshotRun(screenshot({"--out", png, "--size", "16384x16384", "--scale", "2"}));
    EXPECT_EQ(r.result.status, kExitUsage) << r.err;
    EXPECT_EQ(screenshotLineCount(r.err), 1u) << r.err;
    EXPECT_NE(r.err.find("1074 megapixels"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("64 megapixels"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_FALSE(QFileInfo::exists(QString::fromStdString(png)));
    // Just under the limit is drawn by the same rule: 3840x2160 at scale 2 is 33 megapixels.
    EXPECT_EQ(interleave::exportPixelsProblem(QSize(3840, 2160), 2), std::nullopt);
}

TEST(ScreenshotCommand, UnwritablePathIsOneLineNamingItAndExit1)
{
    const Outcome r = screenshotRun(screenshot({"--out", "/proc/x/y.png", "--size", "320x200"}));
    EXPECT_EQ(r.result.status, kExitFailure);
    EXPECT_EQ(screenshotLineCount(r.err), 1u) << r.err;
    EXPECT_NE(r.err.find("/proc/x/y.png"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_FALSE(QFileInfo::exists(QStringLiteral("/proc/x/y.png")));
}

TEST(OpenCommand, PrintsTheSummaryOfASavedRun)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string path = dir.filePath(QStringLiteral("run.json")).toStdString();
    std::vector<std::string> args {"run"};
    for (const std::string& a : tinyRun())
        args.push_back(a);
    args.insert(args.end(), {"--trace", path});
    const Outcome saved = screenshotRun(args);
    ASSERT_EQ(saved.result.status, kExitOk) << saved.err;

    // The tests run on the offscreen platform: no window can open, so the summary is printed.
    const Outcome r = screenshotRun({"open", path});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    EXPECT_FALSE(r.result.launchGui);
    EXPECT_EQ(r.err, "");
    const Trace trace = loadChromeTrace(path);
    EXPECT_EQ(r.out, formatTraceSummary(trace));
    std::size_t threads = 0;
    for (std::size_t i = 0; i < trace.laneCount(); ++i) {
        const LaneInfo& lane = trace.lane(static_cast<LaneId>(i));
        EXPECT_NE(r.out.find(lane.name), std::string::npos) << lane.name << "\n" << r.out;
        threads += lane.kind == LaneKind::Thread ? 1 : 0;
    }
    EXPECT_GE(threads, 3u) << r.out;

    const Outcome forced = screenshotRun({"open", "--summary", path});
    EXPECT_EQ(forced.result.status, kExitOk);
    EXPECT_EQ(forced.out, r.out);
}

TEST(OpenCommand, MalformedFileIsOneLineAndExit1)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string path = dir.filePath(QStringLiteral("bad.json")).toStdString();
    {
        std::ofstream file(path);
        file << "{\"traceEvents\": [{\"ph\": \"X\", \"ts\": 1, \"dur\": -5";
    }
    const Outcome r = screenshotRun({"open", path});
    EXPECT_EQ(r.result.status, kExitFailure);
    EXPECT_FALSE(r.result.launchGui);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(screenshotLineCount(r.err), 1u) << r.err;
    EXPECT_EQ(r.err.rfind("interleave open: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(path), std::string::npos) << r.err;

    const Outcome missing = screenshotRun({"open", dir.filePath(QStringLiteral("none.json")).toStdString()});
    EXPECT_EQ(missing.result.status, kExitFailure);
    EXPECT_EQ(screenshotLineCount(missing.err), 1u) << missing.err;
}

// A scenario file is told from a trace by its format's name: the summary says what it holds,
// and a malformed one names its bad field on one line.
TEST(OpenCommand, AScenarioFilePrintsWhatItHoldsAndABadOneItsField)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string path = dir.filePath(QStringLiteral("semaphore.json")).toStdString();
    {
        std::ofstream file(path);
        file << R"({"format": "interleave-scenario", "version": 1, "title": "Three at a time",
            "lab": {"name": "semaphore", "parameters": {"threads": 10, "limit": 3}}})";
    }
    const Outcome r = screenshotRun({"open", path});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    EXPECT_FALSE(r.result.launchGui);
    EXPECT_EQ(r.out, "Scenario: Three at a time\nlab: semaphore limit=3 threads=10\n");

    const std::string bad = dir.filePath(QStringLiteral("bad.json")).toStdString();
    {
        std::ofstream file(bad);
        file << R"({"format": "interleave-scenario", "version": 1, "title": "Bad",
            "lab": {"name": "semaphore", "parameters": {"permits": 3}}})";
    }
    const Outcome refused = screenshotRun({"open", bad});
    EXPECT_EQ(refused.result.status, kExitFailure);
    EXPECT_EQ(refused.out, "");
    EXPECT_EQ(screenshotLineCount(refused.err), 1u) << refused.err;
    EXPECT_NE(refused.err.find("lab.parameters.permits is not one the semaphore lab knows"), std::string::npos)
        << refused.err;
}

TEST(OpenCommand, APythonScriptWithoutAWindowPointsAtTrace)
{
    // Offscreen: no window to show the Python tab in.
    const Outcome r = screenshotRun({"open", "downloads.py"});
    EXPECT_EQ(r.result.status, kExitUsage);
    EXPECT_FALSE(r.result.launchGui);
    EXPECT_EQ(screenshotLineCount(r.err), 1u) << r.err;
    EXPECT_NE(r.err.find("interleave trace downloads.py"), std::string::npos) << r.err;
}

TEST(OpenCommand, NeedsAFile)
{
    const Outcome r = screenshotRun({"open"});
    EXPECT_EQ(r.result.status, kExitUsage);
    EXPECT_EQ(screenshotLineCount(r.err), 1u) << r.err;
}

// The number options of the commands that draw, refused as the other commands' are
// (test_commandline.cpp's RunArgumentErrors).
class DrawingArgumentErrors : public testing::TestWithParam<commandtest::BadArguments> { };

TEST_P(DrawingArgumentErrors, AreOneLineNamingTheArgumentWithStatus2)
{
    const std::vector<const char*>& args = GetParam().args;
    commandtest::expectOneLineUsageError(
        commandtest::runInterleave({args.begin(), args.end()}, drawingCommands()), GetParam().named);
}

INSTANTIATE_TEST_SUITE_P(Cases, DrawingArgumentErrors,
    testing::Values(
        commandtest::BadArguments {{"bench", "render", "--spans", "0x1000"}, "--spans"},
        commandtest::BadArguments {{"tour", "--out", "/nonexistent/x", "--scale", "NaN"}, "--scale"},
        commandtest::BadArguments {{"tour", "--out", "/nonexistent/x", "--scale", "inf"}, "--scale"},
        commandtest::BadArguments {{"tour", "--out", "/nonexistent/x", "--scale", "-2"}, "--scale"},
        commandtest::BadArguments {{"screenshot", "--out", "/nonexistent/x.png", "--scale", "nan"}, "--scale"},
        commandtest::BadArguments {{"screenshot", "--out", "/nonexistent/x.png", "--scale", "-1"}, "--scale"}),
    [](const testing::TestParamInfo<commandtest::BadArguments>& info) {
        return commandtest::argumentCaseName(info.index, info.param.named);
    });

} // namespace
} // namespace interleave::cli
