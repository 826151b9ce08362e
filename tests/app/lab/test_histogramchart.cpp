#include "../palette_testing.h"
#include "charts/chartstyle.h"
#include "charts/histogramchart.h"
#include "foldingrowlayout.h"
#include "qtext.h"
#include "themepalette.h"

#include <QApplication>
#include <QChart>
#include <QFontMetrics>
#include <QLabel>

#include <gtest/gtest.h>

namespace interleave {
namespace {

using Bucket = HistogramChart::Bucket;

TEST(HistogramChart, OneBarPerValueWhenTheyFit)
{
    const auto buckets = HistogramChart::bucketize({{3, 2}, {5, 1}});
    ASSERT_EQ(buckets.size(), 3);
    EXPECT_EQ(buckets[0], (Bucket {3, 3, 2}));
    EXPECT_EQ(buckets[1], (Bucket {4, 4, 0})) << "gaps stay visible";
    EXPECT_EQ(buckets[2], (Bucket {5, 5, 1}));
}

TEST(HistogramChart, WideSpreadsAreBucketed)
{
    HistogramChart::Counts counts;
    for (std::int64_t v = 10'000; v <= 20'000; v += 7)
        counts[v] = 1;
    const auto buckets = HistogramChart::bucketize(counts, 20);
    ASSERT_LE(buckets.size(), 20);
    EXPECT_EQ(buckets.front().low, 10'000);
    EXPECT_GE(buckets.back().high, counts.rbegin()->first);
    std::uint64_t total = 0;
    for (qsizetype i = 0; i < buckets.size(); ++i) {
        total += buckets[i].count;
        if (i > 0) {
            EXPECT_EQ(buckets[i].low, buckets[i - 1].high + 1) << "buckets tile the range";
        }
    }
    EXPECT_EQ(total, counts.size());
}

TEST(HistogramChart, ShowsTheBuckets)
{
    HistogramChart chart;
    EXPECT_EQ(chart.barCount(), 0);
    chart.setCounts({{1, 18}, {2, 2}}, 2);
    EXPECT_EQ(chart.barCount(), 2);
    chart.clear();
    EXPECT_EQ(chart.barCount(), 0);
    EXPECT_TRUE(HistogramChart::bucketize({}).isEmpty());
}

TEST(HistogramChart, LabelsGroupTheirDigitsAsTheRestOfTheViewDoes)
{
    HistogramChart chart;
    HistogramChart::Counts counts;
    for (std::int64_t v = 223'400; v <= 223'500; v += 10)
        counts[v] = 1;
    chart.setCounts(counts);
    const QStringList labels = chart.valueLabels();
    ASSERT_EQ(labels.size(), chart.buckets().size());
    for (qsizetype i = 0; i < labels.size(); ++i)
        EXPECT_EQ(labels[i], groupedNumber(chart.buckets()[i].low));
}

TEST(HistogramChart, AveragesOfCountsAreWholeFromTenUpOrWhenWhole)
{
    EXPECT_EQ(averageCount(223'462.8), groupedNumber(223'463));
    EXPECT_EQ(averageCount(10.4), groupedNumber(10));
    EXPECT_EQ(averageCount(2.44), QLocale::system().toString(2.4, 'f', 1));
    EXPECT_EQ(averageCount(0), QStringLiteral("0")) << "nothing lost reads as 0, not 0.0";
    EXPECT_EQ(averageCount(3.0), QStringLiteral("3"));
}

// Beside wide panels in a narrow tab (the step-through beside the Lessons dock at 1280x800),
// the chart was squeezed to 140 px and QtCharts cut its title to "Where eve...": it now asks
// for the width its texts need, so the row folds and the chart keeps its words.
TEST(HistogramChart, ARowTooNarrowForItsWordsFoldsRatherThanCutThem)
{
    QWidget tab;
    auto* row = new FoldingRowLayout(&tab);
    auto* wide = new QLabel(QString(60, QLatin1Char('x')), &tab);
    auto* chart = new HistogramChart(&tab);
    chart->setTitle(QStringLiteral("Where every schedule ends"));
    chart->setCounts({{1, 4}, {2, 2}}, 2);
    row->addWidget(wide);
    row->addWidget(chart);
    QFont title = chart->chart()->titleFont();
    title.setPointSizeF(chartstyle::kTitlePoints);
    EXPECT_GT(chart->minimumWidth(), QFontMetrics(title).horizontalAdvance(chart->chart()->title()));

    tab.resize(wide->minimumSizeHint().width() + chart->minimumWidth() / 2, 600);
    tab.show();
    QApplication::processEvents();
    EXPECT_TRUE(row->isFolded());
    EXPECT_GE(chart->width(), chart->minimumWidth());
}

// In the dark theme the chart is dark too: its background is the palette's, not a white panel.
TEST(HistogramChart, TakesTheColoursOfTheWindowsTheme)
{
    QWidget tab;
    auto* chart = new HistogramChart(&tab);
    chart->setCounts({{1, 4}, {2, 2}}, 2);
    {
        const palettetest::AppPalette dark(themePalette(TimelineTheme::Dark));
        EXPECT_LT(chart->chart()->backgroundBrush().color().lightness(), 100)
            << chart->chart()->backgroundBrush().color().name().toStdString();
    }
    EXPECT_GT(chart->chart()->backgroundBrush().color().lightness(), 150); // the light one again
}

} // namespace
} // namespace interleave
