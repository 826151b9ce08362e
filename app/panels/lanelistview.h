#pragma once

#include "trace/trace.h"

#include <QTreeWidget>

#include <vector>

namespace interleave {

// Every lane of a run, nested process > thread > coroutine (and a pool's tasks), with the
// state it is in now and the time it has spent running, waiting for the GIL and blocked.
// The simple view of a run; the timeline draws the same trace over time.
class LaneListView : public QTreeWidget {
    Q_OBJECT

public:
    enum Column { NameColumn, KindColumn, StateColumn, SpansColumn, RunningColumn, GilColumn, BlockedColumn, ColumnCount };

    explicit LaneListView(QWidget* parent = nullptr);

    // Lanes are only ever added to a run, so items are created for new lanes and the rest are
    // updated in place: the selection and scroll position survive a live update.
    void showTrace(const Trace& trace);

    QTreeWidgetItem* itemForLane(LaneId lane) const;

private:
    std::vector<QTreeWidgetItem*> m_items; // by lane id
};

} // namespace interleave
