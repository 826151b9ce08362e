#pragma once

#include "charts/readablechartview.h"

#include <QList>
#include <QPointF>
#include <QString>

#include "analysis/amdahl.h"

#include <functional>
#include <optional>

class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace interleave {

// Speedup against the number of workers: what was measured, the ideal (speedup = workers)
// and the Amdahl's-law curve fitted to the measurements, its p named in the legend.
class SweepChart : public ReadableChartView {
    Q_OBJECT

public:
    explicit SweepChart(QWidget* parent = nullptr);

    // points: (workers, speedup), in any order. parallelFraction: the fitted p, or none.
    void setMeasurements(
        const QString& label, const QList<QPointF>& points, std::optional<double> parallelFraction);

    // Repeated runs: each point with the range of its speedup (low = high = 0: one run, no
    // whisker), and the fit that separates a start-up cost per worker from the serial
    // fraction; without it (fewer than three worker counts) the Amdahl fit of the medians.
    struct Point {
        double workers = 1;
        double speedup = 0;
        double low = 0;
        double high = 0;
    };
    void setMeasurements(const QString& label, const QList<Point>& points,
        const std::optional<StartupAmdahlFit>& fit, std::optional<double> parallelFraction);
    void clear() { setMeasurements({}, QList<QPointF> {}, std::nullopt); }

    qsizetype measuredCount() const;
    qsizetype fitPointCount() const;
    QString fitLegend() const; // "Amdahl fit, p = 0.93", empty without a fit
    double workersAxisMax() const;
    double speedupAxisMax() const;
    qsizetype whiskerCount() const { return m_whiskers.size(); }

protected:
    void applyColours() override;

private:
    void plot(const QString& label, const QList<Point>& points, const std::function<double(double)>& curve,
        const QString& fitName);

    QLineSeries* m_measuredLine = nullptr;
    QScatterSeries* m_measuredPoints = nullptr;
    QLineSeries* m_ideal = nullptr;
    QLineSeries* m_fit = nullptr;
    QValueAxis* m_workersAxis = nullptr;
    QValueAxis* m_speedupAxis = nullptr;
    QList<QLineSeries*> m_whiskers;
};

} // namespace interleave
