#pragma once

#include <QChartView>
#include <QList>
#include <QPointF>
#include <QString>

#include <optional>

class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace interleave {

// Speedup against the number of workers: what was measured, the ideal (speedup = workers)
// and the Amdahl's-law curve fitted to the measurements, its p named in the legend.
class SweepChart : public QChartView {
    Q_OBJECT

public:
    explicit SweepChart(QWidget* parent = nullptr);

    // points: (workers, speedup), in any order. parallelFraction: the fitted p, or none.
    void setMeasurements(
        const QString& label, const QList<QPointF>& points, std::optional<double> parallelFraction);
    void clear() { setMeasurements({}, {}, std::nullopt); }

    qsizetype measuredCount() const;
    qsizetype fitPointCount() const;
    QString fitLegend() const; // "Amdahl fit, p = 0.93", empty without a fit
    double workersAxisMax() const;
    double speedupAxisMax() const;

private:
    QLineSeries* m_measuredLine = nullptr;
    QScatterSeries* m_measuredPoints = nullptr;
    QLineSeries* m_ideal = nullptr;
    QLineSeries* m_fit = nullptr;
    QValueAxis* m_workersAxis = nullptr;
    QValueAxis* m_speedupAxis = nullptr;
};

} // namespace interleave
