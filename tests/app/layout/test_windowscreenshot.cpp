#include "../../cli/commandline_testing.h"
#include "screens.h"
#include "windowgeometry.h"

#include "cli/commandline.h"
#include "drawcommands/drawingcommands.h"
#include "teachviews/classroommode.h"
#include "themepalette.h"
#include "window/mainwindow.h"
#include "window/windowshot.h"

#include <QApplication>
#include <QColor>
#include <QFile>
#include <QImage>
#include <QSettings>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace interleave {
namespace {

using cli::commandtest::Outcome;
using testing_layout::clearWindowSettings;
using testing_layout::layoutProblems;
using testing_layout::minimumWidths;
using testing_layout::sizeText;

// One picture of the window: the screen's size, the theme, classroom mode, the scale.
struct Shot {
    QSize size;
    TimelineTheme theme = TimelineTheme::Light;
    bool classroom = false;
    double scale = 1;
};

std::string shotName(const Shot& shot)
{
    return sizeText(shot.size).toStdString() + (shot.theme == TimelineTheme::Dark ? "_dark" : "_light")
        + (shot.classroom ? "_classroom" : "") + (shot.scale != 1 ? "_x" + std::to_string(static_cast<int>(shot.scale)) : "");
}

void PrintTo(const Shot& shot, std::ostream* out)
{
    *out << shotName(shot);
}

// The run every picture shows: four threads waiting on I/O, a few milliseconds.
std::vector<std::string> shortRun()
{
    return {"--model", "threads", "--workload", "io", "--tasks", "4", "--latency-ms", "2"};
}

RunConfig shortRunConfig()
{
    RunConfig c;
    c.model = Model::Threads;
    c.workload = WorkloadKind::Io;
    c.tasks = 4;
    c.latencyMs = 2;
    return c;
}

class WindowScreenshot : public testing::TestWithParam<Shot> {
protected:
    void SetUp() override { clearWindowSettings(); }

    void TearDown() override
    {
        clearWindowSettings();
        // The window's classroom mode gave back the application's font and palette as it
        // found them, which are the theme's: the next test starts light.
        QApplication::setPalette(MainWindow::paletteFor(TimelineTheme::Light));
    }

    Outcome shoot(const Shot& shot, const std::string& out)
    {
        std::vector<std::string> args {"screenshot", "--view", "window", "--size", sizeText(shot.size).toStdString(),
            "--scale", std::to_string(shot.scale), "--out", out};
        if (shot.theme == TimelineTheme::Dark)
            args.insert(args.end(), {"--theme", "dark"});
        if (shot.classroom)
            args.emplace_back("--classroom");
        for (const std::string& a : shortRun())
            args.push_back(a);
        return cli::commandtest::runInterleave(args, cli::drawingCommands());
    }

    QTemporaryDir dir;
};

// How many sampled pixels (on a grid) have each colour: a blank picture has one colour, a
// window many.
std::map<QRgb, int> colourCounts(const QImage& image)
{
    std::map<QRgb, int> counts;
    for (int y = 0; y < image.height(); y += 4)
        for (int x = 0; x < image.width(); x += 4)
            ++counts[image.pixel(x, y)];
    return counts;
}

// The lightness that half the sampled pixels are below: the window's background, mostly.
int medianLightness(const QImage& image)
{
    std::vector<int> values;
    for (int y = 0; y < image.height(); y += 4)
        for (int x = 0; x < image.width(); x += 4)
            values.push_back(QColor(image.pixel(x, y)).lightness());
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2), values.end());
    return values[values.size() / 2];
}

// The command writes a PNG of the screen's size times the scale, with a window in it (many
// colours, none over most of it), dark in the dark theme and light in the light one.
TEST_P(WindowScreenshot, WritesThePngAtTheScreensSize)
{
    const Shot shot = GetParam();
    const std::string path = dir.filePath(QStringLiteral("window.png")).toStdString();
    const Outcome r = shoot(shot, path);
    ASSERT_EQ(r.result.status, cli::kExitOk) << r.err;
    EXPECT_EQ(r.out, path + "\n");
    EXPECT_EQ(r.err, "") << "the window fits its screen";
    const QImage image(QString::fromStdString(path));
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(sizeText(image.size()).toStdString(), sizeText(shot.size * shot.scale).toStdString());

    const std::map<QRgb, int> counts = colourCounts(image);
    int samples = 0;
    int most = 0;
    for (const auto& [colour, count] : counts) {
        samples += count;
        most = std::max(most, count);
    }
    EXPECT_GE(counts.size(), 50u) << "not blank: text, bars, controls and background";
    EXPECT_LT(most, samples * 9 / 10) << "no one colour covers the picture";
    if (shot.theme == TimelineTheme::Dark)
        EXPECT_LT(medianLightness(image), 70) << "the dark theme's window is dark";
    else
        EXPECT_GT(medianLightness(image), 180) << "the light theme's window is light";
}

