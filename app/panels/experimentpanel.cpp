#include "panels/experimentpanel.h"

#include "comboboxsize.h"
#include "engine/run_fields.h"
#include "qtext.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QProgressBar>
#include <QSettings>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <cmath>
#include <variant>

namespace interleave {
namespace {

// A number box whose text drops the zeros its decimals would add: "100 ms", "0.005 ms", so a
// field can take core's finest value without every figure reading "100.000".
class TrimmedSpinBox : public QDoubleSpinBox {
public:
    using QDoubleSpinBox::QDoubleSpinBox;

    QString textFromValue(double value) const override
    {
        QString text = locale().toString(value, 'f', decimals());
        text.remove(locale().groupSeparator());
        const QString point = locale().decimalPoint();
        if (text.contains(point)) {
            while (text.endsWith(QLatin1Char('0')))
                text.chop(1);
            if (text.endsWith(point))
                text.chop(point.size());
        }
        return text;
    }
};

// How the settings and the widgets' object names spell a field: "switch_interval_ms" is
// "switchIntervalMs".
QString camelCase(std::string_view key)
{
    QString name;
    bool upper = false;
    for (char c : key) {
        if (c == '_')
            upper = true;
        else {
            name += upper ? QChar(c).toUpper() : QChar(c);
            upper = false;
        }
    }
    return name;
}

const RunField& field(std::string_view key)
{
    const RunField* f = findRunField(key);
    Q_ASSERT(f != nullptr);
    return *f;
}

// Okabe-Ito, as the timeline colours Running, Waiting for the GIL and Suspended.
const QColor kRunning(0x00, 0x9E, 0x73);
const QColor kWaiting(0xE6, 0x9F, 0x00);
const QColor kSuspended(0xCC, 0x79, 0xA7);
// Mid grey outlines read on light and dark backgrounds alike.
const QColor kOutline(0x88, 0x88, 0x88);

void bar(QPainter& p, double x, double y, double w, const QColor& colour)
{
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    p.drawRoundedRect(QRectF(x, y, w, 8), 2, 2);
}

void queue(QPainter& p)
{
    p.setPen(QPen(kOutline, 1.5));
    p.setBrush(Qt::NoBrush);
    for (int i = 0; i < 3; ++i)
        p.drawRect(QRectF(3, 9 + i * 11, 7, 7));
}

QPixmap drawModel(Model model)
{
    QPixmap pixmap(QSize(96, 96));
    pixmap.setDevicePixelRatio(2); // crisp at 48 logical pixels and below
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    switch (model) {
    case Model::Sequential: // tasks end to end on one lane
        bar(p, 3, 20, 13, kRunning);
        bar(p, 18, 20, 13, kRunning.darker(130));
        bar(p, 33, 20, 12, kRunning);
        break;
    case Model::Threads: // lanes taking turns: one runs while the others wait for the GIL
        for (int row = 0; row < 3; ++row) {
            for (int slot = 0; slot < 3; ++slot)
                bar(p, 3 + slot * 14, 8 + row * 12, 13, slot == row ? kRunning : kWaiting);
        }
        break;
    case Model::ThreadPool: // a queue feeding two worker lanes
        queue(p);
        bar(p, 15, 13, 30, kRunning);
        bar(p, 15, 27, 14, kWaiting);
        bar(p, 31, 27, 14, kRunning);
        break;
    case Model::Processes: // lanes side by side, each in a box of its own
    case Model::ProcessPool: {
        const bool pool = model == Model::ProcessPool;
        if (pool)
            queue(p);
        const double left = pool ? 14 : 3;
        const int rows = pool ? 2 : 3;
        for (int row = 0; row < rows; ++row) {
            const double y = pool ? 10 + row * 15 : 5 + row * 13;
            p.setPen(QPen(kOutline, 1.5));
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(QRectF(left, y, 45 - left, 12), 3, 3);
            bar(p, left + 2, y + 2, 41 - left, kRunning);
        }
        break;
    }
    case Model::Asyncio: { // one loop going round, tasks parked on it
        QPainterPath loop;
        loop.arcMoveTo(QRectF(8, 8, 32, 32), 60);
        loop.arcTo(QRectF(8, 8, 32, 32), 60, 300);
        p.setPen(QPen(kSuspended, 4, Qt::SolidLine, Qt::RoundCap));
        p.setBrush(Qt::NoBrush);
        p.drawPath(loop);
        // The arrow head where the arc ends, at its right, pointing the way it turns (up).
        const QPointF tip = loop.currentPosition();
        p.setPen(Qt::NoPen);
        p.setBrush(kSuspended);
        p.drawPolygon(QPolygonF({tip + QPointF(-7, 3), tip + QPointF(7, 3), tip + QPointF(0, -8)}));
        p.setBrush(kRunning);
        p.drawEllipse(QPointF(24, 24), 5, 5);
        break;
    }
    }
    return pixmap;
}

} // namespace

QIcon ExperimentPanel::modelIcon(Model model)
{
    return QIcon(drawModel(model));
}

QString ExperimentPanel::describeModel(Model model, bool gil)
{
    switch (model) {
    case Model::Sequential:
        return tr("One thread runs the tasks one after another.");
    case Model::Threads:
        return gil ? tr("One thread per task (threading.Thread); the GIL lets one run Python at a time.")
                   : tr("One thread per task (threading.Thread); without the GIL they run Python at the "
                        "same time.");
    case Model::ThreadPool:
        return gil ? tr("K threads take tasks from a queue (ThreadPoolExecutor); the GIL lets one run Python "
                        "at a time.")
                   : tr("K threads take tasks from a queue (ThreadPoolExecutor); without the GIL they run "
                        "Python at the same time.");
    case Model::Processes:
        return gil ? tr("One child process per task (multiprocessing.Process), each with its own GIL.")
                   : tr("One child process per task (multiprocessing.Process), each with its own memory.");
    case Model::ProcessPool:
        return tr("K child processes take chunks of tasks (multiprocessing.Pool.map).");
    case Model::Asyncio:
        return tr("One thread, one event loop, a coroutine per task (asyncio.gather).");
    }
    return {};
}

ExperimentPanel::ExperimentPanel(QWidget* parent)
    : QWidget(parent)
{
    auto* workloadBox = new QGroupBox(tr("Workload"), this);
    auto* workloadForm = new QFormLayout(workloadBox);
    // A field goes under its label where the dock is too narrow for both side by side (its
    // share of a 1280 px screen in classroom mode's type), rather than the dock scrolling sideways.
    workloadForm->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_workload = new QComboBox(workloadBox);
    m_workload->setObjectName(QStringLiteral("workload"));
    m_workload->addItem(tr("CPU-bound (compute)"), static_cast<int>(WorkloadKind::Cpu));
    m_workload->addItem(tr("I/O-bound (wait)"), static_cast<int>(WorkloadKind::Io));
    m_workload->addItem(tr("Mixed"), static_cast<int>(WorkloadKind::Mixed));
    workloadForm->addRow(tr("&Kind"), m_workload);
    m_tasks = static_cast<QSpinBox*>(numberBox("tasks", workloadBox));
    workloadForm->addRow(tr("&Tasks"), m_tasks);
    m_workMs = static_cast<QDoubleSpinBox*>(numberBox("work_ms", workloadBox));
    m_workMs->setToolTip(tr("How long one task computes when it runs alone"));
    workloadForm->addRow(tr("&Compute"), m_workMs);
    m_latencyMs = static_cast<QDoubleSpinBox*>(numberBox("latency_ms", workloadBox));
    m_latencyMs->setToolTip(tr("How long one task waits, like a download or a sleep"));
    workloadForm->addRow(tr("&Wait"), m_latencyMs);
    m_mixedRounds = static_cast<QSpinBox*>(numberBox("mixed_rounds", workloadBox));
    m_mixedRounds->setToolTip(tr("Mixed: how many times a task alternates computing and waiting"));
    workloadForm->addRow(tr("&Rounds"), m_mixedRounds);

    auto* modelBox = new QGroupBox(tr("Model"), this);
    auto* modelForm = new QFormLayout(modelBox);
    modelForm->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_model = new QComboBox(modelBox);
    m_model->setObjectName(QStringLiteral("model"));
    m_model->setIconSize(QSize(28, 28));
    for (Model m : kAllModels) {
        m_model->addItem(modelIcon(m), toQString(modelName(m)), static_cast<int>(m));
        m_model->setItemData(m_model->count() - 1, describeModel(m), Qt::ToolTipRole);
    }
    modelForm->addRow(tr("&Model"), m_model);
    m_modelIcon = new QLabel(modelBox);
    m_modelIcon->setObjectName(QStringLiteral("modelIcon"));
    m_modelIcon->setFixedSize(48, 48);
    m_modelDescription = new QLabel(modelBox);
    m_modelDescription->setObjectName(QStringLiteral("modelDescription"));
    m_modelDescription->setWordWrap(true);
    auto* modelLine = new QHBoxLayout;
    modelLine->addWidget(m_modelIcon, 0, Qt::AlignTop);
    modelLine->addWidget(m_modelDescription, 1);
    modelForm->addRow(modelLine);
    m_threadWorkers = static_cast<QSpinBox*>(numberBox("thread_workers", modelBox));
    m_threadWorkers->setSpecialValueText(tr("default (%1)").arg(defaultThreadWorkers()));
    modelForm->addRow(tr("Thread &workers"), m_threadWorkers);
    m_processWorkers = static_cast<QSpinBox*>(numberBox("process_workers", modelBox));
    m_processWorkers->setSpecialValueText(tr("default (%1)").arg(defaultProcessWorkers()));
    modelForm->addRow(tr("&Process workers"), m_processWorkers);

    auto* pythonBox = new QGroupBox(tr("Python semantics"), this);
    auto* pythonForm = new QFormLayout(pythonBox);
    pythonForm->setRowWrapPolicy(QFormLayout::WrapLongRows);
    // The box says what ticking it does; the line under it what its state means now (a
    // checkbox's own text does not wrap, and a long one would widen the whole panel).
    m_gil = new QCheckBox(tr("Emulate CPython's &GIL"), pythonBox);
    m_gil->setObjectName(QStringLiteral("gil"));
    m_gil->setToolTip(tr("On: one thread runs Python at a time, as in CPython. Off: the free-threaded "
                         "build (PEP 703), where threads run Python at the same time."));
    pythonForm->addRow(m_gil);
    m_gilMeaning = new QLabel(pythonBox);
    m_gilMeaning->setObjectName(QStringLiteral("gilMeaning"));
    m_gilMeaning->setWordWrap(true);
    pythonForm->addRow(m_gilMeaning);
    m_switchIntervalMs = static_cast<QDoubleSpinBox*>(numberBox("switch_interval_ms", pythonBox));
    m_switchIntervalMs->setToolTip(
        tr("sys.getswitchinterval(): how long a thread waits before asking for the GIL"));
    pythonForm->addRow(tr("&Switch interval"), m_switchIntervalMs);
    m_processStart = new QComboBox(pythonBox);
    m_processStart->setObjectName(QStringLiteral("processStart"));
    m_processStart->addItem(QString(), static_cast<int>(ProcessStart::Python));
    m_processStart->addItem(tr("Native"), static_cast<int>(ProcessStart::Native));
    showPythonStart(m_pythonStartMs);
    pythonForm->addRow(tr("Process s&tart"), m_processStart);

    m_fieldGroups = {workloadBox, modelBox, pythonBox};

    m_runButton = new QToolButton(this);
    m_runButton->setObjectName(QStringLiteral("runButton"));
    m_stopButton = new QToolButton(this);
    m_stopButton->setObjectName(QStringLiteral("stopButton"));
    for (QToolButton* button : {m_runButton, m_stopButton}) {
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setIconSize(QSize(24, 24));
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        button->setVisible(false); // until the window hands its actions over
    }
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("panelProgress"));
    m_progress->setFormat(tr("%v of %m tasks done"));
    m_progress->setVisible(false);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_runButton);
    buttons->addWidget(m_stopButton);
    // "Run in CPython too", on a row of its own below Run: the same settings, also as a real
    // Python program.
    m_runBesideButton = new QToolButton(this);
    m_runBesideButton->setObjectName(QStringLiteral("runBesideButton"));
    m_runBesideButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_runBesideButton->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_runBesideButton->setVisible(false);

    auto* layout = new QVBoxLayout(this);
    // Narrow side margins, here and in the boxes: the widest field (a combo box's longest item,
    // the GIL's check box) then fits the dock's share of a 1024 px screen in classroom type.
    const QMargins outer = layout->contentsMargins();
    layout->setContentsMargins(kSideMargin, outer.top(), kSideMargin, outer.bottom());
    for (QGroupBox* group : m_fieldGroups) {
        const QMargins inner = group->layout()->contentsMargins();
        group->layout()->setContentsMargins(kSideMargin, inner.top(), kSideMargin, inner.bottom());
    }
    layout->addWidget(workloadBox);
    layout->addWidget(modelBox);
    layout->addWidget(pythonBox);
    layout->addLayout(buttons);
    layout->addWidget(m_runBesideButton);
    layout->addWidget(m_progress);
    layout->addStretch(1);

    setConfig(RunConfig {});

    const auto changed = [this] {
        updateEnabledFields();
        emit configChanged();
    };
    connect(m_workload, &QComboBox::currentIndexChanged, this, changed);
    connect(m_model, &QComboBox::currentIndexChanged, this, changed);
    connect(m_gil, &QCheckBox::toggled, this, changed);
    for (const auto& [box, f] : m_numbers) {
        box->installEventFilter(this);
        if (auto* whole = qobject_cast<QSpinBox*>(box))
            connect(whole, &QSpinBox::valueChanged, this, changed);
        else
            connect(static_cast<QDoubleSpinBox*>(box), &QDoubleSpinBox::valueChanged, this, changed);
    }
    connect(m_processStart, &QComboBox::currentIndexChanged, this, changed);
}

