#include "panels/lanelistview.h"

#include <QEvent>
#include <QFontMetrics>
#include <QHeaderView>

#include <algorithm>

namespace interleave {

LaneListView::LaneListView(QWidget* parent)
    : QTreeView(parent)
    , m_model(new LaneListModel(this))
{
    setModel(m_model);
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    // Widths are fitted to the rows on screen by fitColumns(), never by Qt's ResizeToContents:
    // it measured every row's cell at each update (the window froze for over a minute with
    // 2,000 lanes), and even limited to the rows on screen it costs 80 ms an update at 10,000.
    for (int c = KindColumn; c < ColumnCount; ++c)
        header()->setSectionResizeMode(c, QHeaderView::Interactive);
    fitColumns(true);
}

void LaneListView::fitColumns(bool restart)
{
    const QFontMetrics metrics(font());
    const int pad = metrics.horizontalAdvance(QLatin1Char('M'));
    int widths[ColumnCount] = {};
    for (int c = KindColumn; c < ColumnCount; ++c)
        widths[c] = header()->sectionSizeHint(c);
    // The rows on screen, at most a screenful of them: what the reader sees decides.
    QModelIndex row = indexAt(QPoint(0, 0));
    for (int n = 0; row.isValid() && n < 100; ++n, row = indexBelow(row)) {
        for (int c = KindColumn; c < ColumnCount; ++c)
            widths[c] = std::max(widths[c], metrics.horizontalAdvance(row.siblingAtColumn(c).data().toString()) + 2 * pad);
    }
    // During a run columns only grow, so figures that get longer do not make them jump.
    for (int c = KindColumn; c < ColumnCount; ++c) {
        if (restart || widths[c] > columnWidth(c))
            setColumnWidth(c, widths[c]);
    }
}

void LaneListView::changeEvent(QEvent* event)
{
    QTreeView::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        fitColumns(true);
}

void LaneListView::showTrace(const Trace& trace)
{
    const bool restart = trace.laneCount() < m_expanded || m_expanded == 0;
    if (trace.laneCount() < m_expanded)
        m_expanded = 0;
    m_model->showTrace(trace);
    // Every lane with lanes under it opens as it appears; one the user closed stays closed.
    for (std::size_t i = m_expanded; i < m_model->laneCount(); ++i) {
        const QModelIndex index = m_model->indexForLane(static_cast<LaneId>(i));
        if (m_model->rowCount(index) > 0 || trace.lane(static_cast<LaneId>(i)).kind != LaneKind::Coroutine)
            setExpanded(index, true);
    }
    m_expanded = m_model->laneCount();
    fitColumns(restart);
}

QString LaneListView::text(LaneId lane, int column) const
{
    return m_model->data(m_model->indexForLane(lane, column)).toString();
}

} // namespace interleave
