#include "labviews/waitforgraphwidget.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <vector>

namespace interleave {
namespace {

constexpr double kLegendHeight = 34;
constexpr double kMargin = 12;

QColor cycleColor(const TimelinePalette& palette)
{
    return palette.theme() == TimelineTheme::Dark ? QColor(0xff, 0x3b, 0x5c) : QColor(0xc8, 0x00, 0x2a);
}

QColor heldColor(const TimelinePalette& palette)
{
    return palette.theme() == TimelineTheme::Dark ? QColor(0xb8, 0xbc, 0xc4) : QColor(0x4a, 0x4f, 0x57);
}

// The part of a name after its last '-': "philosopher-10" -> "10", "lock-a" -> "a".
QString shortName(const std::string& name)
{
    const QString full = QString::fromStdString(name);
    const qsizetype dash = full.lastIndexOf(QLatin1Char('-'));
    return dash >= 0 && dash + 1 < full.size() ? full.mid(dash + 1) : full.left(3);
}

bool onCycleThread(const std::optional<WaitCycle>& cycle, int thread)
{
    return cycle && std::find(cycle->threads.begin(), cycle->threads.end(), thread) != cycle->threads.end();
}

bool onCycleLock(const std::optional<WaitCycle>& cycle, int lock)
{
    return cycle && std::find(cycle->locks.begin(), cycle->locks.end(), lock) != cycle->locks.end();
}

// An edge of the cycle: thread waits for lock (waitEdge) or lock held by thread.
bool onCycleEdge(const std::optional<WaitCycle>& cycle, int thread, int lock, bool waitEdge)
{
    if (!cycle)
        return false;
    const std::size_t n = cycle->threads.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (cycle->locks[i] != lock)
            continue;
        const int other = waitEdge ? cycle->threads[i] : cycle->threads[(i + 1) % n];
        if (other == thread)
            return true;
    }
    return false;
}

// A gently bent arrow from one node's edge to another's. The bend keeps two arrows between
// the same pair of nodes (a thread holding the lock it waits for) apart.
void drawArrow(QPainter& painter, QPointF from, QPointF to, double fromRadius, double toRadius,
    const QPen& pen, double headSize)
{
    const QPointF d = to - from;
    const double length = std::hypot(d.x(), d.y());
    if (length < 1)
        return;
    const QPointF unit = d / length;
    const QPointF normal(-unit.y(), unit.x());
    const double bend = std::clamp(length * 0.12, 10.0, 40.0);
    const QPointF control = (from + to) / 2 + normal * bend;

    const auto towards = [](QPointF origin, QPointF target, double distance) {
        const QPointF v = target - origin;
        const double len = std::hypot(v.x(), v.y());
        return len < 1e-6 ? origin : origin + v / len * distance;
    };
    const QPointF start = towards(from, control, fromRadius + 3);
    const QPointF end = towards(to, control, toRadius + 3);

    QPainterPath path(start);
    const QPointF tip = end;
    const QPointF back = towards(tip, control, headSize * 0.8); // the shaft stops under the head
    path.quadTo(control, back);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(pen);
    painter.drawPath(path);

    const QPointF dir = tip - towards(tip, control, 1);
    const double dl = std::hypot(dir.x(), dir.y());
    const QPointF u = dl < 1e-6 ? unit : dir / dl;
    const QPointF n(-u.y(), u.x());
    QPolygonF head;
    head << tip << tip - u * headSize + n * headSize * 0.5 << tip - u * headSize - n * headSize * 0.5;
    QPen headPen = pen;
    headPen.setStyle(Qt::SolidLine);
    headPen.setWidthF(1);
    painter.setPen(headPen);
    painter.setBrush(pen.color());
    painter.drawPolygon(head);
}

// The box of a text placed just outside a node, in direction dir (a unit vector) from its
// centre: the box's nearest side touches the point `radius + 6` out.
QRectF labelBoxToward(QSizeF size, QPointF node, double radius, QPointF dir)
{
    const QPointF anchor = node + dir * (radius + 6);
    const double x = anchor.x() - size.width() / 2 + dir.x() * size.width() / 2;
    const double y = anchor.y() - size.height() / 2 + dir.y() * size.height() / 2;
    return {QPointF(x, y), size};
}

QPointF unitAway(QPointF node, QPointF away)
{
    const QPointF dir = node - away;
    const double len = std::hypot(dir.x(), dir.y());
    return len < 1e-6 ? QPointF(0, 1) : dir / len;
}

QSizeF labelSizeOf(const QFontMetricsF& fm, const QString& text)
{
    return {fm.horizontalAdvance(text) + 4, fm.height()};
}

bool clearOf(const QRectF& box, const std::vector<QRectF>& taken)
{
    const QRectF padded = box.adjusted(-2, -2, 2, 2);
    return std::none_of(taken.begin(), taken.end(), [&](const QRectF& other) { return padded.intersects(other); });
}

// A thread's name: the first place, turning from the side facing away from `away` towards
// the opposite side in steps of a sixteenth of a turn, that lies inside bounds and clear of
// everything taken. Above or below its node a name may also reach out to one side from the
// node's edge (first the side away from `away`): two nodes side by side on a narrow ring then
// have their names one to the left, one to the right; and a name that would reach past the
// widget's edge may slide back inside it.
std::optional<QRectF> placeThreadLabel(QSizeF size, QPointF node, double radius, QPointF away,
    const QRectF& bounds, const std::vector<QRectF>& taken)
{
    const QPointF preferred = unitAway(node, away);
    const double outward = node.x() >= away.x() ? 1 : -1;
    constexpr int kSteps = 8; // each side, 22.5 degrees apart
    for (int step = 0; step <= kSteps; ++step) {
        for (const int sign : {1, -1}) {
            if (sign < 0 && (step == 0 || step == kSteps))
                continue; // straight away and straight back are tried once
            const double a = sign * step * std::numbers::pi / kSteps;
            const QPointF dir(preferred.x() * std::cos(a) - preferred.y() * std::sin(a),
                preferred.x() * std::sin(a) + preferred.y() * std::cos(a));
            // Touching the node, or a line further out: two names below two nodes side by
            // side, each wider than half the ring, then stand one under the other.
            for (const double gap : {0.0, size.height() + 4}) {
                const QRectF centred = labelBoxToward(size, node, radius + gap, dir);
                std::vector<QRectF> boxes {centred};
                if (std::abs(dir.y()) > 0.5) {
                    for (const double side : {outward, -outward}) {
                        QRectF reaching = centred;
                        reaching.moveLeft(side > 0 ? node.x() - radius : node.x() + radius - size.width());
                        boxes.push_back(reaching);
                    }
                }
                // Slid back inside the widget where it would reach past its edge.
                QRectF inside = centred;
                inside.moveLeft(
                    std::clamp(centred.left(), bounds.left(), std::max(bounds.left(), bounds.right() - size.width())));
                boxes.push_back(inside);
                for (const QRectF& box : boxes)
                    if (bounds.contains(box) && clearOf(box, taken))
                        return box;
            }
        }
    }
    return std::nullopt;
}

QFont legendFontOf(const QFont& font)
{
    QFont small = font;
    small.setPointSizeF(font.pointSizeF() * 0.85);
    return small;
}

QFont boldFontOf(const QFont& font)
{
    QFont bold = font;
    bold.setBold(true);
    return bold;
}

struct LegendItem {
    double symbolWidth;
    QString text;
};

// The legend's entries in the order drawn; the cycle's only when there is one.
std::vector<LegendItem> legendItems(bool cycle)
{
    std::vector<LegendItem> items {{20, QStringLiteral("thread")}, {20, QStringLiteral("lock")},
        {48, QStringLiteral("waits for")}, {48, QStringLiteral("held by")}};
    if (cycle)
        items.push_back({38, QStringLiteral("cycle")});
    return items;
}

} // namespace

