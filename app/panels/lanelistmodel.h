#pragma once

#include "trace/trace.h"

#include <QAbstractItemModel>
#include <QString>

#include <vector>

namespace interleave {

// The lanes of a run as a tree (process > thread > coroutine, and a pool's tasks), one row a
// lane, with the state it is in now, its span count and its time running, waiting for the GIL
// and blocked. Built for live runs of thousands of lanes: showTrace() inserts the rows of new
// lanes under their parents and recomputes only the lanes whose spans changed, announcing
// each change as one range per parent, so a view redraws what moved and nothing else.
class LaneListModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column { NameColumn, KindColumn, StateColumn, SpansColumn, RunningColumn, GilColumn, BlockedColumn, ColumnCount };
    static constexpr int kLaneRole = Qt::UserRole; // the row's LaneId, as an int

    explicit LaneListModel(QObject* parent = nullptr);

    // Lanes are only ever added to a run: rows are inserted for new lanes and the others are
    // updated in place, so a view keeps its selection and scroll position. A trace with fewer
    // lanes than shown is another run, and the model starts over.
    void showTrace(const Trace& trace);

    std::size_t laneCount() const noexcept { return m_lanes.size(); }
    QModelIndex indexForLane(LaneId lane, int column = NameColumn) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        LaneId parent = -1;
        int row = 0; // among its parent's children (or the top level)
        std::vector<LaneId> children;
        QString name;
        QString kind;
        QString state;
        std::size_t spans = 0;
        TimeNs end = -1; // laneEnd() when last computed: with the span count, what changes
        TimeNs running = 0;
        TimeNs gil = 0;
        TimeNs blocked = 0;
    };

    void clearLanes();
    void insertNewLanes(const Trace& trace);
    // Recomputes a lane's figures from the trace; false when nothing changed.
    bool refresh(LaneId lane, const Trace& trace);
    const Row& rowOf(const QModelIndex& index) const;

    std::vector<Row> m_lanes; // by lane id
    std::vector<LaneId> m_topLevel;
};

} // namespace interleave
