#include "windowgeometry.h"

#include "timeline/replaybar.h"
#include "timeline/replaycontroller.h"
#include "trace/trace.h"

#include <QApplication>
#include <QLabel>
#include <QLayout>
#include <QSlider>
#include <QToolButton>

#include <gtest/gtest.h>

#include <cstdlib>

namespace interleave {
namespace {

using testing_layout::layoutProblems;

Trace aRun()
{
    TraceBuilder b;
    const LaneId lane = b.addLane({.kind = LaneKind::Thread, .name = "T"});
    b.append(lane, {.time = 0, .task = 0, .state = State::Running});
    b.append(lane, {.time = 1'234'567'890, .task = 0, .state = State::Done}); // "1234.568 ms"
    return b.build();
}

// The bar in a window of a given width, laid out.
struct BarAt {
    ReplayController controller;
    QWidget window;
    ReplayBar* bar;

    explicit BarAt(int width)
        : bar(new ReplayBar(&controller, &window))
    {
        controller.setTrace(aRun());
        auto* layout = new QVBoxLayout(&window);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(bar);
        layout->addStretch(1); // the bar as tall as it asks to be, as under the timeline
        window.resize(width, 200);
        window.show();
        for (int i = 0; i < 3; ++i) {
            QApplication::processEvents();
            layout->activate();
        }
    }

    int top(QWidget* w) const { return w->mapTo(bar, QPoint(0, 0)).y(); }
    int middle(QWidget* w) const { return w->mapTo(bar, w->rect().center()).y(); }
    QToolButton* firstButton() const { return bar->findChildren<QToolButton*>().value(0); }
};

// Wide, the bar is one row; narrower, the scrub bar and the readout go under the transport
// and the speed; narrowest, the readout under the scrub bar. Nothing is cut at any of them,
// and its minimum width is the narrowest's (it was 456 px, more with a time in the readout).
TEST(ReplayBarNarrow, TakesOneTwoOrThreeRowsAndNothingIsCut)
{
    const BarAt wide(1400);
    EXPECT_LE(std::abs(wide.middle(wide.bar->scrubBar()) - wide.middle(wide.bar->readout())), 1);
    EXPECT_LE(std::abs(wide.middle(wide.bar->scrubBar()) - wide.middle(wide.firstButton())), 1) << "one row";
    EXPECT_TRUE(layoutProblems(wide.window).isEmpty()) << layoutProblems(wide.window).join('\n').toStdString();

    const BarAt two(480);
    EXPECT_GE(two.top(two.bar->scrubBar()), two.top(two.firstButton()) + two.firstButton()->height())
        << "the scrub bar under the transport";
    EXPECT_LE(std::abs(two.middle(two.bar->readout()) - two.middle(two.bar->scrubBar())), 1)
        << "the readout beside the scrub bar";
    EXPECT_TRUE(layoutProblems(two.window).isEmpty()) << layoutProblems(two.window).join('\n').toStdString();

    const int narrowest = BarAt(1400).bar->minimumSizeHint().width();
    EXPECT_LE(narrowest, 340);
    const BarAt three(narrowest);
    EXPECT_GE(three.top(three.bar->readout()), three.top(three.bar->scrubBar()) + three.bar->scrubBar()->height())
        << "the readout under the scrub bar";
    EXPECT_TRUE(layoutProblems(three.window).isEmpty()) << layoutProblems(three.window).join('\n').toStdString();
}

} // namespace
} // namespace interleave