WaitForGraphLayout WaitForGraphLayout::compute(
    const WaitForGraph& graph, const QRectF& area, QSizeF threadLabel)
{
    WaitForGraphLayout layout;
    const std::size_t nt = graph.threads.size();
    const std::size_t nl = graph.locks.size();
    layout.centre = area.center();
    if (nt == 0 && nl == 0)
        return layout;
    layout.ring = nt == nl && nt >= 2;
    if (layout.ring) {
        const double n = static_cast<double>(nt);
        // Room outside the ring for the largest node and the thread labels: beside the nodes
        // on the left and right, above and below them at the top and bottom. The ring is an
        // ellipse, so it uses a tall or a wide area whole.
        // Where that room would leave the ring too small to read (a narrow panel, classroom
        // type: its nodes crowded onto each other), the ring takes the whole width or height
        // and the names go above or below their nodes, or beside them, instead.
        constexpr double kMaxNode = 34;
        constexpr double kSmallestRoomyRing = 80;
        const auto radius = [](double withLabels, double whole) {
            return std::max(40.0, withLabels >= kSmallestRoomyRing ? withLabels : whole);
        };
        const double rx = radius(area.width() / 2 - threadLabel.width() - kMaxNode - 10, area.width() / 2 - kMaxNode - 4);
        const double ry = radius(area.height() / 2 - threadLabel.height() - kMaxNode - 8, area.height() / 2 - kMaxNode - 4);
        const double lockScale = nt <= 3 ? 0.78 : nt <= 5 ? 0.64 : 0.72;
        layout.nodeRadius = std::clamp((rx + ry) / 2 * std::sin(std::numbers::pi / n) * 0.36, 14.0, kMaxNode);
        for (std::size_t i = 0; i < nt; ++i) {
            const double a = -std::numbers::pi / 2 + 2 * std::numbers::pi * static_cast<double>(i) / n;
            layout.threads.emplace_back(layout.centre + QPointF(std::cos(a) * rx, std::sin(a) * ry));
            // Lock i sits between thread i - 1 and thread i: each philosopher between its forks.
            const double b = a - std::numbers::pi / n;
            layout.locks.emplace_back(
                layout.centre + QPointF(std::cos(b) * rx, std::sin(b) * ry) * lockScale);
        }
        return layout;
    }
    // Two columns, each spread evenly over the height.
    const std::size_t rows = std::max(nt, nl);
    layout.nodeRadius = std::clamp(area.height() / static_cast<double>(rows + 1) * 0.3, 12.0, 30.0);
    for (std::size_t i = 0; i < nt; ++i)
        layout.threads.emplace_back(area.left() + area.width() * 0.3,
            area.top() + area.height() * static_cast<double>(i + 1) / static_cast<double>(nt + 1));
    for (std::size_t i = 0; i < nl; ++i)
        layout.locks.emplace_back(area.left() + area.width() * 0.7,
            area.top() + area.height() * static_cast<double>(i + 1) / static_cast<double>(nl + 1));
    return layout;
}

