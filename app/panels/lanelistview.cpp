#include "panels/lanelistview.h"

#include <QEvent>
#include <QFontMetrics>
#include <QHeaderView>

#include <algorithm>
#include <limits>

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

std::vector<LaneId> LaneListView::lanesOnScreen() const
{
    std::vector<LaneId> lanes;
    QModelIndex row = indexAt(QPoint(0, 0));
    if (!row.isValid())
        return lanes;
    // Rows are of one height: a screenful is the viewport's height in rows, and one cut at the
    // bottom. The model's indexes carry their lane as their internal id.
    const int rows = viewport()->height() / std::max(1, rowHeight(row)) + 1;
    for (int n = 0; row.isValid() && n < rows; ++n, row = indexBelow(row))
        lanes.push_back(static_cast<LaneId>(row.internalId()));
    return lanes;
}

int LaneListView::textWidth(const QFontMetrics& metrics, const QString& text)
{
    if (const auto found = m_textWidths.constFind(text); found != m_textWidths.cend())
        return found.value();
    // A long run's figures are many and change: start again rather than grow without bound.
    if (m_textWidths.size() >= 4096)
        m_textWidths.clear();
    const int width = metrics.horizontalAdvance(text);
    m_textWidths.insert(text, width);
    return width;
}

void LaneListView::fitColumns(bool restart)
{
    if (restart)
        m_textWidths.clear(); // the font may have changed
    const QFontMetrics metrics(font());
    const int pad = metrics.horizontalAdvance(QLatin1Char('M'));
    int widths[ColumnCount] = {};
    for (int c = KindColumn; c < ColumnCount; ++c)
        widths[c] = header()->sectionSizeHint(c);
    // The rows on screen: what the reader sees decides.
    for (const LaneId lane : lanesOnScreen()) {
        for (int c = KindColumn; c < ColumnCount; ++c)
            widths[c] = std::max(widths[c],
                textWidth(metrics, m_model->data(m_model->indexForLane(lane, c)).toString()) + 2 * pad);
    }
    // During a run columns only grow, so figures that get longer do not make them jump.
    for (int c = KindColumn; c < ColumnCount; ++c) {
        if (restart || widths[c] > columnWidth(c))
            setColumnWidth(c, widths[c]);
    }
}

void LaneListView::dataChanged(
    const QModelIndex& topLeft, const QModelIndex& bottomRight, const QList<int>& roles)
{
    if (!m_updating || topLeft.row() == bottomRight.row()) {
        QTreeView::dataChanged(topLeft, bottomRight, roles);
        return;
    }
    // Rows inserted above the ones shown in this update move them, but then the tree lays
    // itself out again and repaints everything; otherwise the rows shown before the update
    // are the rows shown after it.
    const QModelIndex parent = topLeft.parent();
    int first = std::numeric_limits<int>::max();
    int last = -1;
    for (const LaneId lane : m_shownDuringUpdate) {
        const QModelIndex index = m_model->indexForLane(lane);
        if (index.row() < topLeft.row() || index.row() > bottomRight.row() || index.parent() != parent)
            continue;
        first = std::min(first, index.row());
        last = std::max(last, index.row());
    }
    if (last >= 0)
        QTreeView::dataChanged(m_model->index(first, topLeft.column(), parent),
            m_model->index(last, bottomRight.column(), parent), roles);
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
    m_shownDuringUpdate = lanesOnScreen();
    m_updating = true;
    m_model->showTrace(trace);
    m_updating = false;
    m_shownDuringUpdate.clear();
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