QAbstractSpinBox* ExperimentPanel::numberBox(std::string_view key, QWidget* parent)
{
    // The limits and the fineness are core's (run_fields.h): whatever a scenario, a lesson or
    // the command line may run, the panel can show and run again.
    const RunField& f = field(key);
    QAbstractSpinBox* box = nullptr;
    if (std::holds_alternative<double RunConfig::*>(f.member)) {
        auto* number = new TrimmedSpinBox(parent);
        number->setDecimals(f.decimals);
        number->setRange(f.min, f.max);
        if (key.ends_with("_ms"))
            number->setSuffix(tr(" ms"));
        box = number;
    } else {
        auto* whole = new QSpinBox(parent);
        whole->setRange(static_cast<int>(f.min), static_cast<int>(std::min<double>(f.max, INT_MAX)));
        box = whole;
    }
    box->setObjectName(camelCase(f.key));
    m_numbers.push_back({box, &f});
    return box;
}

RunConfig ExperimentPanel::config() const
{
    // What the panel does not show (a scenario's span budget) is kept as it was set.
    RunConfig c = m_base;
    c.workload = static_cast<WorkloadKind>(m_workload->currentData().toInt());
    c.model = static_cast<Model>(m_model->currentData().toInt());
    c.gil = m_gil->isChecked();
    c.processStart = static_cast<ProcessStart>(m_processStart->currentData().toInt());
    c.processStartMs = m_pythonStartMs;
    for (const auto& [box, f] : m_numbers) {
        if (const auto* whole = qobject_cast<const QSpinBox*>(box))
            setFieldValue(c, *f, whole->value());
        else
            setFieldValue(c, *f, static_cast<const QDoubleSpinBox*>(box)->value());
    }
    return c;
}

