#include "timeline/timelinepainter.h"

// One row of the timeline: a lane's bars from its draw list, a collapsed group's summary, and
// the lane's label in the gutter.

#include <QFontMetricsF>
#include <QPainter>
#include <QPolygonF>

#include <algorithm>
#include <array>

namespace interleave {

void TimelinePainter::paintRow(
    QPainter& painter, const TimelineDrawList& list, double barTop, double barHeight) const
{
    const double top = barTop;
    const double height = barHeight;
    // Neighbouring narrow items of one state are filled as one rectangle: at a wide zoom a row
    // has up to a couple of items per pixel, and one fill per run instead of per item is most
    // of the painting time saved. A hatch narrower than a few pixels shows no pattern: skipped.
    constexpr double kNarrowPx = 4;
    // The busy mark under merged blocks runs across state changes: one fill per stretch.
    double busyStart = 0;
    double busyEnd = -1;
    auto flushBusy = [&] {
        if (busyEnd > busyStart)
            painter.fillRect(QRectF(busyStart, barTop + barHeight - 3, busyEnd - busyStart, 3),
                m_palette.busyMarkBrush().color());
        busyEnd = -1;
    };
    auto fillRun = [&](double x0, double x1, State state, bool busy) {
        const QRectF rect(x0, barTop, x1 - x0, barHeight);
        painter.fillRect(rect, m_palette.stateColor(state));
        const QBrush& hatch = m_palette.hatchBrush(state);
        if (hatch.style() != Qt::NoBrush && x1 - x0 >= kNarrowPx)
            painter.fillRect(rect, hatch);
        if (!busy)
            return;
        if (busyEnd < 0 || x0 > busyEnd + 0.5) {
            flushBusy();
            busyStart = x0;
        }
        busyEnd = std::max(busyEnd, x1);
    };
    const auto& items = list.items;
    for (std::size_t k = 0; k < items.size();) {
        const TimelineDrawItem& item = items[k];
        if (isTerminal(item.state) && item.spanCount == 1) {
            painter.fillRect(QRectF(item.x0 - 1, top, 3, height), m_palette.stateColor(item.state));
            ++k;
            continue;
        }
        if (item.x1 - item.x0 >= kNarrowPx) {
            // A one-pixel gap between wide neighbours keeps two spans of one state apart.
            fillRun(item.x0, item.x1 - 1, item.state, item.merged());
            ++k;
            continue;
        }
        double x1 = item.x1;
        bool busy = item.merged();
        std::size_t next = k + 1;
        while (next < items.size() && items[next].state == item.state
            && items[next].x1 - items[next].x0 < kNarrowPx && items[next].x0 <= x1 + 0.5) {
            x1 = std::max(x1, items[next].x1);
            busy = busy || items[next].merged();
            ++next;
        }
        fillRun(item.x0, x1, item.state, busy);
        k = next;
    }
    flushBusy();
}

void TimelinePainter::paintGroupSummary(QPainter& painter, const TimelineCoordinates& coords, double top,
    double height, const std::vector<const TimelineDrawList*>& lists) const
{
    // Per pixel column, the state the hidden lanes spend the most time in together (each item
    // weighs what it covers of the column); end markers carry no time and are left out.
    const int columns = coords.plotWidth();
    const double left = coords.plotLeft();
    std::vector<std::array<float, kStateCount>> weight(static_cast<std::size_t>(columns));
    for (const TimelineDrawList* list : lists) {
        for (const TimelineDrawItem& item : list->items) {
            if (isTerminal(item.state))
                continue;
            const double a = std::max(item.x0 - left, 0.0);
            const double b = std::min(item.x1 - left, static_cast<double>(columns));
            for (int c = static_cast<int>(a); c < columns && c < b; ++c) {
                const double cover = std::min(b, c + 1.0) - std::max(a, static_cast<double>(c));
                if (cover > 0)
                    weight[static_cast<std::size_t>(c)][static_cast<std::size_t>(item.state)]
                        += static_cast<float>(cover);
            }
        }
    }
    // A column's state as an index; -1 where no hidden lane has time.
    auto stateOf = [&](int c) {
        const auto& w = weight[static_cast<std::size_t>(c)];
        const auto best = std::max_element(w.begin(), w.end());
        return *best > 0 ? static_cast<int>(best - w.begin()) : -1;
    };
    int runStart = 0;
    int runState = columns > 0 ? stateOf(0) : -1;
    for (int c = 1; c <= columns; ++c) {
        const int state = c < columns ? stateOf(c) : -1;
        if (c < columns && state == runState)
            continue;
        if (runState >= 0) {
            const QRectF rect(left + runStart, top, c - runStart, height);
            painter.fillRect(rect, m_palette.stateColor(static_cast<State>(runState)));
            const QBrush& hatch = m_palette.hatchBrush(static_cast<State>(runState));
            if (hatch.style() != Qt::NoBrush && c - runStart >= 4)
                painter.fillRect(rect, hatch);
        }
        runStart = c;
        runState = state;
    }
}

void TimelinePainter::paintLabel(QPainter& painter, const TimelineCoordinates& coords, int row) const
{
    const TimelineRow& r = m_rows[static_cast<std::size_t>(row)];
    const LaneInfo& info = m_trace.lane(r.lane);
    const double y = coords.yForRow(row);
    const double centre = y + coords.rowHeight() / 2.0;
    const double indent = kGutterPadding + r.depth * kIndentPx;
    if (r.hasChildren) {
        // A triangle, not a glyph: every font has it. Right: collapsed; down: open.
        QPolygonF triangle;
        if (r.collapsed)
            triangle << QPointF(indent + 2, centre - 5) << QPointF(indent + 2, centre + 5)
                     << QPointF(indent + 10, centre);
        else
            triangle << QPointF(indent, centre - 3) << QPointF(indent + 10, centre - 3)
                     << QPointF(indent + 5, centre + 4);
        painter.save();
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.setPen(Qt::NoPen);
        painter.setBrush(m_palette.mutedText());
        painter.drawPolygon(triangle);
        painter.restore();
    }
    const auto [left, right] = labelSpan(coords, r);
    if (r.collapsed) {
        // How many lanes the group hides, at the right end of its label.
        const QString hidden = QStringLiteral("+%1").arg(r.hiddenLanes);
        const double badge = hiddenBadgeWidth(r.hiddenLanes);
        painter.setFont(m_smallFont);
        painter.setPen(m_palette.mutedText());
        painter.drawText(QRectF(right + 6, y, badge, coords.rowHeight()), Qt::AlignVCenter | Qt::AlignRight, hidden);
    }
    QFont font = m_font;
    font.setBold(info.kind == LaneKind::Process);
    painter.setFont(font);
    painter.setPen(info.kind == LaneKind::Task ? m_palette.mutedText() : m_palette.text());
    const double width = std::max(0.0, right - left);
    const QString label = fitLaneLabel(info, QFontMetricsF(font), width);
    painter.drawText(QRectF(left, y, width, coords.rowHeight()), Qt::AlignVCenter | Qt::AlignLeft, label);
}

std::pair<double, double> TimelinePainter::labelSpan(const TimelineCoordinates& coords, const TimelineRow& row) const
{
    const double left = kGutterPadding + row.depth * kIndentPx + kDisclosurePx;
    double right = coords.gutterWidth() - kGutterPadding;
    if (row.collapsed)
        right -= hiddenBadgeWidth(row.hiddenLanes) + 6;
    return {left, right};
}

QStringList TimelinePainter::cutTexts(const TimelineCoordinates& coords) const
{
    QStringList cut;
    QFont bold = m_font;
    bold.setBold(true);
    for (const TimelineRow& row : m_rows) {
        const LaneInfo& info = m_trace.lane(row.lane);
        const auto [left, right] = labelSpan(coords, row);
        const QFontMetricsF metrics(info.kind == LaneKind::Process ? bold : m_font);
        const QString shown = fitLaneLabel(info, metrics, std::max(0.0, right - left));
        // Whole, or a process's name whole without its pid.
        if (shown != laneLabel(info) && (shown != shortLaneLabel(info) || metrics.horizontalAdvance(shown) > right - left))
            cut << QStringLiteral("lane \"%1\" shown as \"%2\"").arg(laneLabel(info), shown);
    }
    const QFontMetricsF small(m_smallFont);
    const QRectF strip = stripLabelBox(coords);
    const QRectF stripNeeds = small.boundingRect(strip, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, stripLabel());
    if (stripNeeds.width() > strip.width() + 0.5 || stripNeeds.height() > strip.height() + 0.5)
        cut << QStringLiteral("the strip's label needs %1x%2 px, has %3x%4")
                   .arg(std::ceil(stripNeeds.width()))
                   .arg(std::ceil(stripNeeds.height()))
                   .arg(strip.width())
                   .arg(strip.height());
    const QRectF axis = axisLabelBox(coords);
    if (small.horizontalAdvance(axisLabel()) > axis.width() || small.height() > axis.height())
        cut << QStringLiteral("\"%1\" needs %2 px, has %3")
                   .arg(axisLabel())
                   .arg(std::ceil(small.horizontalAdvance(axisLabel())))
                   .arg(axis.width());
    return cut;
}

QString TimelinePainter::fitLaneLabel(const LaneInfo& lane, const QFontMetricsF& metrics, double width)
{
    const QString whole = laneLabel(lane);
    if (metrics.horizontalAdvance(whole) <= width)
        return whole;
    if (lane.kind == LaneKind::Process && lane.pid > 0 && !lane.name.empty())
        return metrics.elidedText(shortLaneLabel(lane), Qt::ElideRight, width);
    return metrics.elidedText(whole, Qt::ElideMiddle, width);
}

} // namespace interleave
