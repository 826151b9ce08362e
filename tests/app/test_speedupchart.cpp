#include "charts/speedupchart.h"

#include <QApplication>
#include <QBarCategoryAxis>
#include <QChart>
#include <QValueAxis>

#include <gtest/gtest.h>

namespace interleave {
namespace {

QBarCategoryAxis* modelAxis(const SpeedupChart& chart)
{
    const auto axes = chart.chart()->axes(Qt::Horizontal);
    return axes.isEmpty() ? nullptr : qobject_cast<QBarCategoryAxis*>(axes.first());
}

QValueAxis* speedupAxis(const SpeedupChart& chart)
{
    const auto axes = chart.chart()->axes(Qt::Vertical);
    return axes.isEmpty() ? nullptr : qobject_cast<QValueAxis*>(axes.first());
}

TEST(SpeedupChart, EmptyAtStartWithOneTimesOnTheScale)
{
    SpeedupChart chart;
    EXPECT_EQ(chart.barCount(), 0);
    ASSERT_NE(modelAxis(chart), nullptr);
    EXPECT_EQ(modelAxis(chart)->count(), 0);
    ASSERT_NE(speedupAxis(chart), nullptr);
    EXPECT_GE(speedupAxis(chart)->max(), 1.0);
}

TEST(SpeedupChart, OneBarPerModelInOrder)
{
    SpeedupChart chart;
    chart.setBars({{"sequential", 1.0}, {"threads", 0.9}, {"processes", 3.6}});
    EXPECT_EQ(chart.barCount(), 3);
    EXPECT_EQ(modelAxis(chart)->categories(), (QStringList {"sequential", "threads", "processes"}));
    EXPECT_GE(speedupAxis(chart)->max(), 3.6);

    chart.setBars({{"asyncio", 2.0}});
    EXPECT_EQ(chart.barCount(), 1);
    EXPECT_EQ(modelAxis(chart)->categories(), QStringList {"asyncio"});

    chart.clear();
    EXPECT_EQ(chart.barCount(), 0);
}

// Under LeakSanitizer this catches a chart left behind by the view (QChartView::setChart releases
// the chart it replaces without deleting it).
TEST(SpeedupChart, ChartsComeAndGoWithoutLeaving)
{
    for (int i = 0; i < 3; ++i) {
        SpeedupChart chart;
        chart.resize(400, 300);
        chart.show();
        chart.setBars({{"threads", 1.0 + i}});
        QApplication::processEvents();
        EXPECT_EQ(chart.barCount(), 1);
    }
}

} // namespace
} // namespace interleave
