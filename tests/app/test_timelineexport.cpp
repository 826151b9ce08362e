#include "export/timelineexport.h"
#include "trace/clock.h"
#include "window/mainwindow.h"
#include "timeline/timelinewidget.h"
#include "trace/chrome_trace.h"

#include "trace/trace.h"

#include <QAction>
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <fstream>

#include <set>
#include <string>

namespace interleave {
namespace {


// A process with two threads taking turns, as a small GIL run draws them.
Trace smallTrace()
{
    TraceBuilder builder;
    const LaneId process
        = builder.addLane({.kind = LaneKind::Process, .pid = 10, .tid = 10, .name = "python"});
    const TimeNs origin = 1'000 * kNsPerMs;
    for (int t = 0; t < 2; ++t) {
        const LaneId lane = builder.addLane({.parent = process,
            .kind = LaneKind::Thread,
            .pid = 10,
            .tid = 11 + t,
            .name = "Thread-" + std::to_string(t + 1)});
        TimeNs at = origin;
        for (int i = 0; i < 10; ++i) {
            const bool mine = (i + t) % 2 == 0;
            builder.append(lane, {.time = at, .task = t, .state = mine ? State::Running : State::WaitingGil});
            at += 5 * kNsPerMs;
        }
        builder.setLaneEnd(lane, at);
    }
    builder.append(process, {.time = origin, .task = kNoTask, .state = State::Running});
    builder.setLaneEnd(process, origin + 50 * kNsPerMs);
    return builder.build();
}

std::size_t distinctColours(const QImage& image)
{
    std::set<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    return colours.size();
}

QByteArray contents(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

TEST(TimelineExport, FormatFollowsTheExtension)
{
    EXPECT_EQ(exportFormatForPath(QStringLiteral("a/b.png")), ExportFormat::Png);
    EXPECT_EQ(exportFormatForPath(QStringLiteral("B.PNG")), ExportFormat::Png);
    EXPECT_EQ(exportFormatForPath(QStringLiteral("c.svg")), ExportFormat::Svg);
    EXPECT_EQ(exportFormatForPath(QStringLiteral("c.jpg")), std::nullopt);
    EXPECT_EQ(exportFormatForPath(QStringLiteral("png")), std::nullopt);
}

TEST(TimelineExport, PngHasSizeTimesScalePixelsAndIsNotBlank)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("t.png"));
    exportTimeline(smallTrace(), path, QSize(800, 450), 2, TimelineTheme::Light);
    const QImage image(path);
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(image.size(), QSize(1600, 900));
    EXPECT_GT(distinctColours(image), 4u);
    // Only the file itself: the temporary one was renamed over it.
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList {QStringLiteral("t.png")});
}

TEST(TimelineExport, SvgIsAnSvgDocument)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("t.svg"));
    exportTimeline(smallTrace(), path, QSize(800, 450), 1, TimelineTheme::Light);
    const QByteArray svg = contents(path);
    EXPECT_TRUE(svg.startsWith("<?xml") || svg.contains("<svg")) << svg.left(200).toStdString();
    EXPECT_TRUE(svg.contains("</svg>"));
    EXPECT_TRUE(svg.contains("Thread-1")); // labels are text, not pixels
}

TEST(TimelineExport, DarkAndLightDiffer)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString light = dir.filePath(QStringLiteral("light.png"));
    const QString dark = dir.filePath(QStringLiteral("dark.png"));
    exportTimeline(smallTrace(), light, QSize(400, 300), 1, TimelineTheme::Light);
    exportTimeline(smallTrace(), dark, QSize(400, 300), 1, TimelineTheme::Dark);
    const QImage a(light);
    const QImage b(dark);
    ASSERT_EQ(a.size(), b.size());
    EXPECT_NE(a, b);
    // The background (bottom right, below the rows) is light in one and dark in the other.
    EXPECT_GT(qGray(a.pixel(a.width() - 2, a.height() - 2)), qGray(b.pixel(b.width() - 2, b.height() - 2)));
}

TEST(TimelineExport, AnEmptyTraceStillDrawsTheFrame)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("empty.png"));
    exportTimeline(Trace(), path, QSize(300, 200), 1, TimelineTheme::Dark);
    EXPECT_EQ(QImage(path).size(), QSize(300, 200));
}

