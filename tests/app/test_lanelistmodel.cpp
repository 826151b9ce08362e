#include "../cli/commandline_testing.h"
#include "drawcommands/drawingcommands.h"
#include "panels/lanelistmodel.h"
#include "panels/lanelistview.h"

#include <nlohmann/json.hpp>

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QPaintEvent>
#include <QRegion>
#include <QSignalSpy>

#include <gtest/gtest.h>

namespace interleave {
namespace {

// A live run as the window sees it: lanes appear (a process, its threads, coroutines under a
// loop thread) and spans grow; each call gives the trace of one moment.
class LaneListLiveRun {
public:
    LaneListLiveRun()
    {
        m_lanes.push_back({.kind = LaneKind::Process, .pid = 1, .tid = 1, .name = "MainProcess"});
    }

    LaneId addLane(LaneKind kind, LaneId parent, std::string name)
    {
        m_lanes.push_back({.parent = parent, .kind = kind, .pid = 1, .tid = static_cast<std::int32_t>(m_lanes.size() + 1),
            .name = std::move(name)});
        m_records.emplace_back();
        return static_cast<LaneId>(m_lanes.size() - 1);
    }

    void record(LaneId lane, TimeNs t, State s) { m_records[static_cast<std::size_t>(lane) - 1].push_back({t, 0, s}); }

