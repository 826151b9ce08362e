#pragma once

#include "engine/run_config.h"

#include <QIcon>
#include <QWidget>

#include <string_view>
#include <vector>

class QAbstractSpinBox;
class QAction;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QProgressBar;
class QSettings;
class QSpinBox;
class QToolButton;

namespace interleave {

struct RunField;

// What to run: the workload and its parameters, the model, and the Python semantics; then Run,
// Stop and the progress of the run in flight. Every field starts at the value Python would
// use, so the first Run needs no setting.
class ExperimentPanel : public QWidget {
    Q_OBJECT

public:
    explicit ExperimentPanel(QWidget* parent = nullptr);

    RunConfig config() const;
    void setConfig(const RunConfig& config);

    // The emulated interpreter start-up of process runs ("Python-like"): what starting a
    // Python process was measured to cost on this machine; until then, RunConfig's default.
    // A configuration set later brings its own figure (the window gives a lesson's runs the
    // measured one).
    void setPythonStartMs(double ms, const QString& python);
    double pythonStartMs() const noexcept { return m_pythonStartMs; }
    // What setPythonStartMs() was given; 0 until the start-up was measured.
    double measuredPythonStartMs() const noexcept { return m_measuredStartMs; }

    // One line on what a model does, as the panel shows it under the model's name.
    static QString describeModel(Model model, bool gil = true);
    // A small picture of the model's lanes: one bar for sequential, bars taking turns for
    // threads, boxes side by side for processes, a loop for asyncio.
    static QIcon modelIcon(Model model);

    // Buttons for the window's Run and Stop actions, at the foot of the panel.
    void setRunActions(QAction* run, QAction* stop);
    // "Run in CPython too": a button below Run and Stop.
    void setRunBesideAction(QAction* action);
    QToolButton* runBesideButton() const noexcept { return m_runBesideButton; }
    // While a run is in flight the fields are locked (the run is the one configured) and the
    // progress shows; Run and Stop stay as their actions say.
    void setRunning(bool running);
    // Tasks finished out of the run's tasks; total 0: not known (a busy bar).
    void setProgress(int done, int total);
    QProgressBar* progressBar() const { return m_progress; }

    // The fields, under the "experiment/" group. Values that are missing, out of range or of
    // the wrong type fall back to the defaults; nothing else changes.
    void saveSettings(QSettings& settings) const;
    void restoreSettings(QSettings& settings);

signals:
    void configChanged();

protected:
    // Space in a number field: nothing to type, so it goes on to the window (Run, or play).
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    static constexpr int kSideMargin = 4; // left and right, of the panel and of its boxes
    void updateEnabledFields();
    void showPythonStart(double ms);
    // A box for one of run_fields.h's numbers, with core's limits, bound to that field by
    // config() and setConfig(); a QSpinBox for a whole number, else a QDoubleSpinBox.
    QAbstractSpinBox* numberBox(std::string_view key, QWidget* parent);

    struct NumberBox {
        QAbstractSpinBox* box;
        const RunField* field;
    };
    std::vector<NumberBox> m_numbers;
    RunConfig m_base; // the last configuration set: what no box shows comes from it

    QComboBox* m_workload = nullptr;
    QSpinBox* m_tasks = nullptr;
    QDoubleSpinBox* m_latencyMs = nullptr;
    QDoubleSpinBox* m_workMs = nullptr;
    QSpinBox* m_mixedRounds = nullptr;
    QComboBox* m_model = nullptr;
    QLabel* m_modelIcon = nullptr;
    QLabel* m_modelDescription = nullptr;
    QSpinBox* m_threadWorkers = nullptr;
    QSpinBox* m_processWorkers = nullptr;
    QCheckBox* m_gil = nullptr;
    QLabel* m_gilMeaning = nullptr; // what the checkbox's state means, under it
    QDoubleSpinBox* m_switchIntervalMs = nullptr;
    QComboBox* m_processStart = nullptr;
    double m_pythonStartMs = RunConfig{}.processStartMs;
    double m_measuredStartMs = 0; // 0: not measured
    QString m_measuredBy;
    QList<QGroupBox*> m_fieldGroups;
    QToolButton* m_runButton = nullptr;
    QToolButton* m_stopButton = nullptr;
    QToolButton* m_runBesideButton = nullptr;
    QProgressBar* m_progress = nullptr;
};

} // namespace interleave