TEST(TimelineExport, UnwritablePathIsAnErrorNamingItAndLeavesNothing)
{
    const QString path = QStringLiteral("/proc/x/y.png");
    try {
        exportTimeline(smallTrace(), path, QSize(300, 200), 1, TimelineTheme::Light);
        FAIL() << "no error";
    } catch (const TimelineExportError& e) {
        EXPECT_NE(std::string(e.what()).find("/proc/x/y.png"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(QFileInfo::exists(path));

    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString missing = dir.filePath(QStringLiteral("no/such/dir/t.svg"));
    EXPECT_THROW(
        exportTimeline(smallTrace(), missing, QSize(300, 200), 1, TimelineTheme::Light), TimelineExportError);
    EXPECT_TRUE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).isEmpty());
}

TEST(TimelineExport, AFailedExportLeavesTheOldFileAlone)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("keep.png"));
    exportTimeline(smallTrace(), path, QSize(300, 200), 1, TimelineTheme::Light);
    const QByteArray before = contents(path);
    EXPECT_THROW(
        exportTimeline(smallTrace(), path, QSize(0, 200), 1, TimelineTheme::Dark), TimelineExportError);
    EXPECT_EQ(contents(path), before);
}

TEST(TimelineExport, UnknownExtensionIsAnError)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("t.jpg"));
    try {
        exportTimeline(smallTrace(), path, QSize(300, 200), 1, TimelineTheme::Light);
        FAIL() << "no error";
    } catch (const TimelineExportError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("t.jpg"), std::string::npos) << message;
        EXPECT_NE(message.find(".png"), std::string::npos) << message;
    }
    EXPECT_FALSE(QFileInfo::exists(path));
}

TEST(TimelineExport, BadSizeOrScaleIsAnError)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("t.png"));
    EXPECT_THROW(
        exportTimeline(smallTrace(), path, QSize(0, 0), 1, TimelineTheme::Light), TimelineExportError);
    EXPECT_THROW(
        exportTimeline(smallTrace(), path, QSize(10, 10), 0, TimelineTheme::Light), TimelineExportError);
    EXPECT_THROW(
        exportTimeline(smallTrace(), path, QSize(10, 10), -1, TimelineTheme::Light), TimelineExportError);
    EXPECT_FALSE(QFileInfo::exists(path));
}

TEST(TimelineExport, WindowOpensATraceAndExportsIt)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString tracePath = dir.filePath(QStringLiteral("run.json"));
    saveChromeTrace(smallTrace(), tracePath.toStdString());

    MainWindow window;
    EXPECT_FALSE(window.exportAction()->isEnabled()); // nothing to export yet
    QString error;
    ASSERT_TRUE(window.openTrace(tracePath, &error)) << error.toStdString();
    EXPECT_EQ(window.timeline()->trace().laneCount(), 3u);
    EXPECT_TRUE(window.exportAction()->isEnabled());

    const QString png = dir.filePath(QStringLiteral("window.png"));
    ASSERT_TRUE(window.exportTimelineTo(png, &error)) << error.toStdString();
    const QImage image(png);
    EXPECT_FALSE(image.isNull());
    EXPECT_EQ(
        image.size(), (QSizeF(window.timeline()->size()) * window.timeline()->devicePixelRatioF()).toSize());

    EXPECT_FALSE(window.exportTimelineTo(dir.filePath(QStringLiteral("window.bmp")), &error));
    EXPECT_TRUE(error.contains(QStringLiteral("window.bmp"))) << error.toStdString();
}

TEST(TimelineExport, WindowReportsABadTraceAndKeepsWhatItShows)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString good = dir.filePath(QStringLiteral("good.json"));
    saveChromeTrace(smallTrace(), good.toStdString());
    const QString bad = dir.filePath(QStringLiteral("bad.json"));
    {
        std::ofstream file(bad.toStdString());
        file << "{\"traceEvents\": [";
    }
    MainWindow window;
    QString error;
    ASSERT_TRUE(window.openTrace(good, &error));
    EXPECT_FALSE(window.openTrace(bad, &error));
    EXPECT_TRUE(error.contains(QStringLiteral("bad.json"))) << error.toStdString();
    EXPECT_EQ(window.timeline()->trace().laneCount(), 3u);
}

} // namespace
} // namespace interleave