    Trace at(TimeNs now) const
    {
        TraceBuilder b;
        for (std::size_t i = 0; i < m_lanes.size(); ++i) {
            const LaneId id = b.addLane(m_lanes[i]);
            if (i == 0) {
                b.append(id, {0, 0, State::Running});
            } else {
                for (const StateChange& r : m_records[i - 1])
                    b.append(id, r);
            }
            // A lane still going ends now; a finished one where it finished (as a snapshot has it).
            const bool finished = i > 0 && !m_records[i - 1].empty() && m_records[i - 1].back().state == State::Done;
            if (!finished)
                b.setLaneEnd(id, now);
        }
        return b.build();
    }

private:
    std::vector<LaneInfo> m_lanes;
    std::vector<std::vector<StateChange>> m_records; // of lanes 1..
};

TEST(LaneListModel, NestsLanesAndPassesTheModelTester)
{
    LaneListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    LaneListLiveRun run;
    const LaneId loop = run.addLane(LaneKind::Thread, 0, "MainThread");
    run.record(loop, 0, State::Running);
    model.showTrace(run.at(1'000'000));
    std::vector<LaneId> tasks;
    for (int i = 0; i < 3; ++i) {
        tasks.push_back(run.addLane(LaneKind::Coroutine, loop, "Task-" + std::to_string(i + 1)));
        run.record(tasks.back(), 1'000'000, State::Suspended);
    }
    const LaneId worker = run.addLane(LaneKind::Thread, 0, "Thread-1");
    run.record(worker, 1'000'000, State::BlockedIo);
    model.showTrace(run.at(3'000'000));

    ASSERT_EQ(model.rowCount(), 1);
    const QModelIndex process = model.index(0, 0);
    EXPECT_EQ(process.data().toString(), "MainProcess");
    ASSERT_EQ(model.rowCount(process), 2);
    const QModelIndex loopRow = model.index(0, 0, process);
    EXPECT_EQ(loopRow.data().toString(), "MainThread");
    ASSERT_EQ(model.rowCount(loopRow), 3);
    EXPECT_EQ(model.index(2, 0, loopRow).data().toString(), "Task-3");
    EXPECT_EQ(model.index(2, 0, loopRow).data(LaneListModel::kLaneRole).toInt(), tasks[2]);
    EXPECT_EQ(model.parent(model.index(2, 0, loopRow)), loopRow);
    EXPECT_EQ(model.index(1, LaneListModel::StateColumn, process).data().toString(), "Blocked on I/O");
    EXPECT_EQ(model.indexForLane(worker, LaneListModel::BlockedColumn).data().toString(),
        QLocale::system().toString(2.0, 'f', 1));
}

TEST(LaneListModel, ALiveUpdateInsertsNewLanesAndAnnouncesOnlyWhatChanged)
{
    LaneListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    LaneListLiveRun run;
    const LaneId loop = run.addLane(LaneKind::Thread, 0, "MainThread");
    run.record(loop, 0, State::Running);
    std::vector<LaneId> tasks;
    for (int i = 0; i < 100; ++i) {
        tasks.push_back(run.addLane(LaneKind::Coroutine, loop, "Task-" + std::to_string(i)));
        run.record(tasks.back(), 0, State::Suspended);
        run.record(tasks.back(), 500, State::Done);
    }
    model.showTrace(run.at(1'000));
    EXPECT_EQ(model.laneCount(), 102u);

    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    // One more task; the loop thread's open span grows; the finished tasks do not change.
    tasks.push_back(run.addLane(LaneKind::Coroutine, loop, "Task-100"));
    run.record(tasks.back(), 1'500, State::Running);
    model.showTrace(run.at(2'000));
    EXPECT_EQ(resets.count(), 0) << "a live update keeps the view's state";
    ASSERT_EQ(inserts.count(), 1);
    EXPECT_EQ(inserts.front().at(1).toInt(), 100);
    EXPECT_EQ(inserts.front().at(2).toInt(), 100);
    // The process and its loop thread (open spans), and the new task: the 100 finished tasks
    // are not announced.
    int announcedRows = 0;
    for (const QList<QVariant>& change : changes) {
        const auto from = change.at(0).value<QModelIndex>();
        const auto to = change.at(1).value<QModelIndex>();
        EXPECT_EQ(from.parent(), to.parent());
        announcedRows += to.row() - from.row() + 1;
    }
    EXPECT_EQ(announcedRows, 3);

    // A run with fewer lanes is another run: the model starts over.
    LaneListLiveRun other;
    other.addLane(LaneKind::Thread, 0, "MainThread");
    model.showTrace(other.at(10));
    EXPECT_GE(resets.count(), 1);
    EXPECT_EQ(model.laneCount(), 2u);
}

TEST(LaneListModel, TheViewOpensNewParentsAndFitsColumnsToWhatItShows)
{
    LaneListView view;
    view.resize(900, 400);
    LaneListLiveRun run;
    const LaneId loop = run.addLane(LaneKind::Thread, 0, "MainThread");
    run.record(loop, 0, State::Running);
    view.showTrace(run.at(10));
    const int narrow = view.columnWidth(LaneListView::BlockedColumn);
    const LaneId task = run.addLane(LaneKind::Coroutine, loop, "a task");
    run.record(task, 5, State::BlockedIo);
    view.showTrace(run.at(123'456'789'000));
    EXPECT_TRUE(view.isExpanded(view.laneModel()->indexForLane(0)));
    EXPECT_TRUE(view.isExpanded(view.laneModel()->indexForLane(loop)));
    EXPECT_EQ(view.text(task, LaneListView::KindColumn), "coroutine");
    // 123,456.8 ms blocked: the column grew to show it whole.
    const QString blocked = view.text(task, LaneListView::BlockedColumn);
    EXPECT_GT(view.columnWidth(LaneListView::BlockedColumn), narrow);
    EXPECT_GE(view.columnWidth(LaneListView::BlockedColumn), view.fontMetrics().horizontalAdvance(blocked));
    // A new run starts over: its columns fit it, not the last run's figures.
    LaneListLiveRun next;
    next.addLane(LaneKind::Thread, 0, "MainThread");
    view.showTrace(next.at(10));
    EXPECT_LT(view.columnWidth(LaneListView::BlockedColumn), view.fontMetrics().horizontalAdvance(blocked));
}

// What the view's viewport was asked to repaint, from the paint events it got.
class PaintedRegion : public QObject {
public:
    explicit PaintedRegion(QWidget* viewport) { viewport->installEventFilter(this); }
    QRegion region;

protected:
    bool eventFilter(QObject*, QEvent* event) override
    {
        if (event->type() == QEvent::Paint)
            region += static_cast<QPaintEvent*>(event)->region();
        return false;
    }
};

TEST(LaneListModel, ALiveUpdateRepaintsTheChangedRowsOnScreenWhereverTheyAre)
{
    LaneListView view;
    view.resize(700, 300);
    view.show();
    LaneListLiveRun run;
    const LaneId loop = run.addLane(LaneKind::Thread, 0, "MainThread");
    run.record(loop, 0, State::Running);
    std::vector<LaneId> tasks;
    for (int i = 0; i < 500; ++i) {
        tasks.push_back(run.addLane(LaneKind::Coroutine, loop, "Task-" + std::to_string(i + 1)));
        run.record(tasks.back(), 0, State::Suspended);
    }
    view.showTrace(run.at(1'000));
    QCoreApplication::processEvents();
    const auto stateCell = [&](LaneId lane) {
        return view.visualRect(view.laneModel()->indexForLane(lane, LaneListView::StateColumn));
    };
    ASSERT_TRUE(view.viewport()->rect().contains(stateCell(tasks[3])));
    ASSERT_FALSE(view.viewport()->rect().intersects(stateCell(tasks[400])));

    // A row on screen and one far below change in one update, under one parent.
    PaintedRegion painted(view.viewport());
    run.record(tasks[3], 2'000, State::Running);
    run.record(tasks[400], 2'000, State::Running);
    view.showTrace(run.at(3'000));
    QCoreApplication::processEvents();
    EXPECT_EQ(
        view.text(tasks[3], LaneListView::StateColumn), view.text(tasks[400], LaneListView::StateColumn));
    EXPECT_TRUE(painted.region.contains(stateCell(tasks[3])))
        << "the changed row on screen was not repainted";

    // Scrolled to the end, the rows shown there are the ones repainted.
    view.scrollToBottom();
    QCoreApplication::processEvents();
    painted.region = {};
    run.record(tasks[3], 4'000, State::BlockedIo);
    run.record(tasks[498], 4'000, State::BlockedIo);
    view.showTrace(run.at(5'000));
    QCoreApplication::processEvents();
    ASSERT_TRUE(view.viewport()->rect().contains(stateCell(tasks[498])));
    EXPECT_TRUE(painted.region.contains(stateCell(tasks[498])))
        << "the changed row on screen was not repainted";
}

TEST(LaneListModel, TheBenchTimesALiveRunOfManyLanes)
{
    const auto r = cli::commandtest::runInterleave(
        {"bench", "lanes", "--lanes", "300", "--updates", "6", "--json"}, cli::drawingCommands());
    ASSERT_EQ(r.result.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("lanes"), 300);
    EXPECT_EQ(j.at("updates"), 6);
    EXPECT_GT(j.at("update_p95_ms").get<double>(), 0.0);
    EXPECT_GE(j.at("update_max_ms").get<double>(), j.at("update_p95_ms").get<double>());
    EXPECT_GT(j.at("cpu_p50_ms").get<double>(), 0.0);
}

} // namespace
} // namespace interleave
