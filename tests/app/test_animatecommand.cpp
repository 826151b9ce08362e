#include "../cli/commandline_testing.h"
#include "lab/cycle_pixels.h"
#include "cli/commandline.h"
#include "drawcommands/drawingcommands.h"

#include "export/framedtimeline.h"
#include "export/timelineanimation.h"
#include "export/timelineexport.h"
#include "trace/chrome_trace_writer.h"
#include "trace/trace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>

#include <gif_lib.h>

#include "../core/io/gif_testing.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <stop_token>
#include <string>
#include <vector>

namespace interleave::cli {
namespace {

using commandtest::Outcome;

Outcome animateRun(const std::vector<std::string>& args)
{
    return commandtest::runInterleave(args, drawingCommands());
}

// A saved run of a fixed shape: a process and three threads handing one GIL around in 10 ms
// turns for `ms` milliseconds, then Done.
Trace gilTrace(int ms = 100)
{
    TraceBuilder builder;
    const TimeNs t0 = 1'000'000'000;
    const LaneId process = builder.addLane({.id = 0, .parent = kNoLane, .kind = LaneKind::Process, .pid = 100,
        .tid = 100, .name = "MainProcess"});
    builder.append(process, {.time = t0, .state = State::Running});
    builder.append(process, {.time = t0 + ms * kNsPerMs, .state = State::Done});
    for (int i = 0; i < 3; ++i) {
        const LaneId lane = builder.addLane({.id = static_cast<LaneId>(i + 1), .parent = process,
            .kind = LaneKind::Thread, .pid = 100, .tid = 101 + i, .name = "Thread-" + std::to_string(i + 1)});
        for (int turn = 0; turn < ms / 10; ++turn)
            builder.append(lane, {.time = t0 + turn * 10 * kNsPerMs,
                .state = turn % 3 == i ? State::Running : State::WaitingGil});
        builder.append(lane, {.time = t0 + ms * kNsPerMs, .state = State::Done});
    }
    return builder.build();
}

std::string savedTrace(const QTemporaryDir& dir, int ms = 100)
{
    const std::string path = dir.filePath(QStringLiteral("run-%1.json").arg(ms)).toStdString();
    saveChromeTrace(gilTrace(ms), path);
    return path;
}

struct GifCloser {
    void operator()(GifFileType* gif) const
    {
        int error = 0;
        DGifCloseFile(gif, &error);
    }
};
using GifFile = std::unique_ptr<GifFileType, GifCloser>;

GifFile readGif(const std::string& path)
{
    int error = 0;
    GifFile gif(DGifOpenFileName(path.c_str(), &error));
    if (!gif) {
        ADD_FAILURE() << "DGifOpenFileName: " << GifErrorString(error);
        return gif;
    }
    if (DGifSlurp(gif.get()) != GIF_OK)
        ADD_FAILURE() << "DGifSlurp: " << GifErrorString(gif->Error);
    return gif;
}

int totalDelayCs(GifFileType& gif)
{
    int total = 0;
    for (int i = 0; i < gif.ImageCount; ++i) {
        GraphicsControlBlock control {};
        DGifSavedExtensionToGCB(&gif, i, &control);
        total += control.DelayTime;
    }
    return total;
}

// The picture a viewer shows once the first `images` images are drawn, each over the one before.
QImage frameAfter(GifFileType& gif, int images)
{
    QImage canvas(gif.SWidth, gif.SHeight, QImage::Format_RGB32);
    canvas.fill(Qt::black);
    // Format_RGB32 rows are whole 32-bit pixels, 0xFFRRGGBB, with no padding.
    for (int i = 0; i < images && i < gif.ImageCount; ++i)
        testing_gif::drawImageOnto(gif, i, reinterpret_cast<std::uint32_t*>(canvas.bits()));
    return canvas;
}

// The picture a viewer shows at the end: every image drawn over the one before.
QImage lastFrame(GifFileType& gif)
{
    return frameAfter(gif, gif.ImageCount);
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

TEST(Animate, WritesAGifOfItsSizeFramesPaletteAndLoop)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string gifPath = dir.filePath(QStringLiteral("replay.gif")).toStdString();
    // 100 ms at speed 0.1: one second, 20 frames at 20 a second, and the whole run held.
    const Outcome r = animateRun({"animate", "--from-trace", savedTrace(dir), "--out", gifPath, "--size", "480x270",
        "--scale", "2", "--speed", "0.1", "--fps", "20", "--loop"});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_TRUE(r.out.starts_with(gifPath + "\n21 frames (21 images in the file), 960x540 pixels, 1.00 s of replay"))
        << r.out;
    const GifFile gif = readGif(gifPath);
    ASSERT_TRUE(gif);
    EXPECT_EQ(gif->SWidth, 960);
    EXPECT_EQ(gif->SHeight, 540);
    EXPECT_EQ(gif->ImageCount, 21);
    ASSERT_NE(gif->SColorMap, nullptr);
    EXPECT_EQ(gif->SColorMap->ColorCount, 256);
    // The light theme's background is the table's first entry.
    const GifColorType first = gif->SColorMap->Colors[0];
    EXPECT_EQ(qRgb(first.Red, first.Green, first.Blue), qRgb(255, 255, 255));
    EXPECT_TRUE(testing_gif::loops(*gif));
    EXPECT_EQ(totalDelayCs(*gif), 100 + 200);
}

TEST(Animate, PlaysOnceWithoutLoopAndFollowsTheRate)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string gifPath = dir.filePath(QStringLiteral("replay.gif")).toStdString();
    // 100 ms at speed 0.2: half a second; 30 frames a second make 15 steps of 3 or 4 hundredths.
    const Outcome r = animateRun({"animate", "--from-trace", savedTrace(dir), "--out", gifPath, "--size", "400x240",
        "--speed", "0.2", "--fps", "30"});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    const GifFile gif = readGif(gifPath);
    ASSERT_TRUE(gif);
    EXPECT_FALSE(testing_gif::loops(*gif));
    EXPECT_EQ(gif->ImageCount, 16);
    EXPECT_EQ(totalDelayCs(*gif), 50 + 200);
}

TEST(Animate, TheLastFrameIsTheScreenshot)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string trace = savedTrace(dir);
    const std::string gifPath = dir.filePath(QStringLiteral("replay.gif")).toStdString();
    const std::string pngPath = dir.filePath(QStringLiteral("still.png")).toStdString();
    const std::vector<std::string> framing {"--size", "640x360", "--title", "Three threads, one GIL", "--caption",
        "Only one thread runs at a time.", "--lanes", "Thread-1,Thread-2"};
    std::vector<std::string> animate {"animate", "--from-trace", trace, "--out", gifPath, "--speed", "0.5"};
    std::vector<std::string> screenshot {"screenshot", "--from-trace", trace, "--out", pngPath};
    animate.insert(animate.end(), framing.begin(), framing.end());
    screenshot.insert(screenshot.end(), framing.begin(), framing.end());
    ASSERT_EQ(animateRun(animate).result.status, kExitOk);
    ASSERT_EQ(animateRun(screenshot).result.status, kExitOk);
    const GifFile gif = readGif(gifPath);
    ASSERT_TRUE(gif);
    const QImage last = lastFrame(*gif);
    const QImage still = QImage(QString::fromStdString(pngPath)).convertToFormat(QImage::Format_RGB32);
    ASSERT_EQ(last.size(), still.size());
    // The table holds the picture's colours: at most a few anti-aliased pixels are off, by little.
    int off = 0;
    for (int y = 0; y < still.height(); ++y) {
        for (int x = 0; x < still.width(); ++x) {
            const QRgb a = last.pixel(x, y);
            const QRgb b = still.pixel(x, y);
            if (std::abs(qRed(a) - qRed(b)) + std::abs(qGreen(a) - qGreen(b)) + std::abs(qBlue(a) - qBlue(b)) > 48)
                ++off;
        }
    }
    EXPECT_LT(off, still.width() * still.height() / 200) << off << " pixels differ";
}

