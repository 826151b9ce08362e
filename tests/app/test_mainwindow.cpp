#include "mainwindow.h"

#include "charts/speedupchart.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QImage>
#include <QLabel>
#include <QPixmap>
#include <QSet>
#include <QToolBar>

#include <gtest/gtest.h>

namespace interleave {
namespace {

TEST(MainWindow, TitleAndDefaultSize)
{
    MainWindow window;
    EXPECT_EQ(window.windowTitle(), "Interleave");
    EXPECT_EQ(window.size(), QSize(1280, 800));
    EXPECT_FALSE(window.windowIcon().isNull());
}

TEST(MainWindow, RunIsReadyAndStopIsDisabledAtStart)
{
    MainWindow window;
    QAction* run = window.findChild<QAction*>("runAction");
    QAction* stop = window.findChild<QAction*>("stopAction");
    ASSERT_NE(run, nullptr);
    ASSERT_NE(stop, nullptr);
    EXPECT_EQ(run, window.runAction());
    EXPECT_EQ(stop, window.stopAction());
    EXPECT_TRUE(run->isEnabled());
    EXPECT_FALSE(stop->isEnabled());
    EXPECT_EQ(run->toolTip(), "Run the experiment (Space)");
    EXPECT_EQ(run->shortcut(), QKeySequence(Qt::Key_Space));

    const QToolBar* toolBar = window.findChild<QToolBar*>("runToolBar");
    ASSERT_NE(toolBar, nullptr);
    EXPECT_TRUE(toolBar->actions().contains(run));
    EXPECT_TRUE(toolBar->actions().contains(stop));
}

TEST(MainWindow, TimelineAreaShowsAHint)
{
    MainWindow window;
    const auto* hint = window.findChild<QLabel*>("timelinePlaceholder");
    ASSERT_NE(hint, nullptr);
    EXPECT_EQ(hint->text(), "Choose a workload and a model, then press Run");
    EXPECT_TRUE(hint->alignment() & Qt::AlignHCenter);
    EXPECT_TRUE(hint->alignment() & Qt::AlignVCenter);
}

TEST(MainWindow, ComparisonDockIsHiddenAndEmptyAtStart)
{
    MainWindow window;
    window.show();
    QApplication::processEvents();
    ASSERT_NE(window.comparisonDock(), nullptr);
    EXPECT_EQ(window.comparisonDock()->windowTitle(), "Comparison");
    EXPECT_FALSE(window.comparisonDock()->isVisible());
    ASSERT_NE(window.speedupChart(), nullptr);
    EXPECT_EQ(window.speedupChart()->barCount(), 0);
}

TEST(MainWindow, RendersANonBlankImageOfItsSize)
{
    MainWindow window;
    window.show();
    QApplication::processEvents();
    const QImage image = window.grab().toImage();
    ASSERT_EQ(image.size(), QSize(1280, 800));

    // The hint is drawn across the middle of the window: that row holds more than one colour.
    QSet<QRgb> middleRow;
    const QLabel* hint = window.findChild<QLabel*>("timelinePlaceholder");
    ASSERT_NE(hint, nullptr);
    const int y = hint->mapTo(&window, hint->rect().center()).y();
    for (int x = 0; x < image.width(); ++x)
        middleRow.insert(image.pixel(x, y));
    // Text is antialiased, so at least a handful of shades.
    EXPECT_GE(middleRow.size(), 3);

    // And the window as a whole is not one flat colour: menus, toolbar, status bar.
    QSet<QRgb> sampled;
    for (int sy = 0; sy < image.height(); sy += 4) {
        for (int sx = 0; sx < image.width(); sx += 4)
            sampled.insert(image.pixel(sx, sy));
    }
    EXPECT_GE(sampled.size(), 8);
}

} // namespace
} // namespace interleave
