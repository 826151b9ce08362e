// The lab's views drawn by `interleave screenshot --view deadlock|locks|step|race`.
#include "cycle_pixels.h"

#include "../../cli/commandline_testing.h"
#include "drawcommands/drawingcommands.h"

#include <QColor>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QString>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace interleave::cli {
namespace {

using commandtest::Outcome;

Outcome labShotRun(const std::vector<std::string>& args)
{
    return commandtest::runInterleave(args, drawingCommands());
}

TEST(LabScreenshot, DeadlockViewIsWrittenAsAPngOfTheRequestedSize)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string path = dir.filePath(QStringLiteral("deadlock.png")).toStdString();
    const Outcome r = labShotRun(
        {"screenshot", "--view", "deadlock", "--philosophers", "4", "--out", path, "--size", "1000x700"});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    EXPECT_EQ(r.out, path + "\n");
    const QImage image(QString::fromStdString(path));
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(image.size(), QSize(1000, 700));
}

using testing_cycle::cycleColouredPixels;

TEST(LabScreenshot, ASavedDeadlockRunIsDrawnInItsViewWithTheCycle)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string trace = dir.filePath(QStringLiteral("deadlock.json")).toStdString();
    Outcome r = labShotRun({"deadlock", "--two-locks", "--trace", trace});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    const std::string path = dir.filePath(QStringLiteral("saved.png")).toStdString();
    r = labShotRun({"screenshot", "--view", "deadlock", "--from-trace", trace, "--out", path, "--size", "1000x700"});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    EXPECT_EQ(r.out, path + "\n");
    const QImage image(QString::fromStdString(path));
    ASSERT_EQ(image.size(), QSize(1000, 700));
    // The graph on the left, at the run's end: the cycle stands, drawn in its colour.
    EXPECT_GT(cycleColouredPixels(image, 450), 200);

    // The framing options are the timeline view's, and other views draw only their own runs.
    r = labShotRun({"screenshot", "--view", "deadlock", "--from-trace", trace, "--from-ms", "1", "--out", path});
    EXPECT_EQ(r.result.status, kExitUsage);
    r = labShotRun({"screenshot", "--view", "locks", "--from-trace", trace, "--out", path});
    EXPECT_EQ(r.result.status, kExitUsage);
    EXPECT_NE(r.err.find("only --view deadlock draws a saved run"), std::string::npos) << r.err;
}

TEST(LabScreenshot, ATraceWithoutALockLogIsNotDrawnAsADeadlock)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string trace = dir.filePath(QStringLiteral("engine.json")).toStdString();
    Outcome r = labShotRun({"run", "--model", "threads", "--workload", "io", "--tasks", "2", "--latency-ms", "5",
        "--trace", trace});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    const std::string path = dir.filePath(QStringLiteral("x.png")).toStdString();
    r = labShotRun({"screenshot", "--view", "deadlock", "--from-trace", trace, "--out", path});
    EXPECT_EQ(r.result.status, kExitUsage);
    EXPECT_NE(r.err.find("is not a deadlock run with its lock log"), std::string::npos) << r.err;
    EXPECT_FALSE(QFileInfo::exists(QString::fromStdString(path)));
}

TEST(LabScreenshot, LocksViewTakesTheDemoAndItsParameters)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string path = dir.filePath(QStringLiteral("semaphore.png")).toStdString();
    const Outcome r = labShotRun({"screenshot", "--view", "locks", "--demo", "semaphore", "--lock-threads", "5",
        "--limit", "2", "--out", path, "--size", "900x600", "--scale", "2"});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    const QImage image(QString::fromStdString(path));
    EXPECT_EQ(image.size(), QSize(1800, 1200));
}

TEST(LabScreenshot, BadLabOptionsChangeNothing)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString png = dir.filePath(QStringLiteral("x.png"));
    const std::string path = png.toStdString();
    Outcome r = labShotRun({"screenshot", "--view", "locks", "--demo", "mutex", "--out", path});
    EXPECT_EQ(r.result.status, kExitUsage);
    EXPECT_NE(r.err.find("--demo"), std::string::npos) << r.err;
    r = labShotRun({"screenshot", "--view", "deadlock", "--philosophers", "12", "--out", path});
    EXPECT_EQ(r.result.status, kExitUsage);
    EXPECT_NE(r.err.find("2 to 10"), std::string::npos) << r.err;
    r = labShotRun(
        {"screenshot", "--view", "deadlock", "--out", dir.filePath(QStringLiteral("x.svg")).toStdString()});
    EXPECT_EQ(r.result.status, kExitUsage);
    r = labShotRun({"screenshot", "--view", "locks", "--demo", "semaphore", "--limit", "40", "--out", path});
    EXPECT_EQ(r.result.status, kExitUsage);
    EXPECT_TRUE(QDir(dir.path()).isEmpty());
}

TEST(ScreenshotView, DrawsTheStepThroughView)
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("step.png").toStdString();
    const Outcome r = labShotRun({"screenshot", "--view", "step", "--out", path, "--size", "1200x800"});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    EXPECT_EQ(r.out, path + "\n");
    const QImage image(QString::fromStdString(path));
    EXPECT_EQ(image.size(), QSize(1200, 800));
}

TEST(ScreenshotView, DrawsTheRaceViewWithTheRaceOptions)
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("race.png").toStdString();
    const Outcome r = labShotRun({"screenshot", "--view", "race", "--out", path, "--size", "1000x700", "--threads",
        "2", "--increments", "200", "--lock", "--widen-us", "20", "--widen-by", "sleep", "--repeat", "2"});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    EXPECT_EQ(QImage(QString::fromStdString(path)).size(), QSize(1000, 700));
    const Outcome bad = labShotRun({"screenshot", "--view", "race", "--out", path, "--threads", "0"});
    EXPECT_EQ(bad.result.status, kExitUsage);
    EXPECT_NE(bad.err.find("--threads"), std::string::npos) << bad.err;
}

TEST(ScreenshotView, RefusesUnknownViewsAndSvg)
{
    EXPECT_EQ(labShotRun({"screenshot", "--view", "nothing", "--out", "/tmp/x.png"}).result.status, kExitUsage);
    const Outcome svg = labShotRun({"screenshot", "--view", "step", "--out", "/tmp/interleave-never-written.svg"});
    EXPECT_EQ(svg.result.status, kExitUsage);
    EXPECT_NE(svg.err.find("PNG"), std::string::npos) << svg.err;
}
} // namespace
} // namespace interleave::cli