TEST(Animate, TheSameSavedRunMakesTheSameFile)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string trace = savedTrace(dir);
    const std::string a = dir.filePath(QStringLiteral("a.gif")).toStdString();
    const std::string b = dir.filePath(QStringLiteral("b.gif")).toStdString();
    for (const std::string& path : {a, b})
        ASSERT_EQ(animateRun({"animate", "--from-trace", trace, "--out", path, "--size", "400x240", "--title", "GIL",
                      "--speed", "0.5"})
                      .result.status,
            kExitOk);
    EXPECT_EQ(readFile(a), readFile(b));
}

TEST(Animate, AWindowReplaysOnlyItsStretch)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string gifPath = dir.filePath(QStringLiteral("window.gif")).toStdString();
    // 50 ms of the run at speed 0.1: half a second, 10 frames and the held whole.
    const Outcome r = animateRun({"animate", "--from-trace", savedTrace(dir), "--out", gifPath, "--size", "400x240",
        "--from-ms", "20", "--to-ms", "70"});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    const GifFile gif = readGif(gifPath);
    ASSERT_TRUE(gif);
    EXPECT_EQ(gif->ImageCount, 11);
    EXPECT_EQ(totalDelayCs(*gif), 50 + 200);
}

TEST(Animate, RefusesWhatItCannotDrawInOneLine)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string trace = savedTrace(dir);
    const std::string gifPath = dir.filePath(QStringLiteral("x.gif")).toStdString();
    struct Case {
        std::vector<std::string> args;
        std::string says;
    };
    const std::vector<Case> cases {
        {{"--view", "step"}, "--view step cannot be animated"},
        {{"--view", "race"}, "--from-trace draws the timeline view, or with --view deadlock"},
        {{"--view", "deadlock"}, "has no lock log to draw a wait-for graph from"},
        {{"--fps", "60"}, "--fps must be 1 to 50"},
        {{"--speed", "9"}, "--speed must be 0.01 to 4"},
        {{"--size", "4000x3000"}, "megapixels a frame"},
        {{"--lanes", "Thread-9"}, "no lane is named 'Thread-9'"},
        {{"--from-ms", "500"}, "--from-ms 500 is at or after the end of the run"},
        {{"--from-ms", "50", "--to-ms", "40"}, "--to-ms must be after --from-ms"},
    };
    for (const Case& c : cases) {
        std::vector<std::string> args {"animate", "--from-trace", trace, "--out", gifPath};
        args.insert(args.end(), c.args.begin(), c.args.end());
        const Outcome r = animateRun(args);
        EXPECT_EQ(r.result.status, kExitUsage) << c.says;
        EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_FALSE(QFileInfo::exists(QString::fromStdString(gifPath)));
    }
    const Outcome png = animateRun({"animate", "--from-trace", trace, "--out", dir.filePath("x.png").toStdString()});
    EXPECT_EQ(png.result.status, kExitUsage);
    EXPECT_NE(png.err.find("--out must end in .gif"), std::string::npos) << png.err;
}

