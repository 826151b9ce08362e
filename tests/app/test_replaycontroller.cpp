#include "timeline/replaybar.h"
#include "trace/clock.h"
#include "timeline/replaycontroller.h"
#include "timeline/timelinewidget.h"

#include <QAction>
#include <QComboBox>
#include <QImage>
#include <QLabel>
#include <QSignalSpy>
#include <QSlider>
#include <QTest>

#include <gtest/gtest.h>

#include <algorithm>

namespace interleave {
namespace {

constexpr TimeNs kReplayStart = 3'000 * kNsPerMs;

// Lane A changes at 0, 10, 20 ms; lane B at 5 and 15 ms; both end at 40 ms.
Trace twoLanes()
{
    TraceBuilder b;
    const LaneId a = b.addLane({.kind = LaneKind::Thread, .name = "A"});
    const LaneId c = b.addLane({.kind = LaneKind::Thread, .name = "B"});
    b.append(a, {.time = kReplayStart, .state = State::Running});
    b.append(a, {.time = kReplayStart + 10 * kNsPerMs, .state = State::WaitingGil});
    b.append(a, {.time = kReplayStart + 20 * kNsPerMs, .state = State::Running});
    b.append(a, {.time = kReplayStart + 40 * kNsPerMs, .state = State::Done});
    b.append(c, {.time = kReplayStart + 5 * kNsPerMs, .state = State::WaitingGil});
    b.append(c, {.time = kReplayStart + 15 * kNsPerMs, .state = State::Running});
    b.append(c, {.time = kReplayStart + 40 * kNsPerMs, .state = State::Done});
    return b.build();
}

TEST(ReplayController, NothingToPlayWithoutATrace)
{
    ReplayController replay;
    EXPECT_FALSE(replay.isAvailable());
    replay.play();
    EXPECT_FALSE(replay.isPlaying());
    EXPECT_FALSE(replay.stepForward());
}

TEST(ReplayController, PlaysFromTheStartToTheEndOnItsTimer)
{
    ReplayController replay;
    QSignalSpy available(&replay, &ReplayController::availabilityChanged);
    replay.setTrace(twoLanes());
    ASSERT_EQ(available.count(), 1);
    EXPECT_EQ(replay.position(), kReplayStart + 40 * kNsPerMs); // everything shown at first
    replay.setSpeed(1); // 40 ms of trace take 40 ms

    QSignalSpy playing(&replay, &ReplayController::playingChanged);
    QSignalSpy moved(&replay, &ReplayController::positionChanged);
    replay.play();
    EXPECT_TRUE(replay.isPlaying());
    EXPECT_EQ(replay.position(), kReplayStart); // played from the end: starts over
    // It ends on its own, well within two seconds, having moved in several frames.
    ASSERT_TRUE(QTest::qWaitFor([&] { return !replay.isPlaying(); }, 2000));
    EXPECT_EQ(replay.position(), kReplayStart + 40 * kNsPerMs);
    EXPECT_GE(moved.count(), 2);
    ASSERT_EQ(playing.count(), 2);
    EXPECT_TRUE(playing.at(0).at(0).toBool());
    EXPECT_FALSE(playing.at(1).at(0).toBool());
}

TEST(ReplayController, PausedItHoldsStill)
{
    ReplayController replay;
    replay.setTrace(twoLanes());
    replay.setSpeed(0.01); // 40 ms of trace take four seconds
    replay.play();
    QTest::qWait(50);
    replay.pause();
    const TimeNs held = replay.position();
    EXPECT_GT(held, kReplayStart);
    EXPECT_LT(held, kReplayStart + 40 * kNsPerMs);
    QTest::qWait(50);
    EXPECT_EQ(replay.position(), held);
    replay.togglePlaying();
    EXPECT_TRUE(replay.isPlaying());
    EXPECT_EQ(replay.position(), held); // resumes where it was, not from the start
}

TEST(ReplayController, AdvancesByRealTimeTimesSpeed)
{
    ReplayController replay;
    replay.setTrace(twoLanes());
    replay.toStart();
    replay.setSpeed(0.01);
    replay.advanceBy(500 * kNsPerMs);
    EXPECT_EQ(replay.position(), kReplayStart + 5 * kNsPerMs);
}

TEST(ReplayController, StepsGoThroughEveryLaneOrTheOneOfInterest)
{
    ReplayController replay;
    replay.setTrace(twoLanes());
    replay.toStart();
    ASSERT_TRUE(replay.stepForward());
    EXPECT_EQ(replay.position(), kReplayStart + 5 * kNsPerMs);
    ASSERT_TRUE(replay.stepForward());
    EXPECT_EQ(replay.position(), kReplayStart + 10 * kNsPerMs);
    ASSERT_TRUE(replay.stepBackward());
    EXPECT_EQ(replay.position(), kReplayStart + 5 * kNsPerMs);

    std::optional<LaneId> lane = 0;
    replay.setLaneOfInterest([&] { return lane; });
    ASSERT_TRUE(replay.stepForward());
    EXPECT_EQ(replay.position(), kReplayStart + 10 * kNsPerMs);
    ASSERT_TRUE(replay.stepForward());
    EXPECT_EQ(replay.position(), kReplayStart + 20 * kNsPerMs);
    ASSERT_TRUE(replay.stepForward());
    EXPECT_EQ(replay.position(), kReplayStart + 40 * kNsPerMs);
    EXPECT_FALSE(replay.stepForward()); // nothing after the end: stays
    EXPECT_EQ(replay.position(), kReplayStart + 40 * kNsPerMs);
}

TEST(ReplayController, AStepPausesAReplayInFlight)
{
    ReplayController replay;
    replay.setTrace(twoLanes());
    replay.setSpeed(0.01);
    replay.play();
    ASSERT_TRUE(replay.stepForward());
    EXPECT_FALSE(replay.isPlaying());
    EXPECT_EQ(replay.position(), kReplayStart + 5 * kNsPerMs);
}

TEST(ReplayBar, ControlsDriveTheReplay)
{
    ReplayController replay;
    ReplayBar bar(&replay);
    EXPECT_FALSE(bar.playPauseAction()->isEnabled());
    EXPECT_FALSE(bar.scrubBar()->isEnabled());

    replay.setTrace(twoLanes());
    EXPECT_TRUE(bar.playPauseAction()->isEnabled());
    EXPECT_EQ(bar.scrubBar()->value(), ReplayBar::kScrubSteps);
    EXPECT_EQ(bar.readout()->text(), "40.000 ms / 40.000 ms");

    // The scrub bar seeks: a quarter of the way is 10 ms into the trace.
    bar.scrubBar()->setValue(ReplayBar::kScrubSteps / 4);
    EXPECT_EQ(replay.position(), kReplayStart + 10 * kNsPerMs);
    EXPECT_EQ(bar.readout()->text(), "10.000 ms / 40.000 ms");

    // And follows the replay when it moves by itself.
    bar.stepForwardAction()->trigger();
    EXPECT_EQ(replay.position(), kReplayStart + 15 * kNsPerMs);
    EXPECT_EQ(bar.scrubBar()->value(), ReplayBar::kScrubSteps * 15 / 40);

    bar.toStartAction()->trigger();
    EXPECT_EQ(replay.position(), kReplayStart);
    bar.toEndAction()->trigger();
    EXPECT_EQ(replay.position(), kReplayStart + 40 * kNsPerMs);

    bar.playPauseAction()->trigger();
    EXPECT_TRUE(replay.isPlaying());
    EXPECT_EQ(bar.playPauseAction()->text(), "&Pause replay");
    bar.playPauseAction()->trigger();
    EXPECT_FALSE(replay.isPlaying());
    EXPECT_EQ(bar.playPauseAction()->text(), "&Play replay");

    replay.clear();
    EXPECT_FALSE(bar.stepForwardAction()->isEnabled());
    EXPECT_EQ(bar.readout()->text(), "–") << "nothing to replay: no 0.000 us / 0.000 us";
    // While a run is recorded, the readout says how much has been.
    bar.showLive(45'120'000);
    EXPECT_EQ(bar.readout()->text(), "live: 45.120 ms");
    replay.setTrace(twoLanes());
    bar.showLive(45'120'000); // a replay's own readout is not overwritten
    EXPECT_EQ(bar.readout()->text(), "40.000 ms / 40.000 ms");
}

TEST(ReplayBar, SpeedIsChosenFromReadableSteps)
{
    ReplayController replay;
    ReplayBar bar(&replay);
    QComboBox* speed = bar.speedBox();
    EXPECT_EQ(speed->itemText(0), "0.01x");
    EXPECT_EQ(speed->itemText(speed->count() - 1), "4x");
    EXPECT_EQ(speed->currentText(), "0.1x"); // the default

    speed->setCurrentIndex(speed->findText("0.5x"));
    EXPECT_DOUBLE_EQ(replay.speed(), 0.5);

    // A speed not on the list snaps to the nearest step, so what is shown is what is used.
    replay.setSpeed(0.3);
    EXPECT_EQ(speed->currentText(), "0.25x");
    EXPECT_DOUBLE_EQ(replay.speed(), 0.25);
}

TEST(ReplayOverlay, ThePlayheadVeilsWhatComesAfterIt)
{
    TimelineWidget widget;
    widget.resize(900, 300);
    widget.setTrace(twoLanes());
    widget.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&widget));
    const TimelineCoordinates& c = widget.coordinates();
    const int y = c.yForRow(0) + c.rowHeight() / 2; // lane A: Running from 20 ms to 40 ms
    const int before = static_cast<int>(c.xForTime(kReplayStart + 22 * kNsPerMs));
    const int after = static_cast<int>(c.xForTime(kReplayStart + 35 * kNsPerMs));
    const int line = static_cast<int>(std::lround(c.xForTime(kReplayStart + 30 * kNsPerMs)));

    const QImage plain = widget.grab().toImage();
    const int staticPaints = widget.staticRepaintCount();
    widget.setPlayhead(kReplayStart + 30 * kNsPerMs);
    const QImage veiled = widget.grab().toImage();
    // Before the playhead nothing changed; after it the bar is paler (light theme); on it, a line.
    EXPECT_EQ(plain.pixel(before, y), veiled.pixel(before, y));
    EXPECT_GT(QColor(veiled.pixel(after, y)).lightness(), QColor(plain.pixel(after, y)).lightness() + 40);
    // The dark line on a light theme: antialiased about x, its darkest pixel may be either side
    // of lround(x) when x falls on a half pixel.
    int darkest = 255;
    for (int dx = -1; dx <= 1; ++dx)
        darkest = std::min(darkest, QColor(veiled.pixel(line + dx, y)).lightness());
    EXPECT_LT(darkest, 60);
    // Drawn live: the cached static layer was not repainted for it.
    EXPECT_EQ(widget.staticRepaintCount(), staticPaints);

    widget.setPlayhead(std::nullopt);
    EXPECT_EQ(widget.grab().toImage().pixel(after, y), plain.pixel(after, y));
}

} // namespace
} // namespace interleave
