#include "charts/histogramchart.h"

#include "charts/chartstyle.h"
#include "qtext.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QLocale>
#include <QChart>
#include <QFontMetrics>
#include <QLegend>
#include <QStackedBarSeries>
#include <QValueAxis>

#include <algorithm>

namespace interleave {

QList<HistogramChart::Bucket> HistogramChart::bucketize(const Counts& counts, int maxBars)
{
    QList<Bucket> buckets;
    if (counts.empty() || maxBars < 1)
        return buckets;
    const std::int64_t low = counts.begin()->first;
    const std::int64_t high = counts.rbegin()->first;
    const std::uint64_t span = static_cast<std::uint64_t>(high - low) + 1;
    const std::uint64_t bars = std::min<std::uint64_t>(span, static_cast<std::uint64_t>(maxBars));
    const std::uint64_t width = (span + bars - 1) / bars;
    // With the width rounded up, fewer bars may be enough to reach the largest value.
    const std::uint64_t needed = (span + width - 1) / width;
    for (std::uint64_t i = 0; i < needed; ++i) {
        const std::int64_t from = low + static_cast<std::int64_t>(i * width);
        buckets.append({from, std::min(high, from + static_cast<std::int64_t>(width) - 1), 0});
    }
    for (const auto& [value, count] : counts)
        buckets[static_cast<qsizetype>(static_cast<std::uint64_t>(value - low) / width)].count += count;
    return buckets;
}

HistogramChart::HistogramChart(QWidget* parent)
    : ReadableChartView(parent)
{
    QChart* chart = this->chart();
    chart->legend()->setAlignment(Qt::AlignBottom);

    auto* series = new QStackedBarSeries(chart);
    m_other = new QBarSet(tr("updates lost"), series);
    m_other->setColor(QColor(0xd9, 0x53, 0x4f));
    m_exact = new QBarSet(tr("exact"), series);
    m_exact->setColor(QColor(0x3c, 0x9a, 0x5f));
    series->append(m_other);
    series->append(m_exact);
    series->setBarWidth(0.9);
    chart->addSeries(series);

    m_valueAxis = new QBarCategoryAxis(chart);
    chart->addAxis(m_valueAxis, Qt::AlignBottom);
    series->attachAxis(m_valueAxis);

    m_countAxis = new QValueAxis(chart);
    chart->addAxis(m_countAxis, Qt::AlignLeft);
    series->attachAxis(m_countAxis);

    setRenderHint(QPainter::Antialiasing);
    setAxisTitles(tr("final counter"), tr("runs"));
    setCounts({});
    restyle();
}

void HistogramChart::applyType(double scale)
{
    ReadableChartView::applyType(scale);
    fitMinimumWidth();
}

void HistogramChart::fitTexts()
{
    ReadableChartView::fitTexts();
    // The plot area is laid out after a resize, not during it: the labels are fitted to it
    // when it has its new size.
    fitLabels();
}

int HistogramChart::textsWidth() const
{
    // The texts at their ordinary size (ReadableChartView draws them no smaller), with the
    // chart's margins and QtCharts' room around a text.
    const QChart* c = chart();
    QFont title = c->titleFont();
    title.setPointSizeF(chartstyle::kTitlePoints);
    QFont text = c->legend()->font();
    text.setPointSizeF(chartstyle::kTextPoints);
    const QFontMetrics titleMetrics(title);
    const QFontMetrics textMetrics(text);
    // The legend in a row: each entry a marker about a line high, a gap and its label.
    const int legend = textMetrics.horizontalAdvance(m_other->label() + m_exact->label())
        + 2 * (textMetrics.height() * 2 + 12);
    // The value axis's title runs along the plot, right of the count axis's labels and title.
    const int axis = textMetrics.horizontalAdvance(m_valueAxis->titleText()) + 3 * textMetrics.height()
        + textMetrics.horizontalAdvance(QStringLiteral("0,000"));
    const int widest = std::max({titleMetrics.horizontalAdvance(c->title()), legend, axis});
    const int slack = c->margins().left() + c->margins().right() + 32;
    return widest + slack;
}

void HistogramChart::fitMinimumWidth()
{
    // A row of panels beside it (FoldingRowLayout) folds rather than squeeze it below this.
    setMinimumWidth(textsWidth());
}

void HistogramChart::setTitle(const QString& title)
{
    chart()->setTitle(title);
    fitTexts();
    fitMinimumWidth();
}

void HistogramChart::setAxisTitles(const QString& valueTitle, const QString& countTitle)
{
    m_valueTitle = valueTitle;
    m_valueAxis->setTitleText(valueTitle);
    m_countAxis->setTitleText(countTitle);
}

void HistogramChart::setCounts(const Counts& counts, std::optional<std::int64_t> expected)
{
    m_buckets = bucketize(counts, m_maxBars);
    m_exact->remove(0, m_exact->count());
    m_other->remove(0, m_other->count());
    m_valueAxis->clear();
    std::uint64_t top = 1;
    QStringList labels;
    for (const Bucket& b : m_buckets) {
        const bool holdsExpected = expected && b.low <= *expected && *expected <= b.high;
        m_exact->append(holdsExpected ? static_cast<qreal>(b.count) : 0.0);
        m_other->append(holdsExpected ? 0.0 : static_cast<qreal>(b.count));
        labels.append(groupedNumber(b.low)); // grouped: "223,462" reads at a glance, "223462" does not
        top = std::max(top, b.count);
    }
    m_valueAxis->append(labels);
    m_countAxis->setLabelFormat(top >= 1'000'000 ? QStringLiteral("%.2g") : QStringLiteral("%.0f"));
    m_countAxis->setRange(0, static_cast<qreal>(top));
    if (top <= 5)
        m_countAxis->setTickCount(static_cast<int>(top) + 1); // whole numbers only
    else
        m_countAxis->applyNiceNumbers();
    const std::int64_t width = m_buckets.isEmpty() ? 1 : m_buckets.front().high - m_buckets.front().low + 1;
    m_valueAxis->setTitleText(
        width == 1 ? m_valueTitle
                   : tr("%1, in steps of %2")
                         .arg(m_valueTitle, QLocale::system().toString(static_cast<qlonglong>(width))));
    fitTexts();
    fitMinimumWidth();
}

QStringList HistogramChart::valueLabels() const
{
    return m_valueAxis->categories();
}

void HistogramChart::fitLabels()
{
    // Numbers side by side that are wider than their bars would overlap or be cut to "1…":
    // stand them up then.
    if (m_buckets.isEmpty())
        return;
    const QFontMetrics metrics(m_valueAxis->labelsFont());
    int widest = 0;
    for (const QString& label : m_valueAxis->categories())
        widest = std::max(widest, metrics.horizontalAdvance(label));
    const qreal plotWidth = chart()->plotArea().width() > 0 ? chart()->plotArea().width() : width() * 0.8;
    const qreal slot = plotWidth / static_cast<qreal>(m_buckets.size());
    const int angle = widest + metrics.averageCharWidth() > slot ? -90 : 0;
    if (m_valueAxis->labelsAngle() != angle) // the angle moves the plot area's bottom, not its width
        m_valueAxis->setLabelsAngle(angle);
}

void HistogramChart::setMaxBars(int bars)
{
    m_maxBars = std::max(1, bars);
}

qsizetype HistogramChart::barCount() const
{
    return m_buckets.size();
}

} // namespace interleave