TEST(Animate, TooManyFramesAreRefusedNamingWhatToChange)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    // 1 s at speed 0.01 is 100 s of replay: 5000 frames at 50 a second.
    const Outcome r = animateRun({"animate", "--from-trace", savedTrace(dir, 1000), "--out",
        dir.filePath(QStringLiteral("x.gif")).toStdString(), "--speed", "0.01", "--fps", "50"});
    EXPECT_EQ(r.result.status, kExitUsage);
    EXPECT_NE(r.err.find("5001 frames"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("raise --speed"), std::string::npos) << r.err;
}

TEST(Animate, AnUnwritablePathIsRefusedBeforeTheRun)
{
    const Outcome r = animateRun({"animate", "--model", "threads", "--workload", "io", "--tasks", "2", "--out",
        "/nonexistent-folder/x.gif"});
    EXPECT_EQ(r.result.status, kExitFailure);
    EXPECT_NE(r.err.find("/nonexistent-folder/x.gif"), std::string::npos) << r.err;
}

TEST(Animate, AStopBetweenFramesDrawsNothing)
{
    std::stop_source stop;
    stop.request_stop();
    const std::optional<Animation> animation = renderTimelineAnimation(
        gilTrace(), TimelineFraming {}, QSize(320, 200), 1, TimelineTheme::Light, AnimationSettings {}, stop.get_token());
    EXPECT_FALSE(animation);
}

