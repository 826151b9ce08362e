#include "charts/cpuchart.h"

#include "charts/chartstyle.h"

#include <QChart>
#include <QElapsedTimer>
#include <QLegend>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

#include <algorithm>
#include <span>

namespace interleave {

namespace {

QColor coreColour(std::size_t core)
{
    static const QColor palette[] = {
        QColor(0x25, 0x63, 0xeb),
        QColor(0xea, 0x58, 0x0c),
        QColor(0x05, 0x96, 0x69),
        QColor(0x7c, 0x3a, 0xed),
        QColor(0xdb, 0x27, 0x77),
        QColor(0x0e, 0x74, 0x90),
        QColor(0xa1, 0x62, 0x07),
        QColor(0x4d, 0x7c, 0x0f),
    };
    return palette[core % std::size(palette)];
}

qint64 monotonicMs()
{
    static QElapsedTimer clock;
    if (!clock.isValid())
        clock.start();
    return clock.elapsed();
}

} // namespace

CpuChart::CpuChart(QWidget* parent)
    : ReadableChartView(parent)
{
    QChart* chart = this->chart();
    chart->setTitle(tr("CPU use per core"));
    chart->legend()->setAlignment(Qt::AlignRight);

    m_timeAxis = new QValueAxis(chart);
    m_timeAxis->setTitleText(tr("seconds"));
    m_timeAxis->setLabelFormat(QStringLiteral("%.0f"));
    // Ticks on whole multiples of 5 s that scroll with the data, not a fixed count that lands
    // on 7.5 s and 22.5 s.
    m_timeAxis->setTickType(QValueAxis::TicksDynamic);
    m_timeAxis->setTickAnchor(0);
    m_timeAxis->setTickInterval(5);
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_shareAxis = new QValueAxis(chart);
    m_shareAxis->setRange(0, 100);
    m_shareAxis->setTickCount(3);
    m_shareAxis->setLabelFormat(QStringLiteral("%.0f%%"));
    chart->addAxis(m_shareAxis, Qt::AlignLeft);
    restyle();

    m_timer.setTimerType(Qt::CoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &CpuChart::sampleNow);
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(0);
    connect(&m_refreshTimer, &QTimer::timeout, this, &CpuChart::refresh);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(160);
    refresh();
}

CpuChart::~CpuChart() = default;

void CpuChart::startSampling(int intervalMs)
{
    if (!m_sampler)
        m_sampler = std::make_unique<CpuSampler>();
    if (m_startMs < 0)
        m_startMs = monotonicMs();
    m_sampler->sample(); // the reference reading: the next one measures from here
    m_timer.start(std::max(intervalMs, 20));
}

void CpuChart::stopSampling()
{
    m_timer.stop();
}

void CpuChart::clearSamples()
{
    for (auto& h : m_history)
        h.clear();
    m_startMs = m_timer.isActive() ? monotonicMs() : -1;
    refresh();
}

QPair<double, double> CpuChart::timeRange()
{
    if (m_refreshTimer.isActive())
        refresh();
    return {m_timeAxis->min(), m_timeAxis->max()};
}

void CpuChart::setWindowSeconds(double seconds)
{
    m_windowSeconds = std::max(seconds, 1.0);
    refresh();
}

void CpuChart::sampleNow()
{
    const auto shares = m_sampler->sample();
    if (!shares) {
        m_error = QString::fromStdString(m_sampler->error());
        chart()->setTitle(tr("CPU use per core: %1").arg(m_error));
        stopSampling();
        return;
    }
    if (shares->empty())
        return;
    addSample(static_cast<double>(monotonicMs() - m_startMs) / 1000.0, *shares);
}

void CpuChart::ensureCores(std::size_t count)
{
    while (m_history.size() < count) {
        const std::size_t core = m_history.size();
        m_history.emplace_back();
        auto* series = new QLineSeries(chart());
        series->setName(tr("core %1").arg(core));
        QPen pen(coreColour(core));
        pen.setWidthF(2);
        series->setPen(pen);
        chart()->addSeries(series);
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_shareAxis);
        m_series.append(series);
    }
    // Eight cores or more: a legend entry each would crowd the chart.
    chart()->legend()->setVisible(m_history.size() <= 8);
}

void CpuChart::addSample(double seconds, const std::vector<double>& shares)
{
    ensureCores(shares.size());
    for (std::size_t core = 0; core < shares.size(); ++core)
        m_history[core].push_back({seconds, std::clamp(shares[core], 0.0, 1.0) * 100.0});
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
}

void CpuChart::refresh()
{
    m_refreshTimer.stop();
    double latest = 0;
    for (const auto& h : m_history)
        if (!h.empty())
            latest = std::max(latest, h.back().x);
    // The axis fits what was sampled (a 3 s run fills the width, not a tenth of it) and, past
    // the window, follows the latest samples.
    const double span = std::clamp(latest, 1.0, m_windowSeconds);
    const double from = std::max(0.0, latest - span);
    m_timeAxis->setRange(from, from + span);

    for (std::size_t core = 0; core < m_history.size(); ++core) {
        const auto& h = m_history[core];
        // The visible part only, plus the point just before it so the line enters from the edge.
        auto first = std::lower_bound(
            h.begin(), h.end(), from, [](const ChartPoint& p, double x) { return p.x < x; });
        if (first != h.begin())
            --first;
        const auto visible
            = std::span<const ChartPoint>(h).subspan(static_cast<std::size_t>(first - h.begin()));
        const auto shown = decimateMinMax(visible, kMaxPointsPerSeries);
        QList<QPointF> points;
        points.reserve(static_cast<qsizetype>(shown.size()));
        for (const ChartPoint& p : shown)
            points.append({p.x, p.y});
        m_series[static_cast<qsizetype>(core)]->replace(points);
    }
}

qsizetype CpuChart::shownPointCount(int core)
{
    if (m_refreshTimer.isActive())
        refresh();
    return m_series.at(core)->count();
}

} // namespace interleave
