#pragma once

#include "analysis/amdahl.h"
#include "analysis/analysis_job.h"
#include "analysis/measured_run.h"
#include "run/jobpoller.h"

#include <QString>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace interleave {

class CompareChart;
class CpuChart;
class SweepChart;

// One workload under all six models (I/O-bound and CPU-bound side by side), a workers sweep
// of one pool with its Amdahl fit, and the cores' load while either runs. The runs go on a
// thread of their own (AnalysisJob); a JobPoller hands its progress and results to the view,
// so the window never waits and Stop works at any moment.
class CompareView : public QWidget {
    Q_OBJECT

public:
    struct CompareSettings {
        int tasks = 12;
        double latencyMs = 200; // the I/O-bound workload's wait per task
        double workMs = 150; // the CPU-bound workload's compute per task
        bool io = true;
        bool cpu = true;
        bool gil = true;
        int repeat = 3; // runs per model, interleaved: the bars show the median, whiskers the range
    };

    struct SweepSettings {
        Model model = Model::ProcessPool;
        WorkloadKind workload = WorkloadKind::Cpu;
        int tasks = 16;
        double taskMs = 100; // compute (cpu) or wait (io) per task
        QString workers = QStringLiteral("1,2,3,4,6,8");
        int repeat = 3; // runs per worker count, interleaved
    };

    // The comparison that goes with a run (a lesson's "compare" view): the run's waits and
    // compute under all six models, I/O-bound beside CPU-bound, with its GIL setting. Capped so
    // the twelve runs take seconds, not a minute: at most 8 tasks, 250 ms of waiting and 100 ms
    // of compute per task (a lesson of 200 downloads compares 8 of them).
    static CompareSettings settingsFor(const RunConfig& run);

    explicit CompareView(QWidget* parent = nullptr);
    ~CompareView() override;

    CompareSettings compareSettings() const;
    void setCompareSettings(const CompareSettings& settings);
    SweepSettings sweepSettings() const;
    void setSweepSettings(const SweepSettings& settings);
    // The interleave-worker the process models spawn; empty: beside this program.
    void setWorkerPath(const QString& path) { m_workerPath = path; }

    // Start a run; false, with the reason in *error (or a message box when error is null),
    // for settings that cannot run or while another run is under way.
    bool runAllModels(QString* error = nullptr);
    bool runSweep(QString* error = nullptr);
    void stop();
    bool isRunning() const noexcept { return m_job != nullptr; }

    // Every result of the last comparison and the last sweep, as CSV (analysis/csv.h). Written
    // through QSaveFile: on failure the file is left as it was and false is returned, the
    // reason in *error or in a message box.
    bool exportCsv(const QString& path, QString* error = nullptr);

    const std::vector<MeasuredRun>& compareRuns() const noexcept { return m_compareRuns; }
    const std::vector<MeasuredRun>& sweepRuns() const noexcept { return m_sweepRuns; }
    std::optional<double> fittedParallelFraction() const noexcept { return m_fittedP; }
    // The sweep's fit with a start-up cost per worker (three or more worker counts).
    const std::optional<StartupAmdahlFit>& startupFit() const noexcept { return m_startupFit; }
    QLabel* sweepCaption() const { return m_sweepCaption; }
    QLabel* captions() const { return m_captions; }

    CompareChart* wallTimeChart() const { return m_wallChart; }
    CompareChart* speedupChart() const { return m_speedupChart; }
    SweepChart* sweepChart() const { return m_sweepChart; }
    CpuChart* cpuChart() const { return m_cpuChart; }
    QTabWidget* tabs() const { return m_tabs; }
    QLabel* progressLabel() const { return m_progressLabel; }
    QPushButton* stopButton() const { return m_stopButton; }

signals:
    void runFinished();

protected:
    // A new palette (the dark theme, classroom mode) recolours the captions' words.
    void changeEvent(QEvent* event) override;

private:
    enum class JobKind { Compare, Sweep };

    QWidget* createModelsTab();
    QWidget* createSweepTab();
    bool startJob(JobKind kind, std::vector<AnalysisJob::Step> steps, QString* error);
    void showProgress();
    void takeRuns();
    void finishJob();
    void showCompareRuns();
    void showCompareCaptions();
    void showSweepRuns();
    void updateButtons();
    void chooseCsvFile();
    bool fail(const QString& title, const QString& problem, QString* error);

    // Models tab
    QSpinBox* m_tasks = nullptr;
    QDoubleSpinBox* m_latency = nullptr;
    QDoubleSpinBox* m_work = nullptr;
    QCheckBox* m_ioBox = nullptr;
    QCheckBox* m_cpuBox = nullptr;
    QCheckBox* m_gilBox = nullptr;
    QSpinBox* m_repeat = nullptr;
    QPushButton* m_runAllButton = nullptr;
    CompareChart* m_wallChart = nullptr;
    CompareChart* m_speedupChart = nullptr;
    QLabel* m_captions = nullptr;
    // Sweep tab
    QComboBox* m_sweepModel = nullptr;
    QComboBox* m_sweepWorkload = nullptr;
    QSpinBox* m_sweepTasks = nullptr;
    QDoubleSpinBox* m_sweepTaskMs = nullptr;
    QLineEdit* m_sweepWorkers = nullptr;
    QSpinBox* m_sweepRepeat = nullptr;
    QPushButton* m_runSweepButton = nullptr;
    SweepChart* m_sweepChart = nullptr;
    QLabel* m_sweepCaption = nullptr;
    // Shared
    QTabWidget* m_tabs = nullptr;
    QPushButton* m_stopButton = nullptr;
    QPushButton* m_exportButton = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_progressLabel = nullptr;
    CpuChart* m_cpuChart = nullptr;

    QString m_workerPath;
    std::unique_ptr<AnalysisJob> m_job;
    JobKind m_jobKind = JobKind::Compare;
    std::size_t m_shownRuns = 0;
    CompareSettings m_shownSettings; // those of the comparison shown: its kinds and GIL
    std::vector<MeasuredRun> m_compareRuns;
    std::vector<MeasuredRun> m_sweepRuns;
    std::optional<double> m_fittedP;
    std::optional<StartupAmdahlFit> m_startupFit;
    JobPoller m_poller; // last: destroyed first, so no tick reaches a destroyed job
};

} // namespace interleave