QString waitForGraphCaption(const WaitForGraph& graph, const std::optional<WaitCycle>& cycle)
{
    if (cycle) {
        const std::size_t n = cycle->threads.size();
        const auto clause = [&](std::size_t i) {
            return QString::fromStdString(graph.threads[static_cast<std::size_t>(cycle->threads[i])].name
                + " waits for " + graph.locks[static_cast<std::size_t>(cycle->locks[i])].name + " held by "
                + graph.threads[static_cast<std::size_t>(cycle->threads[(i + 1) % n])].name);
        };
        QStringList parts;
        if (n == 1)
            return QStringLiteral("Deadlock: %1 (itself)").arg(clause(0));
        if (n <= 4) {
            for (std::size_t i = 0; i < n; ++i)
                parts << clause(i);
            return QStringLiteral("Deadlock: ") + parts.join(QStringLiteral(", "));
        }
        // A long cycle: its start and its end are enough to read the pattern.
        for (std::size_t i = 0; i < 2; ++i)
            parts << clause(i);
        return QStringLiteral("Deadlock: %1, ... %2 (%3 threads in the cycle)")
            .arg(parts.join(QStringLiteral(", ")), clause(n - 1))
            .arg(n);
    }
    int waiting = 0;
    int held = 0;
    for (const WaitForGraph::Thread& t : graph.threads)
        waiting += t.waitsFor != WaitForGraph::kNone ? 1 : 0;
    for (const WaitForGraph::Lock& l : graph.locks)
        held += l.heldBy != WaitForGraph::kNone ? 1 : 0;
    if (graph.threads.empty())
        return QStringLiteral("Run to see who waits for whom.");
    if (waiting == 0 && held == 0)
        return QStringLiteral("No cycle: every lock is free, nobody waits.");
    return QStringLiteral("No cycle: %1 waiting, %2 of %3 locks held.")
        .arg(waiting)
        .arg(held)
        .arg(graph.locks.size());
}