void ExperimentPanel::setPythonStartMs(double ms, const QString& python)
{
    m_measuredStartMs = ms;
    m_measuredBy = python;
    showPythonStart(ms);
    emit configChanged();
}

void ExperimentPanel::showPythonStart(double ms)
{
    m_pythonStartMs = ms;
    const int item = m_processStart->findData(static_cast<int>(ProcessStart::Python));
    const bool measured = m_measuredStartMs > 0 && ms == m_measuredStartMs;
    // Short enough for the panel at 1280 px (the tooltip says whether it was measured): a
    // measured figure exactly, an assumed one with a tilde.
    m_processStart->setItemText(item, measured ? tr("Python-like, %1 ms").arg(std::lround(ms))
                                               : tr("Python-like, ~%1 ms").arg(std::lround(ms)));
    remeasureComboBox(*m_processStart); // its minimum was the text it had before
    m_processStart->setItemData(
        item,
        measured ? tr("Each process first does %1 ms of work, as long as multiprocessing took to start a "
                      "process with %2 on this machine (measured once)")
                       .arg(std::lround(ms))
                       .arg(m_measuredBy)
                 : tr("Each process first does %1 ms of work, standing in for a Python interpreter's start-up")
                       .arg(std::lround(ms)),
        Qt::ToolTipRole);
}

