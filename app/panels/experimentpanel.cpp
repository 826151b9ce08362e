#include "panels/experimentpanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace interleave {
namespace {

QString toQString(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QDoubleSpinBox* millisecondsBox(double max, QWidget* parent)
{
    auto* box = new QDoubleSpinBox(parent);
    box->setRange(0, max);
    box->setDecimals(1);
    box->setSuffix(QObject::tr(" ms"));
    return box;
}

} // namespace

QString ExperimentPanel::describeModel(Model model)
{
    switch (model) {
    case Model::Sequential: return tr("One thread runs the tasks one after another.");
    case Model::Threads: return tr("One thread per task (threading.Thread); the GIL lets one compute at a time.");
    case Model::ThreadPool: return tr("K threads take tasks from a queue (ThreadPoolExecutor).");
    case Model::Processes: return tr("One child process per task (multiprocessing.Process), each with its own GIL.");
    case Model::ProcessPool: return tr("K child processes take chunks of tasks (multiprocessing.Pool.map).");
    case Model::Asyncio: return tr("One thread, one event loop, a coroutine per task (asyncio.gather).");
    }
    return {};
}

ExperimentPanel::ExperimentPanel(QWidget* parent)
    : QWidget(parent)
{
    auto* workloadBox = new QGroupBox(tr("Workload"), this);
    auto* workloadForm = new QFormLayout(workloadBox);
    m_workload = new QComboBox(workloadBox);
    m_workload->setObjectName(QStringLiteral("workload"));
    m_workload->addItem(tr("CPU-bound (compute)"), static_cast<int>(WorkloadKind::Cpu));
    m_workload->addItem(tr("I/O-bound (wait)"), static_cast<int>(WorkloadKind::Io));
    m_workload->addItem(tr("Mixed"), static_cast<int>(WorkloadKind::Mixed));
    workloadForm->addRow(tr("&Kind"), m_workload);
    m_tasks = new QSpinBox(workloadBox);
    m_tasks->setObjectName(QStringLiteral("tasks"));
    m_tasks->setRange(1, kMaxTasks);
    workloadForm->addRow(tr("&Tasks"), m_tasks);
    m_workMs = millisecondsBox(10'000, workloadBox);
    m_workMs->setObjectName(QStringLiteral("workMs"));
    m_workMs->setToolTip(tr("How long one task computes when it runs alone"));
    workloadForm->addRow(tr("&Compute"), m_workMs);
    m_latencyMs = millisecondsBox(10'000, workloadBox);
    m_latencyMs->setObjectName(QStringLiteral("latencyMs"));
    m_latencyMs->setToolTip(tr("How long one task waits, like a download or a sleep"));
    workloadForm->addRow(tr("&Wait"), m_latencyMs);

    auto* modelBox = new QGroupBox(tr("Model"), this);
    auto* modelForm = new QFormLayout(modelBox);
    m_model = new QComboBox(modelBox);
    m_model->setObjectName(QStringLiteral("model"));
    for (Model m : kAllModels) {
        m_model->addItem(toQString(modelName(m)), static_cast<int>(m));
        m_model->setItemData(m_model->count() - 1, describeModel(m), Qt::ToolTipRole);
    }
    modelForm->addRow(tr("&Model"), m_model);
    m_modelDescription = new QLabel(modelBox);
    m_modelDescription->setWordWrap(true);
    modelForm->addRow(m_modelDescription);
    m_threadWorkers = new QSpinBox(modelBox);
    m_threadWorkers->setObjectName(QStringLiteral("threadWorkers"));
    m_threadWorkers->setRange(0, kMaxThreads);
    m_threadWorkers->setSpecialValueText(tr("default (%1)").arg(defaultThreadWorkers()));
    modelForm->addRow(tr("Thread &workers"), m_threadWorkers);
    m_processWorkers = new QSpinBox(modelBox);
    m_processWorkers->setObjectName(QStringLiteral("processWorkers"));
    m_processWorkers->setRange(0, kMaxProcesses);
    m_processWorkers->setSpecialValueText(tr("default (%1)").arg(defaultProcessWorkers()));
    modelForm->addRow(tr("&Process workers"), m_processWorkers);

    auto* pythonBox = new QGroupBox(tr("Python semantics"), this);
    auto* pythonForm = new QFormLayout(pythonBox);
    m_gil = new QCheckBox(tr("&GIL (off: the free-threaded build)"), pythonBox);
    m_gil->setObjectName(QStringLiteral("gil"));
    pythonForm->addRow(m_gil);
    m_switchIntervalMs = new QDoubleSpinBox(pythonBox);
    m_switchIntervalMs->setObjectName(QStringLiteral("switchIntervalMs"));
    m_switchIntervalMs->setRange(0.1, 1000);
    m_switchIntervalMs->setDecimals(1);
    m_switchIntervalMs->setSuffix(tr(" ms"));
    m_switchIntervalMs->setToolTip(tr("sys.getswitchinterval(): how long a thread waits before asking for the GIL"));
    pythonForm->addRow(tr("&Switch interval"), m_switchIntervalMs);
    m_processStart = new QComboBox(pythonBox);
    m_processStart->setObjectName(QStringLiteral("processStart"));
    m_processStart->addItem(tr("Python-like (~60 ms)"), static_cast<int>(ProcessStart::Python));
    m_processStart->addItem(tr("Native"), static_cast<int>(ProcessStart::Native));
    pythonForm->addRow(tr("Process s&tart"), m_processStart);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(workloadBox);
    layout->addWidget(modelBox);
    layout->addWidget(pythonBox);
    layout->addStretch(1);

    setConfig(RunConfig{});

    const auto changed = [this] {
        updateEnabledFields();
        emit configChanged();
    };
    connect(m_workload, &QComboBox::currentIndexChanged, this, changed);
    connect(m_model, &QComboBox::currentIndexChanged, this, changed);
    connect(m_gil, &QCheckBox::toggled, this, changed);
    for (QSpinBox* box : {m_tasks, m_threadWorkers, m_processWorkers})
        connect(box, &QSpinBox::valueChanged, this, changed);
    for (QDoubleSpinBox* box : {m_latencyMs, m_workMs, m_switchIntervalMs})
        connect(box, &QDoubleSpinBox::valueChanged, this, changed);
    connect(m_processStart, &QComboBox::currentIndexChanged, this, changed);
}

RunConfig ExperimentPanel::config() const
{
    RunConfig c;
    c.workload = static_cast<WorkloadKind>(m_workload->currentData().toInt());
    c.tasks = m_tasks->value();
    c.latencyMs = m_latencyMs->value();
    c.workMs = m_workMs->value();
    c.model = static_cast<Model>(m_model->currentData().toInt());
    c.threadWorkers = m_threadWorkers->value();
    c.processWorkers = m_processWorkers->value();
    c.gil = m_gil->isChecked();
    c.switchIntervalMs = m_switchIntervalMs->value();
    c.processStart = static_cast<ProcessStart>(m_processStart->currentData().toInt());
    return c;
}

void ExperimentPanel::setConfig(const RunConfig& c)
{
    const auto select = [](QComboBox* box, int value) { box->setCurrentIndex(box->findData(value)); };
    select(m_workload, static_cast<int>(c.workload));
    select(m_model, static_cast<int>(c.model));
    select(m_processStart, static_cast<int>(c.processStart));
    m_tasks->setValue(c.tasks);
    m_latencyMs->setValue(c.latencyMs);
    m_workMs->setValue(c.workMs);
    m_threadWorkers->setValue(c.threadWorkers);
    m_processWorkers->setValue(c.processWorkers);
    m_gil->setChecked(c.gil);
    m_switchIntervalMs->setValue(c.switchIntervalMs);
    updateEnabledFields();
}

void ExperimentPanel::updateEnabledFields()
{
    const RunConfig c = config();
    m_modelDescription->setText(describeModel(c.model));
    m_workMs->setEnabled(c.workload != WorkloadKind::Io);
    m_latencyMs->setEnabled(c.workload != WorkloadKind::Cpu);
    m_threadWorkers->setEnabled(c.model == Model::ThreadPool);
    m_processWorkers->setEnabled(c.model == Model::ProcessPool);
    m_switchIntervalMs->setEnabled(c.gil);
    m_processStart->setEnabled(usesProcesses(c.model));
}

} // namespace interleave
