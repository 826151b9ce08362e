#include "charts/sweepchart.h"

#include "analysis/amdahl.h"
#include "charts/chartstyle.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace interleave {

void SweepChart::applyColours()
{
    ReadableChartView::applyColours();
    QPen pen = m_ideal->pen();
    pen.setColor(chartstyle::referenceColor(palette()));
    m_ideal->setPen(pen);
}

SweepChart::SweepChart(QWidget* parent)
    : ReadableChartView(parent)
{
    QChart* chart = this->chart();
    chart->setTitle(tr("Speedup against workers"));
    chart->legend()->setAlignment(Qt::AlignBottom);

    m_ideal = new QLineSeries(chart);
    m_ideal->setName(tr("ideal: speedup = workers"));
    QPen idealPen(chartstyle::referenceColor(palette()));
    idealPen.setWidthF(2);
    idealPen.setStyle(Qt::DashLine);
    m_ideal->setPen(idealPen);

    m_fit = new QLineSeries(chart);
    QPen fitPen(QColor(0x05, 0x96, 0x69));
    fitPen.setWidthF(3);
    m_fit->setPen(fitPen);

    m_measuredLine = new QLineSeries(chart);
    QPen measuredPen(chartstyle::cpuColor());
    measuredPen.setWidthF(2);
    m_measuredLine->setPen(measuredPen);

    m_measuredPoints = new QScatterSeries(chart);
    m_measuredPoints->setMarkerSize(13);
    m_measuredPoints->setColor(chartstyle::cpuColor());
    m_measuredPoints->setBorderColor(chartstyle::cpuColor().darker(140));

    for (QAbstractSeries* s : {static_cast<QAbstractSeries*>(m_ideal), static_cast<QAbstractSeries*>(m_fit),
             static_cast<QAbstractSeries*>(m_measuredLine), static_cast<QAbstractSeries*>(m_measuredPoints)})
        chart->addSeries(s);

    m_workersAxis = new QValueAxis(chart);
    m_workersAxis->setTitleText(tr("workers"));
    m_workersAxis->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(m_workersAxis, Qt::AlignBottom);
    m_speedupAxis = new QValueAxis(chart);
    m_speedupAxis->setTitleText(tr("times as fast as 1 worker"));
    m_speedupAxis->setLabelFormat(QStringLiteral("%.0fx")); // read as Latin-1: no ×
    chart->addAxis(m_speedupAxis, Qt::AlignLeft);
    for (QAbstractSeries* s : chart->series()) {
        s->attachAxis(m_workersAxis);
        s->attachAxis(m_speedupAxis);
    }
    // The line only joins the dots: one legend entry for the measurements is enough.
    chart->legend()->markers(m_measuredLine).front()->setVisible(false);

    restyle();
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(360, 260);
    clear();
}

void SweepChart::setMeasurements(
    const QString& label, const QList<QPointF>& points, std::optional<double> parallelFraction)
{
    QList<Point> plain;
    for (QPointF p : points)
        plain.append({p.x(), p.y(), 0, 0});
    setMeasurements(label, plain, std::nullopt, parallelFraction);
}

void SweepChart::setMeasurements(const QString& label, const QList<Point>& points,
    const std::optional<StartupAmdahlFit>& fit, std::optional<double> parallelFraction)
{
    if (fit) {
        const StartupAmdahlFit f = *fit;
        plot(label, points, [f](double n) { return f.speedup(n); },
            tr("fit: %1% serial, start-up %2 ms per worker")
                .arg(f.serialFraction * 100.0, 0, 'f', 0)
                .arg(f.startupMsPerWorker, 0, 'f', f.startupMsPerWorker < 10 ? 1 : 0));
    } else if (parallelFraction) {
        const double p = *parallelFraction;
        plot(label, points, [p](double n) { return amdahlSpeedup(p, n); }, tr("Amdahl fit, p = %1").arg(p, 0, 'f', 2));
    } else {
        plot(label, points, {}, tr("Amdahl fit (needs runs with more than 1 worker)"));
    }
}