TEST(Animate, TheLabsRunsAreReplayed)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string race = dir.filePath(QStringLiteral("race.gif")).toStdString();
    const Outcome r = animateRun({"animate", "--view", "race", "--threads", "2", "--increments", "2000", "--out", race,
        "--size", "400x240", "--speed", "1"});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    EXPECT_NE(r.out.find("the race: expected 4000, got "), std::string::npos) << r.out;
    const GifFile raceGif = readGif(race);
    ASSERT_TRUE(raceGif);
    EXPECT_GE(raceGif->ImageCount, 2);

    const std::string deadlock = dir.filePath(QStringLiteral("deadlock.gif")).toStdString();
    const Outcome d = animateRun({"animate", "--view", "deadlock", "--two-locks", "--out", deadlock, "--size",
        "400x240", "--speed", "2", "--lanes", "worker-1,worker-2"});
    ASSERT_EQ(d.result.status, kExitOk) << d.err;
    const GifFile deadlockGif = readGif(deadlock);
    ASSERT_TRUE(deadlockGif);
    EXPECT_GE(deadlockGif->ImageCount, 2);

    const Outcome bad = animateRun({"animate", "--view", "locks", "--demo", "nope", "--out", deadlock});
    EXPECT_EQ(bad.result.status, kExitUsage);
    EXPECT_NE(bad.err.find("--demo must be"), std::string::npos) << bad.err;
}

using testing_cycle::cycleColouredPixels;

TEST(LabReplay, AnimateDeadlockDrawsTheWaitForGraphAtEachFramesPlayhead)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string path = dir.filePath(QStringLiteral("deadlock.gif")).toStdString();
    const Outcome d = animateRun(
        {"animate", "--view", "deadlock", "--two-locks", "--out", path, "--size", "600x300", "--speed", "1"});
    ASSERT_EQ(d.result.status, kExitOk) << d.err;
    const GifFile gif = readGif(path);
    ASSERT_TRUE(gif);
    ASSERT_GE(gif->ImageCount, 3);
    // The graph takes the left 270 px: at the first frame's playhead (the run's start) nobody
    // waits, so nothing is in the cycle's colour; at the end the cycle stands.
    EXPECT_EQ(cycleColouredPixels(frameAfter(*gif, 1), 270), 0);
    EXPECT_GT(cycleColouredPixels(lastFrame(*gif), 270), 200);
    // Nothing of it reaches over the timeline beside it (whose legend has a red of its own):
    // the cycle's colour there is the same with the cycle drawn and without.
    EXPECT_EQ(cycleColouredPixels(frameAfter(*gif, 1).copy(270, 0, 330, 300), 330),
        cycleColouredPixels(lastFrame(*gif).copy(270, 0, 330, 300), 330));
}

TEST(LabReplay, ASavedDeadlockRunIsAnimatedWithItsWaitForGraph)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string trace = dir.filePath(QStringLiteral("deadlock.json")).toStdString();
    const Outcome saved = animateRun({"deadlock", "--two-locks", "--trace", trace});
    ASSERT_EQ(saved.result.status, kExitOk) << saved.err;
    const std::string path = dir.filePath(QStringLiteral("saved.gif")).toStdString();
    const Outcome d = animateRun({"animate", "--view", "deadlock", "--from-trace", trace, "--out", path, "--size",
        "600x300", "--speed", "0.5"});
    ASSERT_EQ(d.result.status, kExitOk) << d.err;
    const GifFile gif = readGif(path);
    ASSERT_TRUE(gif);
    ASSERT_GE(gif->ImageCount, 3);
    // As for a run just made: no cycle at the start, the cycle at the end, in the left 270 px.
    EXPECT_EQ(cycleColouredPixels(frameAfter(*gif, 1), 270), 0);
    EXPECT_GT(cycleColouredPixels(lastFrame(*gif), 270), 200);
}