WaitForGraphGeometry WaitForGraphGeometry::compute(
    const QRectF& rect, const WaitForGraph& graph, const std::optional<WaitCycle>& cycle, const QFont& font)
{
    WaitForGraphGeometry g;
    // Legend, top: its entries in a row, onto another row where the panel is narrow.
    const QFontMetricsF sfm(legendFontOf(font));
    const double rowHeight = std::max(kLegendHeight, sfm.height() + 12);
    double x = rect.left() + kMargin;
    double ly = rect.top() + rowHeight / 2;
    for (const LegendItem& item : legendItems(cycle.has_value())) {
        const double width = item.symbolWidth + sfm.horizontalAdvance(item.text);
        if (x > rect.left() + kMargin && x + width > rect.right() - kMargin) {
            x = rect.left() + kMargin;
            ly += rowHeight;
        }
        g.legendEntries.emplace_back(x, ly);
        x += width + 18;
    }
    g.legendBottom = ly + rowHeight / 2;

    // Caption, bottom, wrapped.
    const QRectF captionBox(rect.left() + kMargin, rect.top(), rect.width() - 2 * kMargin, rect.height());
    const QRectF needed = QFontMetricsF(boldFontOf(font))
                              .boundingRect(captionBox, Qt::TextWordWrap | Qt::AlignLeft, waitForGraphCaption(graph, cycle));
    g.caption = QRectF(captionBox.left(), rect.bottom() - kMargin - needed.height(), captionBox.width(), needed.height());

    const QRectF area(rect.left() + kMargin, g.legendBottom + 8, rect.width() - 2 * kMargin,
        g.caption.top() - g.legendBottom - 16);
    if (area.height() < 40 || area.width() < 40 || graph.threads.empty())
        return g;
    g.area = area;

    const QFontMetricsF fm(font);
    QSizeF widest;
    for (const WaitForGraph::Thread& t : graph.threads)
        widest = widest.expandedTo(labelSizeOf(fm, QString::fromStdString(t.name)));
    g.layout = WaitForGraphLayout::compute(graph, area, widest);
    const double r = g.layout.nodeRadius;
    const double lockHalf = r * 0.8;

    // Names may reach into the margins, never into the legend, the caption or a node.
    const QRectF bounds(rect.left() + 2, g.legendBottom + 2, rect.width() - 4, g.caption.top() - g.legendBottom - 4);
    std::vector<QRectF> taken;
    for (const QPointF& t : g.layout.threads)
        taken.emplace_back(t - QPointF(r, r), QSizeF(2 * r, 2 * r));
    for (const QPointF& l : g.layout.locks)
        taken.emplace_back(l - QPointF(lockHalf, lockHalf), QSizeF(2 * lockHalf, 2 * lockHalf));

    // Locks inside the ring are labelled towards its centre, out of the threads' way. Where
    // the labels would touch each other or a square ("fork-1fork-2"), the number in the
    // square is the label; the thread's label names the pattern.
    std::vector<QRectF> lockBoxes;
    bool lockLabelsFit = true;
    for (std::size_t l = 0; l < graph.locks.size() && lockLabelsFit; ++l) {
        const QPointF away = g.layout.ring ? 2 * g.layout.locks[l] - g.layout.centre
                                           : QPointF(area.left(), g.layout.locks[l].y());
        const QRectF box = labelBoxToward(labelSizeOf(fm, QString::fromStdString(graph.locks[l].name)),
            g.layout.locks[l], lockHalf, unitAway(g.layout.locks[l], away));
        lockLabelsFit = bounds.contains(box) && clearOf(box, taken) && clearOf(box, lockBoxes);
        lockBoxes.push_back(box);
    }
    for (std::size_t l = 0; l < graph.locks.size(); ++l)
        g.lockLabels.push_back(lockLabelsFit ? std::optional<QRectF>(lockBoxes[l]) : std::nullopt);
    if (lockLabelsFit)
        taken.insert(taken.end(), lockBoxes.begin(), lockBoxes.end());

    for (std::size_t t = 0; t < graph.threads.size(); ++t) {
        const QPointF node = g.layout.threads[t];
        const QPointF away = g.layout.ring ? g.layout.centre : QPointF(area.right(), node.y());
        const auto box = placeThreadLabel(
            labelSizeOf(fm, QString::fromStdString(graph.threads[t].name)), node, r, away, bounds, taken);
        g.threadLabels.push_back(box);
        if (box)
            taken.push_back(*box);
    }
    return g;
}

