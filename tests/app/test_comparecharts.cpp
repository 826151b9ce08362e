#include "charts/comparechart.h"
#include "charts/cpuchart.h"
#include "charts/sweepchart.h"
#include "themepalette.h"

#include <QApplication>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QImage>
#include <QValueAxis>
#include <QGraphicsTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QThread>

#include <gtest/gtest.h>

#include <cmath>

namespace interleave {
namespace {

const QStringList kModels {"sequential", "threads", "thread_pool", "processes", "process_pool", "asyncio"};

QBarSeries* bars(const CompareChart& chart)
{
    for (QAbstractSeries* s : chart.chart()->series())
        if (auto* b = qobject_cast<QBarSeries*>(s))
            return b;
    return nullptr;
}

QLineSeries* lineNamed(const QChartView& view, const QString& prefix)
{
    for (QAbstractSeries* s : view.chart()->series())
        if (auto* l = qobject_cast<QLineSeries*>(s); l && l->name().startsWith(prefix))
            return l;
    return nullptr;
}

TEST(CompareChart, IoAndCpuSideBySidePerModel)
{
    CompareChart chart(CompareChart::Metric::WallTime);
    EXPECT_EQ(chart.seriesCount(), 0);
    chart.setData(kModels,
        {{"I/O-bound", {4800, 190, 200, 140, 700, 140}}, {"CPU-bound", {1200, 1250, 1240, 700, 650, 1210}}});
    EXPECT_EQ(chart.categoryCount(), 6);
    ASSERT_EQ(chart.seriesCount(), 2);
    EXPECT_EQ(bars(chart)->barSets()[0]->label(), "I/O-bound");
    EXPECT_EQ(bars(chart)->barSets()[1]->count(), 6);
    // Past two seconds the axis is in seconds, and it has room above the tallest bar.
    EXPECT_EQ(chart.unit(), "s");
    EXPECT_DOUBLE_EQ(bars(chart)->barSets()[0]->at(0), 4.8);
    EXPECT_GT(chart.axisMax(), 4.8);

    chart.setData(kModels, {{"I/O-bound", {480, 19}}});
    EXPECT_EQ(chart.unit(), "ms");
    EXPECT_EQ(chart.seriesCount(), 1);
    EXPECT_DOUBLE_EQ(bars(chart)->barSets()[0]->at(5), 0.0); // not measured: no bar
    chart.clear();
    EXPECT_EQ(chart.categoryCount(), 0);
}

TEST(CompareChart, SpeedupShowsTheOneTimesLineAcross)
{
    CompareChart chart(CompareChart::Metric::Speedup);
    chart.setData(kModels, {{"I/O-bound", {1, 25, 24, 34, 6.9, 34}}});
    QLineSeries* one = lineNamed(chart, "1×");
    ASSERT_NE(one, nullptr);
    ASSERT_EQ(one->count(), 2);
    EXPECT_DOUBLE_EQ(one->at(0).y(), 1.0);
    EXPECT_DOUBLE_EQ(one->at(1).y(), 1.0);
    EXPECT_LE(one->at(0).x(), -0.5);
    EXPECT_GE(one->at(1).x(), 5.5);
    EXPECT_GT(chart.axisMax(), 34.0);

    // All slower than sequential: 1x is still on the scale.
    chart.setData(kModels, {{"CPU-bound", {1, 0.8, 0.9, 0.7, 0.6, 0.95}}});
    EXPECT_GE(chart.axisMax(), 1.0);
}

// The texts QtCharts shows in a chart's scene: axis labels, titles, the legend.
QStringList textsShown(const QChartView& view)
{
    QStringList texts;
    for (const QGraphicsItem* item : view.scene()->items())
        if (const auto* text = dynamic_cast<const QGraphicsTextItem*>(item); text != nullptr && text->isVisible())
            texts << text->toPlainText();
    return texts;
}

// In a larger type (classroom mode's, 175 %) the charts' type grows with the window's, and back;
// the model names still read whole where the chart is narrow: QtCharts cut them to "sequen...".
TEST(CompareChart, ItsTypeFollowsTheWindowsAndTheModelNamesStayWhole)
{
    QWidget window;
    const QFont ordinary = window.font();
    auto* wall = new CompareChart(CompareChart::Metric::WallTime, &window);
    auto* sweep = new SweepChart(&window);
    auto* cpu = new CpuChart(&window);
    // As the Compare tab names them: a line per word, soft hyphens where a word may break.
    const QStringList names {QString::fromUtf8("sequen\u00adtial"), "threads", "thread<br>pool",
        QString::fromUtf8("pro\u00adcesses"), QString::fromUtf8("pro\u00adcess<br>pool"), QString::fromUtf8("async\u00adio")};
    wall->setData(names, {{"I/O-bound", {4800, 190, 200, 140, 700, 140}}});
    wall->resize(1000, 320);
    sweep->resize(1000, 320);
    cpu->resize(1000, 200);
    window.show();
    QApplication::processEvents();
    const auto titlePoints = [](const QChartView* view) { return view->chart()->titleFont().pointSizeF(); };
    const double wallTitle = titlePoints(wall);
    const double sweepTitle = titlePoints(sweep);
    const double cpuTitle = titlePoints(cpu);
    const double names1000 = wall->categoryFont().pointSizeF();

    QFont large = ordinary;
    large.setPointSizeF(ordinary.pointSizeF() * 1.75);
    window.setFont(large);
    QApplication::processEvents();
    EXPECT_NEAR(titlePoints(wall), wallTitle * 1.75, 0.01);
    EXPECT_NEAR(titlePoints(sweep), sweepTitle * 1.75, 0.01);
    EXPECT_NEAR(titlePoints(cpu), cpuTitle * 1.75, 0.01);
    EXPECT_GT(wall->categoryFont().pointSizeF(), names1000 * 1.4) << "room for larger names at 1,000 px";
    EXPECT_FALSE(textsShown(*wall).join(QLatin1Char('|')).contains(QStringLiteral("...")))
        << textsShown(*wall).join(QLatin1Char('|')).toStdString();

    EXPECT_FALSE(wall->categoryLabels().join(QLatin1Char('|')).contains(QLatin1Char('-'))) << "no word broken";

    // Narrow, as beside the Lessons on a 1024 px projector: no text is cut, and the names
    // are larger than in the ordinary type, a long word broken at its hyphen.
    wall->resize(wall->minimumWidth(), 320);
    EXPECT_GE(wall->minimumWidth(), 600) << "in a larger type a chart asks for more room";
    QApplication::processEvents();
    EXPECT_FALSE(textsShown(*wall).join(QLatin1Char('|')).contains(QStringLiteral("...")))
        << textsShown(*wall).join(QLatin1Char('|')).toStdString();
    EXPECT_GT(wall->categoryFont().pointSizeF(), names1000) << wall->categoryLabels().join(QLatin1Char('|')).toStdString();
    EXPECT_TRUE(wall->categoryLabels().contains(QStringLiteral("sequen-<br>tial")))
        << wall->categoryLabels().join(QLatin1Char('|')).toStdString();

    window.setFont(ordinary);
    QApplication::processEvents();
    EXPECT_NEAR(titlePoints(wall), wallTitle, 0.01);
    EXPECT_NEAR(titlePoints(sweep), sweepTitle, 0.01);
}

TEST(SweepChart, MeasuredIdealAndAmdahlWithPInTheLegend)
{
    SweepChart chart;
    chart.resize(800, 500);
    chart.show();
    EXPECT_EQ(chart.measuredCount(), 0);
    EXPECT_EQ(chart.fitLegend(), "");
    chart.setMeasurements("process_pool", {{1, 1.0}, {4, 3.1}, {2, 1.8}, {8, 4.7}}, 0.93);
    EXPECT_EQ(chart.measuredCount(), 4);
    EXPECT_EQ(chart.fitLegend(), "Amdahl fit, p = 0.93");
    EXPECT_GT(chart.fitPointCount(), 100); // smooth
    EXPECT_DOUBLE_EQ(chart.workersAxisMax(), 8.0);
    EXPECT_GE(chart.speedupAxisMax(), 8.0) << "the ideal line, up to 8x at 8 workers, is drawn whole";
    QLineSeries* ideal = lineNamed(chart, "ideal");
    ASSERT_NE(ideal, nullptr);
    EXPECT_EQ(ideal->at(1), QPointF(8, 8));
    // The fit's legend entry is visible, not hidden with the joining line's.
    QLineSeries* fit = lineNamed(chart, "Amdahl fit");
    ASSERT_NE(fit, nullptr);
    QApplication::processEvents();
    EXPECT_TRUE(chart.chart()->legend()->markers(fit).front()->isVisible());
    int visibleMarkers = 0;
    for (QLegendMarker* marker : chart.chart()->legend()->markers())
        visibleMarkers += marker->isVisible() ? 1 : 0;
    EXPECT_EQ(visibleMarkers, 3); // ideal, fit, measured: the joining line has none

    chart.setMeasurements("thread_pool", {{1, 1.0}}, std::nullopt);
    EXPECT_EQ(chart.fitPointCount(), 0);
    EXPECT_EQ(chart.fitLegend(), "");
}

TEST(CpuChart, OneLinePerCoreOverTheWindow)
{
    CpuChart chart;
    chart.setWindowSeconds(10);
    for (int i = 0; i <= 100; ++i)
        chart.addSample(i * 0.2, {i % 2 ? 1.0 : 0.0, 0.5, 2.0 /* clamped */});
    EXPECT_EQ(chart.coreCount(), 3);
    EXPECT_EQ(chart.sampleCount(0), 101u);
    // 20 s of samples, a 10 s window: about half is handed to the chart.
    EXPECT_LT(chart.shownPointCount(1), 60);
    EXPECT_GT(chart.shownPointCount(1), 45);
    auto* core2 = lineNamed(chart, "core 2");
    ASSERT_NE(core2, nullptr);
    EXPECT_DOUBLE_EQ(core2->at(0).y(), 100.0);
}

TEST(CpuChart, TheTimeAxisFitsAShortRun)
{
    // Three seconds of samples fill the width instead of a tenth of a 30 s window.
    CpuChart chart;
    chart.setWindowSeconds(30);
    for (int i = 0; i <= 30; ++i)
        chart.addSample(i * 0.1, {0.5});
    EXPECT_EQ(chart.timeRange(), qMakePair(0.0, 3.0));
    // Past the window, the axis follows the latest samples.
    for (int i = 31; i <= 400; ++i)
        chart.addSample(i * 0.1, {0.5});
    const auto [from, to] = chart.timeRange();
    EXPECT_DOUBLE_EQ(to, 40.0);
    EXPECT_DOUBLE_EQ(from, 10.0);
}

TEST(CpuChart, DecimatesALongHistory)
{
    CpuChart chart;
    chart.setWindowSeconds(1e6);
    std::vector<double> share(1);
    for (int i = 0; i < 30'000; ++i) {
        share[0] = (i == 12'345) ? 1.0 : 0.25;
        chart.addSample(i * 0.01, share);
    }
    EXPECT_EQ(chart.sampleCount(0), 30'000u);
    EXPECT_LE(chart.shownPointCount(0), static_cast<qsizetype>(CpuChart::kMaxPointsPerSeries));
    // The one busy sample survives.
    auto* core0 = lineNamed(chart, "core 0");
    bool spike = false;
    for (const QPointF& p : core0->points())
        spike = spike || p.y() == 100.0;
    EXPECT_TRUE(spike);
}

TEST(CpuChart, ABurstOfSamplesIsRedrawnOnceTheEventLoopTurns)
{
    CpuChart chart;
    chart.setWindowSeconds(100);
    for (int i = 0; i < 50; ++i)
        chart.addSample(i * 0.1, {0.5});
    auto* core0 = lineNamed(chart, "core 0");
    ASSERT_NE(core0, nullptr);
    EXPECT_EQ(core0->count(), 0); // not redrawn per sample
    QApplication::processEvents();
    EXPECT_EQ(core0->count(), 50); // redrawn once, with every sample
}

TEST(CpuChart, SamplesThisMachineOnATimer)
{
    CpuChart chart;
    chart.startSampling(30);
    EXPECT_TRUE(chart.isSampling());
    for (int i = 0; i < 100 && (chart.coreCount() == 0 || chart.sampleCount(0) < 2); ++i) {
        QApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(10);
    }
    chart.stopSampling();
    EXPECT_FALSE(chart.isSampling());
    ASSERT_GE(chart.coreCount(), 1);
    EXPECT_GE(chart.sampleCount(0), 2u);
    EXPECT_EQ(chart.samplingError(), "");
}

// In the ordinary type at the narrowest the Compare tab gives a chart (beside the Lessons in a
// 1280 px window), filled by a run of all models with their whiskers, the names read whole:
// "sequ..." and "proce..." were cut there.
TEST(CompareChart, AtItsNarrowestInTheOrdinaryTypeTheNamesOfAFullRunReadWhole)
{
    const QStringList names {QString::fromUtf8("sequen\u00adtial"), "threads", "thread<br>pool",
        QString::fromUtf8("pro\u00adcesses"), QString::fromUtf8("pro\u00adcess<br>pool"), QString::fromUtf8("async\u00adio")};
    for (const auto metric : {CompareChart::Metric::WallTime, CompareChart::Metric::Speedup}) {
        for (const int width : {360, 420, 480}) {
            QWidget window;
            auto* chart = new CompareChart(metric, &window);
            if (metric == CompareChart::Metric::WallTime)
                chart->setData(names,
                    {{"I/O-bound", {2400, 201, 401, 661, 1320, 200}, {2390, 200, 400, 600, 1200, 199},
                         {2410, 202, 402, 700, 1400, 201}}});
            else
                chart->setData(names,
                    {{"I/O-bound", {1, 11.9, 6, 3.6, 1.8, 12}, {1, 11.9, 6, 3.2, 1.7, 11.8},
                         {1, 12, 6, 4, 1.9, 12.1}}});
            chart->resize(std::max(width, chart->minimumWidth()), 250);
            window.show();
            QApplication::processEvents();
            const QString shown = textsShown(*chart).join(QLatin1Char('|'));
            EXPECT_FALSE(shown.contains(QStringLiteral("..."))) << width << ": " << shown.toStdString();
        }
    }
}

// The charts of the Compare tab take the window's theme: in the dark one, a dark plot with light
// words, whiskers and bar values, and a reference line that reads on it; back to light after.
TEST(CompareChart, TheChartsTakeTheWindowsDarkOrLightTheme)
{
    QWidget window;
    window.resize(700, 900);
    auto* speedup = new CompareChart(CompareChart::Metric::Speedup, &window);
    speedup->setGeometry(0, 0, 700, 450);
    speedup->setData(kModels, {{"I/O-bound", {1, 4, 4, 3, 2, 4}, {1, 3.5, 3.6, 2.8, 1.9, 3.7}, {1, 4.4, 4.3, 3.2, 2.1, 4.2}}});
    auto* sweep = new SweepChart(&window);
    sweep->setGeometry(0, 450, 700, 450);
    sweep->setMeasurements(QStringLiteral("processes"), QList<QPointF> {{1, 1}, {2, 1.9}}, std::nullopt);
    ASSERT_GT(speedup->whiskerCount(), 0);

    const auto check = [&](TimelineTheme theme) {
        SCOPED_TRACE(theme == TimelineTheme::Dark ? "dark" : "light");
        window.setPalette(themePalette(theme));
        const QColor ink = themePalette(theme).color(QPalette::Text);
        const bool dark = theme == TimelineTheme::Dark;
        for (QChartView* view : {static_cast<QChartView*>(speedup), static_cast<QChartView*>(sweep)}) {
            QChart* chart = view->chart();
            EXPECT_EQ(chart->backgroundBrush().color(), themePalette(theme).color(QPalette::Base));
            EXPECT_EQ(chart->titleBrush().color(), ink);
            EXPECT_EQ(chart->legend()->labelColor(), ink);
            for (QAbstractAxis* axis : chart->axes()) {
                EXPECT_EQ(axis->labelsColor(), ink);
                EXPECT_EQ(axis->titleBrush().color(), ink);
            }
            // What is drawn: the plot's middle is the theme's background, not a white panel.
            const QImage picture = view->grab().toImage();
            const QColor middle = picture.pixelColor(chart->plotArea().topLeft().toPoint() + QPoint(3, 3));
            EXPECT_EQ(middle.lightness() < 100, dark) << middle.name().toStdString();
        }
        // Marks drawn in ink of the chart's own: the bars' values above their whiskers, the whiskers.
        int labels = 0;
        for (const QGraphicsItem* item : speedup->scene()->items())
            if (const auto* text = dynamic_cast<const QGraphicsSimpleTextItem*>(item)) {
                EXPECT_EQ(text->brush().color(), ink) << text->text().toStdString();
                ++labels;
            }
        EXPECT_GT(labels, 0);
        const QColor reference = lineNamed(*speedup, "1×")->pen().color();
        const QColor ideal = lineNamed(*sweep, "ideal")->pen().color();
        EXPECT_EQ(reference, ideal);
        EXPECT_EQ(reference.lightness() > 128, dark) << reference.name().toStdString();
    };
    check(TimelineTheme::Dark);
    check(TimelineTheme::Light);
}

} // namespace
} // namespace interleave