TEST(LabReplay, AnAnimationsSidePanelIsDrawnForEachFramesInstant)
{
    const Trace trace = gilTrace();
    const AnimationSettings settings {.fps = 20, .speed = 1};
    const std::vector<ReplayFrame> frames = planReplayFrames(animationRequest(trace, TimelineFraming {}, settings));
    ASSERT_GE(frames.size(), 3u);
    std::vector<TimeNs> asked;
    AnimationSidePanel side;
    side.width = 100;
    side.paint = [&asked](QPainter&, const QRectF& rect, TimeNs at) {
        EXPECT_EQ(rect, QRectF(0, 0, 100, 200));
        asked.push_back(at);
    };
    const std::optional<Animation> animation = renderTimelineAnimation(
        trace, TimelineFraming {}, QSize(400, 200), 1, TimelineTheme::Light, settings, {}, 0, side);
    ASSERT_TRUE(animation);
    const FramedWindow window = framedWindow(trace, TimelineFraming {});
    // After the palette's samples (the middle frame and the last), every frame in order: its
    // playhead's instant, and the last one the end of the window it shows.
    ASSERT_EQ(asked.size(), frames.size() + 2);
    for (std::size_t i = 0; i < frames.size(); ++i)
        EXPECT_EQ(asked[i + 2], frames[i].playhead.value_or(window.end)) << i;
    EXPECT_EQ(asked.back(), window.end);
}

TEST(Animate, ARunOfTheModelIsReplayed)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string gifPath = dir.filePath(QStringLiteral("run.gif")).toStdString();
    const Outcome r = animateRun({"animate", "--model", "threads", "--workload", "io", "--tasks", "3",
        "--latency-ms", "10", "--out", gifPath, "--size", "400x240", "--speed", "1"});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    const GifFile gif = readGif(gifPath);
    ASSERT_TRUE(gif);
    EXPECT_GE(gif->ImageCount, 2);
    EXPECT_EQ(gif->SWidth, 400);
}

// Framing, on a saved run: what each option changes in the picture.

FramedTimeline framed(const TimelineFraming& framing, QSize size = QSize(640, 400))
{
    return FramedTimeline(gilTrace(), framing, size, TimelineTheme::Light, 4);
}

QImage drawn(const TimelineFraming& framing, QSize size = QSize(640, 400))
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("f.png"));
    exportTimeline(gilTrace(), path, size, 1, TimelineTheme::Light, framing, 4);
    return QImage(path).convertToFormat(QImage::Format_RGB32);
}

// The lowest row of the picture with a pixel of the Running or WaitingGil colour in the plot.
int lowestStateRow(const QImage& image)
{
    int lowest = -1;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = image.width() / 2; x < image.width() - 10; ++x) {
            const QRgb p = image.pixel(x, y);
            if (p == qRgb(0x00, 0x9E, 0x73) || p == qRgb(0xE6, 0x9F, 0x00)) {
                lowest = y;
                break;
            }
        }
    }
    return lowest;
}

int countColour(const QImage& image, QRgb colour, QRect within)
{
    int count = 0;
    for (int y = within.top(); y <= within.bottom(); ++y)
        for (int x = within.left(); x <= within.right(); ++x)
            count += image.pixel(x, y) == colour ? 1 : 0;
    return count;
}

TEST(Framing, LanesKeepOnlyTheirRows)
{
    const FramedTimeline all = framed({});
    const FramedTimeline one = framed({.lanes = {"Thread-2"}});
    EXPECT_EQ(all.painter().rows().size(), 4u);
    ASSERT_EQ(one.painter().rows().size(), 1u);
    EXPECT_EQ(gilTrace().lane(one.painter().rows()[0].lane).name, "Thread-2");

    const int rowHeight = all.coordinates().rowHeight();
    const int allBottom = lowestStateRow(drawn({}));
    const int oneBottom = lowestStateRow(drawn({.lanes = {"Thread-2"}}));
    ASSERT_GT(oneBottom, 0);
    EXPECT_NEAR(allBottom - oneBottom, 3 * rowHeight, 2);
}

TEST(Framing, AWindowSetsTheAxis)
{
    const Trace trace = gilTrace();
    const FramedTimeline whole = framed({});
    const FramedTimeline window = framed({.from = 20 * kNsPerMs, .to = 70 * kNsPerMs});
    EXPECT_EQ(window.coordinates().windowStart(), trace.startTime() + 20 * kNsPerMs);
    EXPECT_EQ(window.coordinates().windowEnd(), trace.startTime() + 70 * kNsPerMs);
    EXPECT_LT(whole.coordinates().windowStart(), trace.startTime()); // the fitted margin
    EXPECT_NE(drawn({}), drawn({.from = 20 * kNsPerMs, .to = 70 * kNsPerMs}));
}

