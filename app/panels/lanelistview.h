#pragma once

#include "panels/lanelistmodel.h"

#include <QHash>
#include <QTreeView>

#include <vector>

class QFontMetrics;

namespace interleave {

// Every lane of a run, nested process > thread > coroutine (and a pool's tasks), with the
// state it is in now and the time it has spent running, waiting for the GIL and blocked.
// The simple view of a run; the timeline draws the same trace over time. A model/view table
// with rows of one height whose columns fit the rows on screen: a live update of ten thousand
// lanes costs the rows that changed and the ones shown, not a measurement of every cell.
class LaneListView : public QTreeView {
    Q_OBJECT

public:
    using Column = LaneListModel::Column;
    static constexpr int NameColumn = LaneListModel::NameColumn;
    static constexpr int KindColumn = LaneListModel::KindColumn;
    static constexpr int StateColumn = LaneListModel::StateColumn;
    static constexpr int SpansColumn = LaneListModel::SpansColumn;
    static constexpr int RunningColumn = LaneListModel::RunningColumn;
    static constexpr int GilColumn = LaneListModel::GilColumn;
    static constexpr int BlockedColumn = LaneListModel::BlockedColumn;
    static constexpr int ColumnCount = LaneListModel::ColumnCount;

    explicit LaneListView(QWidget* parent = nullptr);

    // New lanes are added as rows, expanded; the others are updated in place, so the
    // selection and scroll position survive a live update.
    void showTrace(const Trace& trace);

    LaneListModel* laneModel() const noexcept { return m_model; }
    // The text of one cell, for a lane (empty for a lane not shown).
    QString text(LaneId lane, int column) const;

protected:
    void changeEvent(QEvent* event) override;
    // Repaints the changed rows that are on screen. Qt's tree view finds the rectangle of a
    // changed range row by row, and a live run's update is one range of thousands of
    // coroutines under a thread: during showTrace() the range is cut to the rows shown.
    void dataChanged(
        const QModelIndex& topLeft, const QModelIndex& bottomRight, const QList<int>& roles = {}) override;

private:
    // Each column as wide as its header and the rows on screen need; restart: for a new run
    // (columns may shrink), else they only grow.
    void fitColumns(bool restart);
    // The lanes whose rows are on screen, top to bottom.
    std::vector<LaneId> lanesOnScreen() const;
    int textWidth(const QFontMetrics& metrics, const QString& text);

    LaneListModel* m_model = nullptr;
    std::size_t m_expanded = 0; // lanes whose rows were expanded when they appeared
    std::vector<LaneId> m_shownDuringUpdate; // lanesOnScreen() while showTrace() updates the model
    bool m_updating = false;
    // Widths of the texts fitColumns() measured, in the current font: most cells shown read
    // the same from one update to the next, and shaping text is what fitting costs.
    QHash<QString, int> m_textWidths;
};

} // namespace interleave