// The window the command draws, built the same way: at exactly the screen's size, every
// visible widget inside it, none below its minimum, no text cut, no page scrolling sideways.
TEST_P(WindowScreenshot, LaysTheWindowOutWhole)
{
    const Shot shot = GetParam();
    WindowShotSetup setup;
    setup.config = shortRunConfig();
    setup.size = shot.size;
    setup.theme = shot.theme;
    setup.classroom = shot.classroom;
    std::unique_ptr<MainWindow> window = showWindowForShot(setup);
    EXPECT_EQ(sizeText(window->size()).toStdString(), sizeText(shot.size).toStdString())
        << minimumWidths(*window).toStdString();
    EXPECT_FALSE(window->timeline() == nullptr);
    const QStringList problems = layoutProblems(*window);
    EXPECT_TRUE(problems.isEmpty()) << "(" << minimumWidths(*window).toStdString() << "):\n  "
                                    << problems.join(QStringLiteral("\n  ")).toStdString();
    EXPECT_EQ(window->classroomMode()->isEnabled(), shot.classroom);
    EXPECT_EQ(window->theme(), shot.theme);
}

INSTANTIATE_TEST_SUITE_P(Screens, WindowScreenshot,
    testing::Values(Shot {{1024, 768}}, Shot {{1280, 720}}, Shot {{1280, 800}}, Shot {{1920, 1080}},
        Shot {{1024, 768}, TimelineTheme::Dark}, Shot {{1920, 1080}, TimelineTheme::Dark},
        Shot {{1280, 800}, TimelineTheme::Light, true}, Shot {{1280, 800}, TimelineTheme::Dark, true},
        Shot {{1920, 1080}, TimelineTheme::Light, true}, Shot {{1024, 768}, TimelineTheme::Light, true},
        Shot {{1280, 720}, TimelineTheme::Dark, true}, Shot {{1024, 768}, TimelineTheme::Light, false, 2}),
    [](const testing::TestParamInfo<Shot>& info) { return shotName(info.param); });

class WindowScreenshotRefuses : public testing::Test {
protected:
    void SetUp() override { clearWindowSettings(); }
    void TearDown() override { clearWindowSettings(); }
    QTemporaryDir dir;
};

// A size no screen has (in a program with screens already), a tab the window lacks, and the
// window's options on another view: one line each, exit 2, nothing written.
TEST_F(WindowScreenshotRefuses, WhatItCannotDraw)
{
    const std::string path = dir.filePath(QStringLiteral("window.png")).toStdString();
    const auto run = [](const std::string& out, std::vector<std::string> extra) {
        std::vector<std::string> args {"screenshot", "--out", out};
        args.insert(args.end(), extra.begin(), extra.end());
        for (const std::string& a : shortRun())
            args.push_back(a);
        return cli::commandtest::runInterleave(args, cli::drawingCommands());
    };
    using cli::commandtest::expectOneLineUsageError;
    expectOneLineUsageError(run(path, {"--view", "window", "--size", "1000x700"}), "1000x700");
    expectOneLineUsageError(run(path, {"--view", "window", "--size", "1280x800", "--tab", "Nowhere"}), "Nowhere");
    expectOneLineUsageError(run(path, {"--view", "timeline", "--classroom"}), "--classroom");
    const std::string svg = dir.filePath(QStringLiteral("window.svg")).toStdString();
    expectOneLineUsageError(run(svg, {"--view", "window", "--size", "1280x800"}), "PNG only");
    EXPECT_FALSE(QFile::exists(QString::fromStdString(svg)));
    EXPECT_FALSE(QFile::exists(QString::fromStdString(path)));
}

// A run that outlasts --timeout ends the command with a clear word, not a hang, and no file.
TEST_F(WindowScreenshotRefuses, ARunLongerThanTheTimeout)
{
    const std::string path = dir.filePath(QStringLiteral("window.png")).toStdString();
    const Outcome r = cli::commandtest::runInterleave({"screenshot", "--view", "window", "--size", "1280x800",
                                                          "--out", path, "--timeout", "1", "--model", "threads",
                                                          "--workload", "io", "--tasks", "2", "--latency-ms", "20000"},
        cli::drawingCommands());
    EXPECT_EQ(r.result.status, cli::kExitFailure);
    EXPECT_NE(r.err.find("did not finish within 1 s"), std::string::npos) << r.err;
    EXPECT_FALSE(QFile::exists(QString::fromStdString(path)));
}

} // namespace
} // namespace interleave