void ExperimentPanel::setConfig(const RunConfig& c)
{
    const auto select = [](QComboBox* box, int value) { box->setCurrentIndex(box->findData(value)); };
    select(m_workload, static_cast<int>(c.workload));
    select(m_model, static_cast<int>(c.model));
    select(m_processStart, static_cast<int>(c.processStart));
    showPythonStart(c.processStartMs);
    m_base = c;
    for (const auto& [box, f] : m_numbers) {
        if (auto* whole = qobject_cast<QSpinBox*>(box))
            whole->setValue(static_cast<int>(fieldValue(c, *f)));
        else
            static_cast<QDoubleSpinBox*>(box)->setValue(fieldValue(c, *f));
    }
    m_gil->setChecked(c.gil);
    updateEnabledFields();
}

void ExperimentPanel::updateEnabledFields()
{
    const RunConfig c = config();
    m_modelDescription->setText(describeModel(c.model, c.gil));
    m_gilMeaning->setText(c.gil ? tr("One thread runs Python at a time.")
                                : tr("Off: free-threaded, threads run Python at the same time."));
    for (int i = 0; i < m_model->count(); ++i)
        m_model->setItemData(i, describeModel(static_cast<Model>(m_model->itemData(i).toInt()), c.gil), Qt::ToolTipRole);
    m_modelIcon->setPixmap(modelIcon(c.model).pixmap(QSize(48, 48)));
    m_mixedRounds->setEnabled(c.workload == WorkloadKind::Mixed);
    m_workMs->setEnabled(c.workload != WorkloadKind::Io);
    m_latencyMs->setEnabled(c.workload != WorkloadKind::Cpu);
    m_threadWorkers->setEnabled(c.model == Model::ThreadPool);
    m_processWorkers->setEnabled(c.model == Model::ProcessPool);
    m_switchIntervalMs->setEnabled(c.gil);
    m_processStart->setEnabled(usesProcesses(c.model));
}

} // namespace interleave

