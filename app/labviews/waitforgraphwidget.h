#pragma once

#include "lab/wait_for_graph.h"
#include "timeline/timelinepalette.h"

#include <QFont>
#include <QRectF>
#include <QString>
#include <QWidget>

#include <optional>
#include <vector>

class QPainter;

namespace interleave {

// Where each node of a wait-for graph sits in a rectangle. When there are as many locks as
// threads (philosophers and forks, two workers and two locks) the threads sit on a circle with
// each lock between its two users on an inner circle, so the cycle of a deadlock reads as a
// ring; otherwise threads stand in a column on the left and locks on the right.
struct WaitForGraphLayout {
    std::vector<QPointF> threads;
    std::vector<QPointF> locks;
    double nodeRadius = 0;
    bool ring = false;
    QPointF centre;

    // threadLabel: the size of the widest thread label, kept clear outside the ring.
    static WaitForGraphLayout compute(const WaitForGraph& graph, const QRectF& area, QSizeF threadLabel = {});
};

// Where paintWaitForGraph puts each part of a graph in a rectangle: the legend's entries, the
// caption, the nodes and their names. Names are boxes clear of every node, of each other and
// of the legend and the caption: a thread's is just outside its node, away from the ring's
// centre (or the locks' column) where there is room, else on the nearest side of the node that
// has it; a lock's is towards the centre. A name that finds no room is left out (nullopt): the
// number in its circle or square still tells the nodes apart.
struct WaitForGraphGeometry {
    std::vector<QPointF> legendEntries; // each entry's symbol: its left, its row's middle
    double legendBottom = 0;
    QRectF caption;
    QRectF area; // where the nodes and their names are; empty when there is no room for them
    WaitForGraphLayout layout;
    std::vector<std::optional<QRectF>> threadLabels;
    std::vector<std::optional<QRectF>> lockLabels;

    // font: the names' type (the widget's font).
    static WaitForGraphGeometry compute(
        const QRectF& rect, const WaitForGraph& graph, const std::optional<WaitCycle>& cycle, const QFont& font);
};

// The caption under the graph: "Deadlock: philosopher-1 waits for fork-2 held by
// philosopher-2, ..." when there is a cycle, else a line saying who waits for what.
QString waitForGraphCaption(const WaitForGraph& graph, const std::optional<WaitCycle>& cycle);

// Paints the graph into rect: threads as circles (filled by what they do: waiting, holding a
// lock, or neither), locks as squares (filled while held), "waits for" arrows dashed from a
// thread to a lock, "held by" arrows solid from a lock to its holder, the cycle's nodes and
// arrows in a strong colour, a legend and the caption. The same code draws the widget and the
// screenshots.
void paintWaitForGraph(QPainter& painter, const QRectF& rect, const WaitForGraph& graph,
    const std::optional<WaitCycle>& cycle, const TimelinePalette& palette, const QFont& font);

// The graph of a deadlock run, drawn by hand. setGraph() from a GUI timer while it runs.
class WaitForGraphWidget : public QWidget {
    Q_OBJECT

public:
    explicit WaitForGraphWidget(QWidget* parent = nullptr);

    // The cycle is found here; it is highlighted when there is one.
    void setGraph(const WaitForGraph& graph);
    const WaitForGraph& graph() const noexcept { return m_graph; }
    const std::optional<WaitCycle>& cycle() const noexcept { return m_cycle; }
    QString caption() const { return waitForGraphCaption(m_graph, m_cycle); }
    void setTheme(TimelineTheme theme);

    QSize sizeHint() const override { return {640, 640}; }
    QSize minimumSizeHint() const override { return {320, 320}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    WaitForGraph m_graph;
    std::optional<WaitCycle> m_cycle;
    TimelinePalette m_palette;
};

} // namespace interleave
