#include "charts/comparechart.h"

#include "charts/chartstyle.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace interleave {

namespace {

QColor colourFor(const QString& name, int index)
{
    if (name.contains(QStringLiteral("I/O")))
        return chartstyle::ioColor();
    if (name.contains(QStringLiteral("CPU")))
        return chartstyle::cpuColor();
    static const QColor others[] = {QColor(0x05, 0x96, 0x69), QColor(0x7c, 0x3a, 0xed)};
    return others[index % 2];
}

} // namespace

CompareChart::CompareChart(Metric metric, QWidget* parent)
    : QChartView(parent)
    , m_metric(metric)
{
    // The view made a chart of its own; setChart() would release that one without deleting it.
    QChart* chart = this->chart();
    chart->setTitle(metric == Metric::WallTime ? tr("Wall time (lower is better)")
                                               : tr("Speedup over sequential (higher is better)"));
    chart->legend()->setAlignment(Qt::AlignBottom);

    m_bars = new QBarSeries(chart);
    m_bars->setLabelsVisible(true);
    m_bars->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    m_bars->setLabelsPrecision(3);
    m_bars->setLabelsFormat(metric == Metric::Speedup ? QStringLiteral("@value×") : QStringLiteral("@value"));
    chart->addSeries(m_bars);

    m_categoryAxis = new QBarCategoryAxis(chart);
    chart->addAxis(m_categoryAxis, Qt::AlignBottom);
    m_bars->attachAxis(m_categoryAxis);

    m_valueAxis = new QValueAxis(chart);
    chart->addAxis(m_valueAxis, Qt::AlignLeft);
    m_bars->attachAxis(m_valueAxis);

    if (metric == Metric::Speedup) {
        m_valueAxis->setLabelFormat(QStringLiteral("%.0f×"));
        m_valueAxis->setTitleText(tr("times as fast as sequential"));
        m_oneTimes = new QLineSeries(chart);
        m_oneTimes->setName(tr("1× = as fast as sequential"));
        QPen pen(chartstyle::referenceColor());
        pen.setWidthF(2.5);
        pen.setStyle(Qt::DashLine);
        m_oneTimes->setPen(pen);
        chart->addSeries(m_oneTimes);
        m_oneTimes->attachAxis(m_categoryAxis);
        m_oneTimes->attachAxis(m_valueAxis);
    }
    chartstyle::applyReadableStyle(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(360, 260);
    setData({}, {});
}

void CompareChart::setData(const QStringList& categories, const QList<Series>& series)
{
    m_bars->clear();
    m_categoryAxis->clear();
    m_categoryAxis->append(categories.isEmpty() ? QStringList {QString()} : categories);

    double top = 0;
    for (const Series& s : series)
        for (double v : s.values)
            top = std::max(top, v);

    m_unit.clear();
    double scale = 1;
    if (m_metric == Metric::WallTime) {
        // Values arrive in milliseconds; past two seconds they read better as seconds.
        if (top >= 2000) {
            m_unit = QStringLiteral("s");
            scale = 1e-3;
        } else {
            m_unit = QStringLiteral("ms");
        }
        m_valueAxis->setTitleText(tr("wall time (%1)").arg(m_unit));
        m_valueAxis->setLabelFormat(scale < 1 ? QStringLiteral("%.1f") : QStringLiteral("%.0f"));
    }

    int index = 0;
    for (const Series& s : series) {
        auto* set = new QBarSet(s.name);
        set->setColor(colourFor(s.name, index));
        set->setBorderColor(colourFor(s.name, index).darker(130));
        set->setLabelColor(QColor(0x11, 0x18, 0x27));
        QFont labelFont = set->labelFont();
        labelFont.setPointSizeF(10);
        set->setLabelFont(labelFont);
        for (qsizetype i = 0; i < categories.size(); ++i) {
            const double v = i < s.values.size() ? s.values[i] : 0.0;
            // A bar of 0 draws nothing; its label would print "0", so no label either way.
            *set << (v > 0 ? std::round(v * scale * 100.0) / 100.0 : 0.0);
        }
        m_bars->append(set);
        ++index;
    }

    double axisTop = top * scale * 1.18; // room for the labels above the bars
    if (m_metric == Metric::Speedup)
        axisTop = std::max(axisTop, 1.5);
    if (axisTop <= 0)
        axisTop = 1;
    m_valueAxis->setRange(0.0, axisTop);
    m_valueAxis->applyNiceNumbers();

    if (m_oneTimes) {
        // Across the whole plot: categories sit at 0..n-1, so -0.5..n-0.5 spans edge to edge.
        const double n = static_cast<double>(std::max<qsizetype>(categories.size(), 1));
        m_oneTimes->replace(QList<QPointF> {{-0.5, 1.0}, {n - 0.5, 1.0}});
    }
}

qsizetype CompareChart::categoryCount() const
{
    const QStringList c = m_categoryAxis->categories();
    return c.size() == 1 && c.front().isEmpty() ? 0 : c.size();
}

qsizetype CompareChart::seriesCount() const
{
    return m_bars->count();
}

double CompareChart::axisMax() const
{
    return m_valueAxis->max();
}

} // namespace interleave
