#include "labviews/waitforgraphwidget.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <numbers>
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

// The box of a text placed just outside a node, on the side facing away from `away`.
QRectF labelBoxAway(const QFontMetricsF& fm, const QString& text, QPointF node, double radius, QPointF away)
{
    QPointF dir = node - away;
    const double len = std::hypot(dir.x(), dir.y());
    dir = len < 1e-6 ? QPointF(0, 1) : dir / len;
    const QPointF anchor = node + dir * (radius + 6);
    const double w = fm.horizontalAdvance(text) + 4;
    const double h = fm.height();
    // Slide the box so its nearest side touches the anchor.
    const double x = anchor.x() - w / 2 + dir.x() * w / 2;
    const double y = anchor.y() - h / 2 + dir.y() * h / 2;
    return {x, y, w, h};
}

void drawLabelAway(QPainter& painter, const QString& text, QPointF node, double radius, QPointF away)
{
    painter.drawText(labelBoxAway(QFontMetricsF(painter.font()), text, node, radius, away), Qt::AlignCenter, text);
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
        constexpr double kMaxNode = 34;
        const double rx = std::max(40.0, area.width() / 2 - threadLabel.width() - kMaxNode - 10);
        const double ry = std::max(40.0, area.height() / 2 - threadLabel.height() - kMaxNode - 8);
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

void paintWaitForGraph(QPainter& painter, const QRectF& rect, const WaitForGraph& graph,
    const std::optional<WaitCycle>& cycle, const TimelinePalette& palette, const QFont& font)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.fillRect(rect, palette.background());

    const QColor strong = cycleColor(palette);
    const QColor heldFill = heldColor(palette);
    const QColor waitColor = palette.stateColor(State::WaitingLock);
    QFont small = font;
    small.setPointSizeF(font.pointSizeF() * 0.85);
    QFont bold = font;
    bold.setBold(true);

    // Legend, top: its entries in a row, onto another row where the panel is narrow.
    painter.setFont(small);
    const QFontMetricsF sfm(small);
    const double rowHeight = std::max(kLegendHeight, sfm.height() + 12);
    double x = rect.left() + kMargin;
    double ly = rect.top() + rowHeight / 2;
    const auto entry = [&](double symbolWidth, const QString& text, const auto& drawSymbol) {
        if (x > rect.left() + kMargin && x + symbolWidth + sfm.horizontalAdvance(text) > rect.right() - kMargin) {
            x = rect.left() + kMargin;
            ly += rowHeight;
        }
        drawSymbol(x);
        x += symbolWidth;
        painter.setPen(palette.text());
        painter.drawText(QPointF(x, ly + sfm.ascent() / 2 - 1), text);
        x += sfm.horizontalAdvance(text) + 18;
    };
    entry(20, QStringLiteral("thread"), [&](double at) {
        painter.setPen(QPen(palette.text(), 1.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(QPointF(at + 7, ly), 7, 7);
    });
    entry(20, QStringLiteral("lock"), [&](double at) {
        painter.setPen(QPen(palette.text(), 1.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(QRectF(at, ly - 7, 14, 14));
    });
    entry(48, QStringLiteral("waits for"), [&](double at) {
        drawArrow(painter, QPointF(at, ly), QPointF(at + 40, ly), 0, 0, QPen(waitColor, 2.5, Qt::DashLine), 10);
    });
    entry(48, QStringLiteral("held by"), [&](double at) {
        drawArrow(painter, QPointF(at, ly), QPointF(at + 40, ly), 0, 0, QPen(heldFill, 2.5), 10);
    });
    if (cycle) {
        entry(38, QStringLiteral("cycle"), [&](double at) {
            painter.setPen(QPen(strong, 5));
            painter.drawLine(QPointF(at, ly), QPointF(at + 30, ly));
        });
    }
    const double legendBottom = ly + rowHeight / 2;

    // Caption, bottom, wrapped.
    const QString caption = waitForGraphCaption(graph, cycle);
    painter.setFont(bold);
    const QRectF captionBox(rect.left() + kMargin, rect.top(), rect.width() - 2 * kMargin, rect.height());
    const QRectF needed = painter.boundingRect(captionBox, Qt::TextWordWrap | Qt::AlignLeft, caption);
    const QRectF captionRect(
        captionBox.left(), rect.bottom() - kMargin - needed.height(), captionBox.width(), needed.height());
    painter.setPen(cycle ? strong : palette.mutedText());
    painter.drawText(captionRect, Qt::TextWordWrap | Qt::AlignLeft, caption);

    const QRectF area(rect.left() + kMargin, legendBottom + 8, rect.width() - 2 * kMargin,
        captionRect.top() - legendBottom - 16);
    if (area.height() < 40 || area.width() < 40 || graph.threads.empty()) {
        painter.restore();
        return;
    }
    QSizeF labelSize;
    const QFontMetricsF fm(font);
    for (const WaitForGraph::Thread& t : graph.threads)
        labelSize.setWidth(
            std::max(labelSize.width(), fm.horizontalAdvance(QString::fromStdString(t.name)) + 4));
    labelSize.setHeight(fm.height());
    const WaitForGraphLayout layout = WaitForGraphLayout::compute(graph, area, labelSize);
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
    // Locks inside the ring are labelled towards its centre, out of the threads' way. Where
    // the labels would touch each other or a square ("fork-1fork-2"), the number in the
    // square is the label; the thread's label names the pattern.
    const auto lockLabelAway = [&](std::size_t l) {
        return layout.ring ? 2 * layout.locks[l] - layout.centre : QPointF(area.left(), layout.locks[l].y());
    };
    bool lockLabelsFit = true;
    {
        const QFontMetricsF fm(font);
        std::vector<QRectF> taken;
        for (std::size_t l = 0; l < graph.locks.size(); ++l)
            taken.emplace_back(layout.locks[l] - QPointF(lockHalf, lockHalf), QSizeF(2 * lockHalf, 2 * lockHalf));
        for (std::size_t l = 0; l < graph.locks.size() && lockLabelsFit; ++l) {
            const QRectF box = labelBoxAway(
                fm, QString::fromStdString(graph.locks[l].name), layout.locks[l], lockHalf, lockLabelAway(l));
            for (const QRectF& other : taken)
                lockLabelsFit = lockLabelsFit && !box.adjusted(-2, -2, 2, 2).intersects(other);
            taken.push_back(box);
        }
    }
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
        if (!lockLabelsFit)
            continue;
        painter.setFont(font);
        painter.setPen(hot ? strong : palette.text());
        drawLabelAway(painter, QString::fromStdString(lock.name), layout.locks[l], lockHalf, lockLabelAway(l));
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
        painter.setFont(font);
        painter.setPen(hot ? strong : palette.text());
        drawLabelAway(painter, QString::fromStdString(thread.name), layout.threads[t], r,
            layout.ring ? layout.centre : QPointF(area.right(), layout.threads[t].y()));
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
