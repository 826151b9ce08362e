#include "panels/lanelistview.h"

#include "qtext.h"

#include <QHeaderView>

namespace interleave {
namespace {

QString milliseconds(TimeNs ns)
{
    return ns == 0 ? QStringLiteral("–") : QString::number(static_cast<double>(ns) / 1e6, 'f', 1);
}

} // namespace

LaneListView::LaneListView(QWidget* parent)
    : QTreeWidget(parent)
{
    setColumnCount(ColumnCount);
    setHeaderLabels({tr("Lane"), tr("Kind"), tr("Now"), tr("Spans"), tr("Running ms"), tr("Waiting for the GIL ms"),
                     tr("Blocked ms")});
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    for (int c = KindColumn; c < ColumnCount; ++c)
        header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
}

QTreeWidgetItem* LaneListView::itemForLane(LaneId lane) const
{
    const auto index = static_cast<std::size_t>(lane);
    return lane >= 0 && index < m_items.size() ? m_items[index] : nullptr;
}

void LaneListView::showTrace(const Trace& trace)
{
    // A trace with fewer lanes than shown is another run: start over.
    if (trace.laneCount() < m_items.size()) {
        clear();
        m_items.clear();
    }
    for (std::size_t i = m_items.size(); i < trace.laneCount(); ++i) {
        const LaneInfo& info = trace.lane(static_cast<LaneId>(i));
        QTreeWidgetItem* parent = itemForLane(info.parent);
        auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(this);
        item->setText(NameColumn, QString::fromStdString(info.name));
        item->setText(KindColumn, toQString(laneKindName(info.kind)));
        item->setData(NameColumn, Qt::UserRole, info.id);
        for (int c = SpansColumn; c < ColumnCount; ++c)
            item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
        item->setExpanded(true);
        m_items.push_back(item);
    }
    for (std::size_t i = 0; i < m_items.size(); ++i) {
        const auto lane = static_cast<LaneId>(i);
        QTreeWidgetItem* item = m_items[i];
        const std::size_t spans = trace.spanCount(lane);
        item->setText(StateColumn, spans ? toQString(stateLabel(trace.span(lane, spans - 1).state)) : QString());
        item->setText(SpansColumn, QString::number(spans));
        const StateTotals totals = trace.stateTotals(lane);
        item->setText(RunningColumn, milliseconds(totalFor(totals, interleave::State::Running)));
        item->setText(GilColumn, milliseconds(totalFor(totals, interleave::State::WaitingGil)));
        item->setText(BlockedColumn, milliseconds(totalFor(totals, interleave::State::BlockedIo)));
    }
}

} // namespace interleave
