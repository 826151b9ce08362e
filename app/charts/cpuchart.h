#pragma once

#include "analysis/cpu_sampler.h"
#include "analysis/decimate.h"

#include "charts/readablechartview.h"

#include <QList>
#include <QPair>
#include <QTimer>

#include <memory>
#include <vector>

class QLineSeries;
class QValueAxis;

namespace interleave {

// How busy each core is, live: one line per core over the last few seconds, read from
// /proc/stat on a GUI timer (no thread of its own, nothing to join). Every sample is kept;
// what the chart is handed is decimated to at most kMaxPointsPerSeries per core, min and
// max kept, so a long run does not slow the repaint.
class CpuChart : public ReadableChartView {
    Q_OBJECT

public:
    static constexpr int kDefaultIntervalMs = 200;
    static constexpr std::size_t kMaxPointsPerSeries = 2'000;

    explicit CpuChart(QWidget* parent = nullptr);
    ~CpuChart() override;

    // Samples /proc/stat every intervalMs and appends; the x axis is seconds since the first
    // start. Stopping keeps what was drawn.
    void startSampling(int intervalMs = kDefaultIntervalMs);
    void stopSampling();
    bool isSampling() const { return m_timer.isActive(); }
    void clearSamples();

    // At most how many seconds the chart shows, ending at the latest sample; a shorter history
    // fills the width (at least one second).
    void setWindowSeconds(double seconds);
    double windowSeconds() const noexcept { return m_windowSeconds; }
    // The time axis's range in seconds (a pending redraw is done first).
    QPair<double, double> timeRange();

    // One sample: the time in seconds and the share (0..1) of each core that was busy. Public
    // so tests and recorded data can feed the chart without /proc/stat. The lines are redrawn
    // once per turn of the event loop, however many samples arrived in it: redrawing per
    // sample made feeding a long history quadratic.
    void addSample(double seconds, const std::vector<double>& shares);

    int coreCount() const noexcept { return static_cast<int>(m_history.size()); }
    std::size_t sampleCount(int core) const { return m_history.at(static_cast<std::size_t>(core)).size(); }
    // The points handed to core's line (a pending redraw is done first).
    qsizetype shownPointCount(int core);
    QString samplingError() const { return m_error; }

private:
    void sampleNow();
    void ensureCores(std::size_t count);
    void refresh();

    QTimer m_timer;
    QTimer m_refreshTimer; // single shot, 0 ms: the coalesced redraw after addSample
    std::unique_ptr<CpuSampler> m_sampler;
    std::vector<std::vector<ChartPoint>> m_history; // per core, in time order
    QList<QLineSeries*> m_series;
    QValueAxis* m_timeAxis = nullptr;
    QValueAxis* m_shareAxis = nullptr;
    double m_windowSeconds = 30;
    qint64 m_startMs = -1;
    QString m_error;
};

} // namespace interleave
