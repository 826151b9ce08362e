#include "charts/speedupchart.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QValueAxis>

#include <algorithm>

namespace interleave {

SpeedupChart::SpeedupChart(QWidget* parent)
    : QChartView(parent)
{
    // The view made a chart of its own; setChart() would release that one without deleting it.
    QChart* chart = this->chart();
    chart->setTitle(tr("Speed-up over sequential"));
    chart->legend()->hide();

    auto* series = new QBarSeries(chart);
    m_set = new QBarSet(tr("Speed-up"), series);
    series->append(m_set);
    chart->addSeries(series);

    m_modelAxis = new QBarCategoryAxis(chart);
    chart->addAxis(m_modelAxis, Qt::AlignBottom);
    series->attachAxis(m_modelAxis);

    m_speedupAxis = new QValueAxis(chart);
    m_speedupAxis->setLabelFormat(QStringLiteral("%.1f"));
    m_speedupAxis->setTitleText(tr("times as fast"));
    chart->addAxis(m_speedupAxis, Qt::AlignLeft);
    series->attachAxis(m_speedupAxis);

    setRenderHint(QPainter::Antialiasing);
    setBars({});
}

void SpeedupChart::setBars(const QList<Bar>& bars)
{
    m_set->remove(0, m_set->count());
    m_modelAxis->clear();
    double top = 1.0;
    for (const Bar& bar : bars) {
        m_set->append(bar.speedup);
        m_modelAxis->append(bar.model);
        top = std::max(top, bar.speedup);
    }
    // Headroom above the tallest bar; never below 1x so "no faster" is always on the scale.
    m_speedupAxis->setRange(0.0, top * 1.1);
    m_speedupAxis->applyNiceNumbers();
}

void SpeedupChart::setDarkTheme(bool dark)
{
    QChart* chart = this->chart();
    const QChart::ChartTheme theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    if (chart->theme() == theme)
        return;
    // A theme resets fonts too: keep the labels at the application's size or more, readable on
    // a projector.
    chart->setTheme(theme);
    QFont labels = font();
    labels.setPointSizeF(std::max(11.0, labels.pointSizeF()));
    m_modelAxis->setLabelsFont(labels);
    m_speedupAxis->setLabelsFont(labels);
    m_speedupAxis->setTitleFont(labels);
    QFont title = labels;
    title.setPointSizeF(labels.pointSizeF() * 1.2);
    title.setBold(true);
    chart->setTitleFont(title);
}

bool SpeedupChart::isDarkTheme() const
{
    return chart()->theme() == QChart::ChartThemeDark;
}

qsizetype SpeedupChart::barCount() const
{
    return m_set->count();
}

} // namespace interleave