TEST(Framing, LegendOffRemovesItsBand)
{
    const FramedTimeline on = framed({});
    const FramedTimeline off = framed({.legend = false});
    EXPECT_LT(off.coordinates().headerHeight(), on.coordinates().headerHeight() - 20);
    // The legend's swatches are the only state colours in the top rows.
    const QRect top(0, 0, 640, 20);
    EXPECT_GT(countColour(drawn({}), qRgb(0x00, 0x9E, 0x73), top), 50);
    EXPECT_EQ(countColour(drawn({.legend = false}), qRgb(0x00, 0x9E, 0x73), top), 0);
}

TEST(Framing, TitleAndCaptionTakeBandsWithinTheSize)
{
    const FramedTimeline bare = framed({});
    const FramedTimeline words = framed({.title = QStringLiteral("The GIL"), .caption = QStringLiteral("One at a time.")});
    EXPECT_EQ(bare.timelineTop(), 0);
    EXPECT_EQ(bare.timelineHeight(), 400);
    EXPECT_GT(words.timelineTop(), 20);
    EXPECT_LT(words.timelineHeight() + words.timelineTop(), 400 - 20);
    const QImage image = drawn({.title = QStringLiteral("The GIL"), .caption = QStringLiteral("One at a time.")});
    EXPECT_EQ(image.size(), QSize(640, 400));
    // Dark text in the title band, where a bare picture has its legend's swatches.
    EXPECT_GT(countColour(image, qRgb(0x11, 0x11, 0x11), QRect(0, 0, 200, words.timelineTop())), 10);
}

TEST(Framing, TheCoreLineIsTheOneOfTheMachineThatRan)
{
    TraceBuilder builder;
    const LaneId lane = builder.addLane({.id = 0, .parent = kNoLane, .kind = LaneKind::Thread, .pid = 1, .tid = 1,
        .name = "Thread-1"});
    builder.append(lane, {.time = 0, .state = State::Running});
    builder.append(lane, {.time = 10 * kNsPerMs, .state = State::Done});
    builder.setMetadata("cores", "3");
    EXPECT_EQ(FramedTimeline(builder.build(), {}, QSize(400, 300), TimelineTheme::Light).painter().coreCount(), 3);
    EXPECT_EQ(FramedTimeline(builder.build(), {}, QSize(400, 300), TimelineTheme::Light, 5).painter().coreCount(), 5);
}

TEST(Framing, ProblemsNameTheOption)
{
    const Trace trace = gilTrace();
    const auto unknown = framingProblem(trace, {.lanes = {"Thread-1", "Worker"}});
    ASSERT_TRUE(unknown);
    EXPECT_NE(unknown->find("no lane is named 'Worker'"), std::string::npos) << *unknown;
    EXPECT_NE(unknown->find("Thread-3"), std::string::npos) << *unknown;
    EXPECT_FALSE(framingProblem(trace, {.from = 10 * kNsPerMs, .to = 500 * kNsPerMs}));
    const auto late = framingProblem(trace, {.from = 100 * kNsPerMs});
    ASSERT_TRUE(late);
    EXPECT_NE(late->find("lasted 100 ms"), std::string::npos) << *late;
}

TEST(Framing, ScreenshotOfASavedRunIsTheSameFileEachTime)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string trace = savedTrace(dir);
    std::vector<std::string> files;
    for (const char* name : {"a.png", "b.png"}) {
        const std::string path = dir.filePath(QString::fromLatin1(name)).toStdString();
        const Outcome r = animateRun({"screenshot", "--from-trace", trace, "--out", path, "--size", "640x360",
            "--lanes", "Thread-1,Thread-3", "--title", "Two threads", "--legend", "off"});
        ASSERT_EQ(r.result.status, kExitOk) << r.err;
        EXPECT_EQ(r.out, path + "\n");
        files.push_back(readFile(path));
    }
    EXPECT_EQ(files[0], files[1]);
}

TEST(Framing, OtherViewsRefuseTheFramingOptions)
{
    const Outcome r = animateRun({"screenshot", "--view", "race", "--out", "/tmp/never.png", "--title", "x"});
    EXPECT_EQ(r.result.status, kExitUsage);
    EXPECT_NE(r.err.find("frame the timeline view"), std::string::npos) << r.err;
}

} // namespace
} // namespace interleave::cli