void SweepChart::plot(const QString& label, const QList<Point>& points, const std::function<double(double)>& speedupAt,
    const QString& fitName)
{
    QList<Point> sortedPoints = points;
    std::sort(sortedPoints.begin(), sortedPoints.end(), [](const Point& a, const Point& b) { return a.workers < b.workers; });
    QList<QPointF> sorted;
    double maxWorkers = 4, maxSpeedup = 1;
    for (const Point& p : sortedPoints) {
        sorted.append({p.workers, p.speedup});
        maxWorkers = std::max(maxWorkers, p.workers);
        maxSpeedup = std::max({maxSpeedup, p.speedup, p.high});
    }
    m_measuredLine->replace(sorted);
    m_measuredPoints->replace(sorted);
    m_measuredPoints->setName(label.isEmpty() ? tr("measured") : tr("measured: %1").arg(label));

    m_ideal->replace(QList<QPointF> {{1, 1}, {maxWorkers, maxWorkers}});

    QList<QPointF> curve;
    if (speedupAt) {
        // Smooth enough at any width: 20 points per worker.
        for (double n = 1; n <= maxWorkers + 1e-9; n += 0.05)
            curve.append({n, speedupAt(n)});
        for (QPointF c : curve)
            maxSpeedup = std::max(maxSpeedup, c.y());
    }
    m_fit->setName(fitName);
    m_fit->replace(curve);
    // The legend keeps the label it made when the series was added; a new p must reach it.
    for (QLegendMarker* marker : chart()->legend()->markers(m_fit))
        marker->setLabel(m_fit->name());
    for (QLegendMarker* marker : chart()->legend()->markers(m_measuredPoints))
        marker->setLabel(m_measuredPoints->name());

    // The spread of the repetitions: a whisker per point, in the measurements' colour.
    for (QLineSeries* whisker : m_whiskers) {
        chart()->removeSeries(whisker);
        delete whisker;
    }
    m_whiskers.clear();
    const double cap = maxWorkers / 80.0;
    for (const Point& p : sortedPoints) {
        if (p.low <= 0 || p.high <= 0 || p.high < p.low)
            continue;
        auto* whisker = new QLineSeries(chart());
        whisker->append({{p.workers - cap, p.low}, {p.workers + cap, p.low}, {p.workers, p.low}, {p.workers, p.high},
            {p.workers - cap, p.high}, {p.workers + cap, p.high}});
        QPen pen(chartstyle::cpuColor().darker(140));
        pen.setWidthF(2);
        whisker->setPen(pen);
        chart()->addSeries(whisker);
        whisker->attachAxis(m_workersAxis);
        whisker->attachAxis(m_speedupAxis);
        for (QLegendMarker* marker : chart()->legend()->markers(whisker))
            marker->setVisible(false);
        m_whiskers.append(whisker);
    }

    // One more worker of room for the last whisker's caps at the right edge.
    const double pad = m_whiskers.isEmpty() ? 0.0 : 1.0;
    m_workersAxis->setRange(0, maxWorkers + pad);
    m_workersAxis->setTickCount(std::clamp(static_cast<int>(maxWorkers + pad) + 1, 3, 18));
    if (maxWorkers > 16)
        m_workersAxis->applyNiceNumbers();
    // The ideal line is drawn whole, up to as many times faster as there are workers: how far
    // the measurements bend away below it is the point.
    const double top = std::max({2.0, maxWorkers, std::ceil(maxSpeedup * 1.1)});
    m_speedupAxis->setRange(0, top);
    m_speedupAxis->setTickCount(static_cast<int>(top) + 1 <= 11 ? static_cast<int>(top) + 1 : 5);
    if (top > 10)
        m_speedupAxis->applyNiceNumbers();
}

qsizetype SweepChart::measuredCount() const
{
    return m_measuredPoints->count();
}

qsizetype SweepChart::fitPointCount() const
{
    return m_fit->count();
}

QString SweepChart::fitLegend() const
{
    return m_fit->count() > 0 ? m_fit->name() : QString();
}

double SweepChart::workersAxisMax() const
{
    return m_workersAxis->max();
}

double SweepChart::speedupAxisMax() const
{
    return m_speedupAxis->max();
}

} // namespace interleave
