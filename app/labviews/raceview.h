#pragma once

#include "lab/race.h"
#include "teach/lab_config.h"
#include "run/jobpoller.h"

#include <QImage>
#include <QSize>
#include <QString>
#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QSplitter;

namespace interleave {

class FoldingRowLayout;
class HistogramChart;
class LabReplay;

class TimelineWidget;

// The live race: threads doing counter += 1, with the expected, actual and lost figures large
// enough for a projector, the threads on the timeline, and a histogram of the final counter
// over repeated runs. The race runs on its own threads (LiveRace); a JobPoller on the GUI
// thread reads its atomics and recorder snapshots, so nothing crosses from the race into Qt.
class RaceView : public QWidget {
    Q_OBJECT

public:
    explicit RaceView(QWidget* parent = nullptr);
    ~RaceView() override; // stops a running race and joins its threads

    // The controls' values; setConfig clamps to what the controls offer.
    RaceConfig config() const;
    void setConfig(const RaceConfig& config);

    // Starts a race with the controls' configuration; false, with the reason, if refused.
    bool start(QString* error = nullptr);
    void stop();
    bool isRunning() const noexcept { return m_race != nullptr; }
    // Runs an event loop until the race has finished (its finished() signal), for the
    // screenshot command and tests; false if it is still running after timeoutMs.
    bool waitForFinished(int timeoutMs);

    // The figures on show.
    std::int64_t expectedShown() const noexcept { return m_expected; }
    std::int64_t actualShown() const noexcept { return m_actual; }
    std::int64_t lostShown() const noexcept { return m_expected - m_actual; }
    const std::vector<RaceRunResult>& results() const noexcept { return m_results; }
    // The configuration of the race started last (results() are its runs).
    const RaceConfig& lastRunConfig() const noexcept { return m_lastRunConfig; }

    TimelineWidget* timeline() const noexcept { return m_timeline; }
    // The timeline with its replay bar: once a race has ended, its last run replays.
    LabReplay* replay() const noexcept { return m_replay; }
    HistogramChart* histogram() const noexcept { return m_histogram; }

    // Narrower than this, the histogram goes under the timeline, each at least kStackedMinHeight.
    static constexpr int kSideBySideWidth = 1000;
    static constexpr int kStackedMinHeight = 340;

signals:
    void started();
    void finished();

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void showLive();
    void finishRace();
    QString runStatus(int run) const;
    void showFigures(std::int64_t expected, std::int64_t actual, std::int64_t target);
    void updateHistogram();
    void updateControls();
    void updatePython();
    QString outcomeText(const RaceConfig& config) const;

    QSpinBox* m_threads = nullptr;
    QSpinBox* m_increments = nullptr;
    QComboBox* m_mode = nullptr;
    QComboBox* m_gil = nullptr;
    QComboBox* m_between = nullptr;
    QSpinBox* m_widen = nullptr;
    QComboBox* m_widenBy = nullptr;
    QSpinBox* m_repeat = nullptr;
    QPushButton* m_runButton = nullptr;
    QLabel* m_expectedLabel = nullptr;
    QLabel* m_actualLabel = nullptr;
    QLabel* m_lostLabel = nullptr;
    QLabel* m_expectedCaption = nullptr;
    QLabel* m_lostCaption = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_python = nullptr;
    std::vector<QWidget*> m_figureBoxes;
    FoldingRowLayout* m_figuresLayout = nullptr;
    TimelineWidget* m_timeline = nullptr;
    LabReplay* m_replay = nullptr;
    HistogramChart* m_histogram = nullptr;
    QSplitter* m_splitter = nullptr;

    std::unique_ptr<LiveRace> m_race;
    int m_shownRun = -1;
    std::int64_t m_expected = 0;
    std::int64_t m_actual = 0;
    std::vector<RaceRunResult> m_results;
    RaceConfig m_lastRunConfig;
    JobPoller m_poller; // last: destroyed first, so no tick reaches a destroyed race
};

// The race view after a real race, drawn into an image for `interleave screenshot --view race`:
// the given configuration (by default kRaceDemoConfig: 4 threads under the GIL with a call
// between load and store, which loses a different number of updates each time, 20 runs for the
// histogram). Needs a QApplication;
// throws std::runtime_error if the race does not finish within a minute.
QImage drawRaceView(QSize size, double scale, const RaceConfig& config = kRaceDemoConfig);

} // namespace interleave