namespace interleave {

bool ExperimentPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Space && key->modifiers() == Qt::NoModifier) {
            event->ignore(); // not claimed: the window's shortcut takes it
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ExperimentPanel::setRunActions(QAction* run, QAction* stop)
{
    m_runButton->setDefaultAction(run);
    m_stopButton->setDefaultAction(stop);
    m_runButton->setVisible(run != nullptr);
    m_stopButton->setVisible(stop != nullptr);
}

void ExperimentPanel::setRunBesideAction(QAction* action)
{
    m_runBesideButton->setDefaultAction(action);
    m_runBesideButton->setVisible(action != nullptr);
}

void ExperimentPanel::setRunning(bool running)
{
    for (QGroupBox* group : m_fieldGroups)
        group->setEnabled(!running);
    m_progress->setVisible(running);
    if (running)
        setProgress(0, 0);
}

void ExperimentPanel::setProgress(int done, int total)
{
    if (total <= 0) {
        m_progress->setRange(0, 0); // busy
        return;
    }
    m_progress->setRange(0, total);
    m_progress->setValue(std::clamp(done, 0, total));
}

namespace {

const QString kGroup = QStringLiteral("experiment");

// A stored number, or the fallback when it is missing, not a number or outside [min, max].
double storedNumber(const QSettings& settings, const QString& key, double fallback, double min, double max)
{
    bool ok = false;
    const double value = settings.value(key).toDouble(&ok);
    return ok && std::isfinite(value) && value >= min && value <= max ? value : fallback;
}

} // namespace

void ExperimentPanel::saveSettings(QSettings& settings) const
{
    const RunConfig c = config();
    settings.beginGroup(kGroup);
    settings.setValue(QStringLiteral("workload"), toQString(workloadName(c.workload)));
    settings.setValue(QStringLiteral("model"), toQString(modelName(c.model)));
    for (const RunField& f : runFields()) {
        if (!f.inSettings)
            continue;
        std::visit(
            [&](auto member) {
                if constexpr (std::is_same_v<decltype(member), bool RunConfig::*>)
                    settings.setValue(camelCase(f.key), c.*member);
                else if constexpr (std::is_same_v<decltype(member), double RunConfig::*>)
                    settings.setValue(camelCase(f.key), c.*member);
                else
                    settings.setValue(camelCase(f.key), static_cast<qlonglong>(c.*member));
            },
            f.member);
    }
    settings.setValue(QStringLiteral("processStart"), toQString(processStartName(c.processStart)));
    settings.endGroup();
}

void ExperimentPanel::restoreSettings(QSettings& settings)
{
    // Ranges are core's (run_fields.h), so a stored value no run could take is not taken.
    const RunConfig defaults;
    RunConfig c = defaults;
    settings.beginGroup(kGroup);
    const auto text
        = [&](const char* key) { return settings.value(QLatin1String(key)).toString().toStdString(); };
    c.workload = workloadFromName(text("workload")).value_or(defaults.workload);
    c.model = modelFromName(text("model")).value_or(defaults.model);
    c.processStart = processStartFromName(text("processStart")).value_or(defaults.processStart);
    for (const RunField& f : runFields()) {
        if (!f.inSettings)
            continue;
        const QString key = camelCase(f.key);
        if (std::holds_alternative<bool RunConfig::*>(f.member)) {
            const QVariant stored = settings.value(key);
            if (stored.isValid())
                setFieldValue(c, f, stored.toBool() ? 1 : 0);
        } else {
            setFieldValue(c, f, storedNumber(settings, key, fieldValue(defaults, f), f.min, f.max));
        }
    }
    settings.endGroup();
    setConfig(c);
}

} // namespace interleave
