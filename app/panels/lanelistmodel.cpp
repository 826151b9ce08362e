#include "panels/lanelistmodel.h"

#include "qtext.h"

#include <algorithm>
#include <map>

namespace interleave {
namespace {

QString milliseconds(TimeNs ns)
{
    return ns == 0 ? QStringLiteral("–") : groupedMilliseconds(ns, 1);
}

} // namespace

LaneListModel::LaneListModel(QObject* parent)
    : QAbstractItemModel(parent)
{
}

QModelIndex LaneListModel::indexForLane(LaneId lane, int column) const
{
    if (lane < 0 || static_cast<std::size_t>(lane) >= m_lanes.size())
        return {};
    return createIndex(m_lanes[static_cast<std::size_t>(lane)].row, column, static_cast<quintptr>(lane));
}

const LaneListModel::Row& LaneListModel::rowOf(const QModelIndex& index) const
{
    return m_lanes[static_cast<std::size_t>(index.internalId())];
}

QModelIndex LaneListModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid()) {
        if (static_cast<std::size_t>(row) >= m_topLevel.size())
            return {};
        return createIndex(row, column, static_cast<quintptr>(m_topLevel[static_cast<std::size_t>(row)]));
    }
    if (parent.column() != NameColumn)
        return {};
    const std::vector<LaneId>& children = rowOf(parent).children;
    if (static_cast<std::size_t>(row) >= children.size())
        return {};
    return createIndex(row, column, static_cast<quintptr>(children[static_cast<std::size_t>(row)]));
}

QModelIndex LaneListModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    return indexForLane(rowOf(child).parent);
}

int LaneListModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return static_cast<int>(m_topLevel.size());
    if (parent.column() != NameColumn)
        return 0;
    return static_cast<int>(rowOf(parent).children.size());
}

int LaneListModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant LaneListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const Row& r = rowOf(index);
    if (role == kLaneRole)
        return static_cast<int>(index.internalId());
    if (role == Qt::TextAlignmentRole)
        return index.column() >= SpansColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return r.name;
    case KindColumn:
        return r.kind;
    case StateColumn:
        return r.state;
    case SpansColumn:
        return groupedNumber(static_cast<std::int64_t>(r.spans));
    case RunningColumn:
        return milliseconds(r.running);
    case GilColumn:
        return milliseconds(r.gil);
    case BlockedColumn:
        return milliseconds(r.blocked);
    default:
        return {};
    }
}

QVariant LaneListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return section >= SpansColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Lane");
    case KindColumn:
        return tr("Kind");
    case StateColumn:
        return tr("Now");
    case SpansColumn:
        return tr("Spans");
    // On two lines: the figures are short, and one line of "Waiting for the GIL ms" took a
    // third of a narrow table from the lanes' names.
    case RunningColumn:
        return tr("Running\n(ms)");
    case GilColumn:
        return tr("Waiting for\nthe GIL (ms)");
    case BlockedColumn:
        return tr("Blocked\n(ms)");
    default:
        return {};
    }
}

void LaneListModel::clearLanes()
{
    m_lanes.clear();
    m_topLevel.clear();
}

void LaneListModel::insertNewLanes(const Trace& trace)
{
    const std::size_t first = m_lanes.size();
    const std::size_t count = trace.laneCount();
    // A lane's parent comes before it; one that does not is shown at the top level.
    const auto parentOf = [&](std::size_t i) {
        const LaneId p = trace.lane(static_cast<LaneId>(i)).parent;
        return p >= 0 && static_cast<std::size_t>(p) < i ? p : LaneId {-1};
    };
    m_lanes.resize(count);
    for (std::size_t i = first; i < count; ++i) {
        const LaneInfo& info = trace.lane(static_cast<LaneId>(i));
        Row& r = m_lanes[i];
        r.parent = parentOf(i);
        r.name = QString::fromStdString(info.name);
        r.kind = toQString(laneKindName(info.kind));
    }
    const auto link = [&](std::size_t i) {
        Row& r = m_lanes[i];
        std::vector<LaneId>& siblings = r.parent < 0 ? m_topLevel : m_lanes[static_cast<std::size_t>(r.parent)].children;
        r.row = static_cast<int>(siblings.size());
        siblings.push_back(static_cast<LaneId>(i));
    };
    if (first == 0) {
        // The first sight of a run: one reset is cheaper than an insertion per parent.
        beginResetModel();
        for (std::size_t i = 0; i < count; ++i)
            link(i);
        endResetModel();
        return;
    }
    // The new lanes of each parent go in as one block, parents in the order of their ids: a
    // parent new in this batch is in the tree before its own children are inserted.
    std::map<LaneId, std::vector<std::size_t>> byParent;
    for (std::size_t i = first; i < count; ++i)
        byParent[m_lanes[i].parent].push_back(i);
    for (const auto& [parent, lanes] : byParent) {
        const int before = parent < 0 ? static_cast<int>(m_topLevel.size())
                                      : static_cast<int>(m_lanes[static_cast<std::size_t>(parent)].children.size());
        beginInsertRows(indexForLane(parent), before, before + static_cast<int>(lanes.size()) - 1);
        for (const std::size_t i : lanes)
            link(i);
        endInsertRows();
    }
}

bool LaneListModel::refresh(LaneId lane, const Trace& trace)
{
    Row& r = m_lanes[static_cast<std::size_t>(lane)];
    const std::size_t spans = trace.spanCount(lane);
    const TimeNs end = trace.laneEnd(lane);
    if (spans == r.spans && end == r.end)
        return false;
    if (spans == r.spans && spans > 0) {
        // Only the open last span grew (a live lane between state changes): its state gets the
        // difference, without going over the lane's spans again.
        const TimeNs grown = end - r.end;
        r.end = end;
        switch (trace.span(lane, spans - 1).state) {
        case State::Running:
            r.running += grown;
            break;
        case State::WaitingGil:
            r.gil += grown;
            break;
        case State::BlockedIo:
            r.blocked += grown;
            break;
        default:
            break;
        }
        return true;
    }
    r.spans = spans;
    r.end = end;
    r.state = spans ? toQString(stateLabel(trace.span(lane, spans - 1).state)) : QString();
    const StateTotals totals = trace.stateTotals(lane);
    r.running = totalFor(totals, State::Running);
    r.gil = totalFor(totals, State::WaitingGil);
    r.blocked = totalFor(totals, State::BlockedIo);
    return true;
}

void LaneListModel::showTrace(const Trace& trace)
{
    if (trace.laneCount() < m_lanes.size()) {
        beginResetModel();
        clearLanes();
        endResetModel();
    }
    if (trace.laneCount() > m_lanes.size())
        insertNewLanes(trace);
    // What changed, as one range of rows per parent.
    struct Range {
        int first;
        int last;
    };
    std::map<LaneId, Range> changed;
    for (std::size_t i = 0; i < m_lanes.size(); ++i) {
        const auto lane = static_cast<LaneId>(i);
        if (!refresh(lane, trace))
            continue;
        const Row& r = m_lanes[i];
        auto [it, inserted] = changed.try_emplace(r.parent, Range {r.row, r.row});
        if (!inserted) {
            it->second.first = std::min(it->second.first, r.row);
            it->second.last = std::max(it->second.last, r.row);
        }
    }
    for (const auto& [parent, range] : changed) {
        const QModelIndex p = indexForLane(parent);
        emit dataChanged(index(range.first, StateColumn, p), index(range.last, BlockedColumn, p));
    }
}

} // namespace interleave
