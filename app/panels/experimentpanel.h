#pragma once

#include "engine/run_config.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace interleave {

// What to run: the workload and its parameters, the model, and the Python semantics. Every
// field starts at the value Python would use, so the first Run needs no setting.
class ExperimentPanel : public QWidget {
    Q_OBJECT

public:
    explicit ExperimentPanel(QWidget* parent = nullptr);

    RunConfig config() const;
    void setConfig(const RunConfig& config);

    // One line on what a model does, as the panel shows it under the model's name.
    static QString describeModel(Model model);

signals:
    void configChanged();

private:
    void updateEnabledFields();

    QComboBox* m_workload = nullptr;
    QSpinBox* m_tasks = nullptr;
    QDoubleSpinBox* m_latencyMs = nullptr;
    QDoubleSpinBox* m_workMs = nullptr;
    QComboBox* m_model = nullptr;
    QLabel* m_modelDescription = nullptr;
    QSpinBox* m_threadWorkers = nullptr;
    QSpinBox* m_processWorkers = nullptr;
    QCheckBox* m_gil = nullptr;
    QDoubleSpinBox* m_switchIntervalMs = nullptr;
    QComboBox* m_processStart = nullptr;
};

} // namespace interleave