void paintWaitForGraph(QPainter& painter, const QRectF& rect, const WaitForGraph& graph,
    const std::optional<WaitCycle>& cycle, const TimelinePalette& palette, const QFont& font)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.fillRect(rect, palette.background());
    const WaitForGraphGeometry g = WaitForGraphGeometry::compute(rect, graph, cycle, font);

    const QColor strong = cycleColor(palette);
    const QColor heldFill = heldColor(palette);
    const QColor waitColor = palette.stateColor(State::WaitingLock);
    const QFont small = legendFontOf(font);
    const QFont bold = boldFontOf(font);

    painter.setFont(small);
    const QFontMetricsF sfm(small);
    const std::vector<LegendItem> items = legendItems(cycle.has_value());
    for (std::size_t i = 0; i < items.size() && i < g.legendEntries.size(); ++i) {
        const double at = g.legendEntries[i].x();
        const double ly = g.legendEntries[i].y();
        switch (i) {
        case 0:
            painter.setPen(QPen(palette.text(), 1.5));
            painter.setBrush(Qt::NoBrush);
            painter.drawEllipse(QPointF(at + 7, ly), 7, 7);
            break;
        case 1:
            painter.setPen(QPen(palette.text(), 1.5));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(QRectF(at, ly - 7, 14, 14));
            break;
        case 2:
            drawArrow(painter, QPointF(at, ly), QPointF(at + 40, ly), 0, 0, QPen(waitColor, 2.5, Qt::DashLine), 10);
            break;
        case 3:
            drawArrow(painter, QPointF(at, ly), QPointF(at + 40, ly), 0, 0, QPen(heldFill, 2.5), 10);
            break;
        default:
            painter.setPen(QPen(strong, 5));
            painter.drawLine(QPointF(at, ly), QPointF(at + 30, ly));
            break;
        }
        painter.setPen(palette.text());
        painter.drawText(QPointF(at + items[i].symbolWidth, ly + sfm.ascent() / 2 - 1), items[i].text);
    }

    painter.setFont(bold);
    painter.setPen(cycle ? strong : palette.mutedText());
    painter.drawText(g.caption, Qt::TextWordWrap | Qt::AlignLeft, waitForGraphCaption(graph, cycle));

    if (g.area.isEmpty()) {
        painter.restore();
        return;
    }
    const WaitForGraphLayout& layout = g.layout;
    const double r = layout.nodeRadius;
    const double lockHalf = r * 0.8;

    // Edges under the nodes; the cycle's last so they lie on top.
    for (int pass = 0; pass < 2; ++pass) {
        for (std::size_t t = 0; t < graph.threads.size(); ++t) {
            const int lock = graph.threads[t].waitsFor;
            if (lock < 0 || static_cast<std::size_t>(lock) >= graph.locks.size())
                continue;
            const bool hot = onCycleEdge(cycle, static_cast<int>(t), lock, true);
            if (hot != (pass == 1))
                continue;
            QPen pen(hot ? strong : waitColor, hot ? 5 : 2.5, Qt::DashLine);
            pen.setCapStyle(Qt::FlatCap);
            drawArrow(painter, layout.threads[t], layout.locks[static_cast<std::size_t>(lock)], r, lockHalf,
                pen, hot ? 18 : 13);
        }
        for (std::size_t l = 0; l < graph.locks.size(); ++l) {
            const int holder = graph.locks[l].heldBy;
            if (holder < 0 || static_cast<std::size_t>(holder) >= graph.threads.size())
                continue;
            const bool hot = onCycleEdge(cycle, holder, static_cast<int>(l), false);
            if (hot != (pass == 1))
                continue;
            drawArrow(painter, layout.locks[l], layout.threads[static_cast<std::size_t>(holder)], lockHalf, r,
                QPen(hot ? strong : heldFill, hot ? 5 : 2.5), hot ? 18 : 13);
        }
    }

    // Nodes and their labels.
    QFont nodeFont = bold;
    nodeFont.setPointSizeF(std::max(9.0, std::min(font.pointSizeF() * 1.1, r * 0.6)));
    for (std::size_t l = 0; l < graph.locks.size(); ++l) {
        const WaitForGraph::Lock& lock = graph.locks[l];
        const bool held = lock.heldBy != WaitForGraph::kNone;
        const bool hot = onCycleLock(cycle, static_cast<int>(l));
        const QRectF box(layout.locks[l] - QPointF(lockHalf, lockHalf), QSizeF(2 * lockHalf, 2 * lockHalf));
        painter.setPen(QPen(hot ? strong : palette.text(), hot ? 4 : 2));
        painter.setBrush(held ? heldFill : palette.background());
        painter.drawRect(box);
        painter.setFont(nodeFont);
        painter.setPen(held ? palette.background() : palette.text());
        painter.drawText(box, Qt::AlignCenter, shortName(lock.name));
        if (!g.lockLabels[l])
            continue;
        painter.setFont(font);
        painter.setPen(hot ? strong : palette.text());
        painter.drawText(*g.lockLabels[l], Qt::AlignCenter, QString::fromStdString(lock.name));
    }
    for (std::size_t t = 0; t < graph.threads.size(); ++t) {
        const WaitForGraph::Thread& thread = graph.threads[t];
        bool holds = false;
        for (const WaitForGraph::Lock& lock : graph.locks)
            holds = holds || lock.heldBy == static_cast<int>(t);
        const bool waiting = thread.waitsFor != WaitForGraph::kNone;
        const bool hot = onCycleThread(cycle, static_cast<int>(t));
        const QColor fill = waiting ? waitColor
            : holds                 ? palette.stateColor(State::Running)
                                    : palette.background();
        painter.setPen(QPen(hot ? strong : palette.text(), hot ? 4 : 2));
        painter.setBrush(fill);
        painter.drawEllipse(layout.threads[t], r, r);
        painter.setFont(nodeFont);
        painter.setPen(waiting || holds ? QColor(Qt::white) : palette.text());
        painter.drawText(QRectF(layout.threads[t] - QPointF(r, r), QSizeF(2 * r, 2 * r)), Qt::AlignCenter,
            shortName(thread.name));
        if (!g.threadLabels[t])
            continue;
        painter.setFont(font);
        painter.setPen(hot ? strong : palette.text());
        painter.drawText(*g.threadLabels[t], Qt::AlignCenter, QString::fromStdString(thread.name));
    }
    painter.restore();
}

WaitForGraphWidget::WaitForGraphWidget(QWidget* parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    QFont f = font();
    f.setPointSizeF(std::max<qreal>(12, f.pointSizeF()));
    setFont(f);
}

void WaitForGraphWidget::setGraph(const WaitForGraph& graph)
{
    if (graph == m_graph)
        return;
    m_graph = graph;
    m_cycle = findWaitCycle(m_graph);
    update();
}

void WaitForGraphWidget::setTheme(TimelineTheme theme)
{
    m_palette = TimelinePalette(theme);
    update();
}

void WaitForGraphWidget::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    paintWaitForGraph(painter, QRectF(rect()), m_graph, m_cycle, m_palette, font());
}

} // namespace interleave
