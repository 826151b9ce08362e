// The timeline while a run is in flight: a real run on the engine's threads, snapshots taken
// by the run controller's GUI timer, and the widget growing with them.
#include "run/runcontroller.h"
#include "timeline/timelinewidget.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

namespace interleave {
namespace {

TEST(TimelineLive, LanesGrowAcrossSnapshotsWhileARunIsInFlight)
{
    RunController controller;
    TimelineWidget timeline;
    timeline.resize(1000, 500);
    timeline.setFollowLive(true);
    timeline.show();

    struct Snapshot {
        std::size_t lanes = 0;
        std::size_t spans = 0;
        TimeNs end = 0;
        TimeNs windowEnd = 0;
    };
    std::vector<Snapshot> snapshots;
    QObject::connect(&controller, &RunController::traceUpdated, &timeline, [&] {
        timeline.setTrace(controller.trace());
        const Trace& shown = timeline.trace();
        snapshots.push_back(
            {shown.laneCount(), shown.totalSpanCount(), shown.endTime(), timeline.coordinates().windowEnd()});
    });
    // Counts how often the GUI thread's event loop turns while the run is in flight.
    int ticks = 0;
    QTimer ticker;
    QObject::connect(&ticker, &QTimer::timeout, [&] { ++ticks; });
    ticker.start(10);

    // Threads alternating compute and waits: records keep coming for the whole run.
    RunConfig config;
    config.model = Model::Threads;
    config.workload = WorkloadKind::Mixed;
    config.tasks = 3;
    config.workMs = 60;
    config.latencyMs = 240;
    config.mixedRounds = 4;
    QSignalSpy finished(&controller, &RunController::finished);
    const int repaintsBefore = timeline.staticRepaintCount();
    ASSERT_TRUE(controller.start(config));
    ASSERT_TRUE(finished.wait(30'000));

    // The last snapshot is the final one; every one before it was taken mid-run. The first
    // few may come before the engine has made its lanes (it calibrates its CPU work first).
    ASSERT_GE(snapshots.size(), 2U);
    std::vector<Snapshot> midRun;
    for (auto s = snapshots.begin(); s + 1 != snapshots.end(); ++s) {
        if (s->lanes > 0)
            midRun.push_back(*s);
    }
    ASSERT_GE(midRun.size(), 3U) << "the GUI timer kept taking snapshots while the run went on";
    for (std::size_t i = 1; i < midRun.size(); ++i) {
        EXPECT_GE(midRun[i].spans, midRun[i - 1].spans) << "a snapshot never loses records";
        EXPECT_GE(midRun[i].end, midRun[i - 1].end);
    }
    EXPECT_GT(midRun.back().spans, midRun.front().spans) << "the lanes grew during the run";
    EXPECT_GT(midRun.back().end, midRun.front().end);
    EXPECT_LT(midRun.front().spans, snapshots.back().spans);
    // Following the live run, the window keeps the growing trace in view.
    for (const Snapshot& s : snapshots)
        EXPECT_GE(s.windowEnd, s.end);
    // The GUI thread was never blocked for the run: its timers kept firing and the timeline
    // repainted as the trace grew.
    EXPECT_GE(ticks, static_cast<int>(midRun.size()));
    EXPECT_GE(timeline.staticRepaintCount() - repaintsBefore, 2);
}

} // namespace
} // namespace interleave
