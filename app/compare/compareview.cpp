#include "compare/compareview.h"
#include "io/output_file.h"

#include "analysis/amdahl.h"
#include "analysis/csv.h"
#include "analysis/other_cpu_load.h"
#include "analysis/sweep.h"
#include "charts/comparechart.h"
#include "charts/cpuchart.h"
#include "charts/sweepchart.h"
#include "compare/comparecaptions.h"
#include "foldingrowlayout.h"
#include "trace/duration_text.h"
#include "wraplayout.h"

#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace interleave {

namespace {

QDoubleSpinBox* msSpin(double value, QWidget* parent)
{
    auto* spin = new QDoubleSpinBox(parent);
    spin->setRange(0, 10'000);
    spin->setDecimals(0);
    spin->setSingleStep(50);
    spin->setSuffix(QStringLiteral(" ms"));
    spin->setValue(value);
    return spin;
}

// How often each point runs: one run on a shared machine can be off by half.
QSpinBox* repeatSpin(QWidget* parent)
{
    auto* spin = new QSpinBox(parent);
    spin->setRange(1, 20);
    spin->setSuffix(QStringLiteral(" ×"));
    spin->setToolTip(QObject::tr("Runs per point, taken in turns; the bars show the median, the whiskers "
                                 "the fastest and the slowest run"));
    return spin;
}

// A label and its field side by side, kept together in a row of controls that wraps.
void addField(WrapLayout* row, const QString& label, QWidget* field)
{
    auto* l = new QLabel(label, field->parentWidget());
    l->setBuddy(field);
    auto* pair = new QHBoxLayout;
    pair->addWidget(l);
    pair->addWidget(field);
    row->addLayout(pair);
}

} // namespace

CompareView::CompareView(QWidget* parent)
    : QWidget(parent)
{
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(createModelsTab(), tr("Models"));
    m_tabs->addTab(createSweepTab(), tr("Workers sweep"));

    m_progress = new QProgressBar(this);
    m_progress->setFormat(tr("%v of %m"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setMaximumWidth(220);
    m_progressLabel = new QLabel(tr("Choose a workload and run all six models"), this);
    // Wraps beside the buttons rather than widening the tab past a 1024 px screen's (classroom type).
    m_progressLabel->setWordWrap(true);
    m_stopButton = new QPushButton(tr("Stop"), this);
    m_exportButton = new QPushButton(tr("Export CSV…"), this);
    m_exportButton->setToolTip(tr("Every result of the last comparison and the last sweep, one row per run"));
    connect(m_stopButton, &QPushButton::clicked, this, &CompareView::stop);
    connect(m_exportButton, &QPushButton::clicked, this, &CompareView::chooseCsvFile);

    auto* status = new QHBoxLayout;
    status->addWidget(m_progress);
    status->addWidget(m_progressLabel, 1);
    status->addWidget(m_stopButton);
    status->addWidget(m_exportButton);

    m_cpuChart = new CpuChart(this);
    m_cpuChart->setObjectName(QStringLiteral("cpuChart"));
    m_cpuChart->setWindowSeconds(30);
    m_cpuChart->setFixedHeight(200);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 3);
    layout->addLayout(status);
    layout->addWidget(m_cpuChart);

    showCompareRuns();
    showSweepRuns();
    updateButtons();
}

CompareView::~CompareView() = default; // the job's destructor stops and joins

QWidget* CompareView::createModelsTab()
{
    auto* tab = new QWidget(this);
    m_tasks = new QSpinBox(tab);
    m_tasks->setRange(1, 256);
    m_latency = msSpin(200, tab);
    m_latency->setToolTip(tr("I/O-bound: how long each task waits (a download, a query)"));
    m_work = msSpin(150, tab);
    m_work->setToolTip(tr("CPU-bound: how long each task computes, alone on a core"));
    m_ioBox = new QCheckBox(tr("I/O-bound"), tab);
    m_cpuBox = new QCheckBox(tr("CPU-bound"), tab);
    m_gilBox = new QCheckBox(tr("GIL"), tab);
    m_gilBox->setToolTip(tr("On: CPython's GIL. Off: the free-threaded build (PEP 703)"));
    m_repeat = repeatSpin(tab);
    m_runAllButton = new QPushButton(tr("Run all models"), tab);
    m_runAllButton->setDefault(true);
    connect(m_runAllButton, &QPushButton::clicked, this, [this] { runAllModels(); });

    // Wraps where the tab is narrow (beside a lesson, classroom type).
    auto* controls = new WrapLayout;
    controls->setSpacing(10);
    addField(controls, tr("Tasks"), m_tasks);
    addField(controls, tr("Wait per task"), m_latency);
    addField(controls, tr("Compute per task"), m_work);
    controls->addWidget(m_ioBox);
    controls->addWidget(m_cpuBox);
    controls->addWidget(m_gilBox);
    addField(controls, tr("Repeat"), m_repeat);
    controls->addStretch();
    controls->addWidget(m_runAllButton);

    m_wallChart = new CompareChart(CompareChart::Metric::WallTime, tab);
    m_wallChart->setObjectName(QStringLiteral("wallTimeChart"));
    // The speedup chart right below has the same colours and the legend; the height is better
    // spent on the bars.
    m_wallChart->chart()->legend()->hide();
    m_speedupChart = new CompareChart(CompareChart::Metric::Speedup, tab);
    m_speedupChart->setObjectName(QStringLiteral("speedupChart"));
    // Stacked, so each chart has the full width: six categories side by side need about
    // 110 px each before QtCharts cuts "processes" to "proces...".
    auto* charts = new QVBoxLayout;
    charts->addWidget(m_wallChart, 1);
    charts->addWidget(m_speedupChart, 1);

    m_captions = new QLabel(tab);
    m_captions->setObjectName(QStringLiteral("captions"));
    m_captions->setWordWrap(true);
    m_captions->setTextFormat(Qt::RichText);
    m_captions->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_captions->setMinimumWidth(300);
    m_captions->setMaximumWidth(460);

    // With ranges and busy notes the captions can outgrow a 1280x800 window: they scroll
    // rather than being cut off.
    auto* captionScroll = new QScrollArea(tab);
    captionScroll->setWidget(m_captions);
    captionScroll->setWidgetResizable(true);
    captionScroll->setFrameShape(QFrame::NoFrame);
    captionScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    captionScroll->setMinimumWidth(m_captions->minimumWidth() + 16);
    captionScroll->setMaximumWidth(m_captions->maximumWidth() + 16);

    // The captions beside the charts, or under them where the tab is narrow.
    auto* body = new FoldingRowLayout;
    body->addLayout(charts, 1);
    body->addWidget(captionScroll);

    auto* layout = new QVBoxLayout(tab);
    layout->addLayout(controls);
    layout->addLayout(body, 1);
    setCompareSettings({});
    return tab;
}

QWidget* CompareView::createSweepTab()
{
    auto* tab = new QWidget(this);
    m_sweepModel = new QComboBox(tab);
    m_sweepModel->addItem(tr("process_pool (multiprocessing.Pool)"), static_cast<int>(Model::ProcessPool));
    m_sweepModel->addItem(tr("thread_pool (ThreadPoolExecutor)"), static_cast<int>(Model::ThreadPool));
    m_sweepWorkload = new QComboBox(tab);
    m_sweepWorkload->addItem(tr("CPU-bound"), static_cast<int>(WorkloadKind::Cpu));
    m_sweepWorkload->addItem(tr("I/O-bound"), static_cast<int>(WorkloadKind::Io));
    m_sweepTasks = new QSpinBox(tab);
    m_sweepTasks->setRange(1, 256);
    m_sweepTaskMs = msSpin(100, tab);
    m_sweepTaskMs->setToolTip(tr("Each task's compute (CPU-bound) or wait (I/O-bound)"));
    m_sweepWorkers = new QLineEdit(tab);
    m_sweepWorkers->setToolTip(tr("A list and ranges, e.g. 1,2,4,8 or 1-16"));
    m_sweepWorkers->setMinimumWidth(140);
    m_sweepRepeat = repeatSpin(tab);
    m_runSweepButton = new QPushButton(tr("Run sweep"), tab);
    connect(m_runSweepButton, &QPushButton::clicked, this, [this] { runSweep(); });
    connect(m_sweepWorkers, &QLineEdit::returnPressed, this, [this] { runSweep(); });

    auto* controls = new WrapLayout;
    controls->setSpacing(10);
    addField(controls, tr("Pool"), m_sweepModel);
    addField(controls, tr("Work"), m_sweepWorkload);
    addField(controls, tr("Tasks"), m_sweepTasks);
    addField(controls, tr("Per task"), m_sweepTaskMs);
    addField(controls, tr("Workers"), m_sweepWorkers);
    addField(controls, tr("Repeat"), m_sweepRepeat);
    controls->addStretch();
    controls->addWidget(m_runSweepButton);

    m_sweepChart = new SweepChart(tab);
    m_sweepChart->setObjectName(QStringLiteral("sweepChart"));
    m_sweepCaption = new QLabel(tab);
    m_sweepCaption->setWordWrap(true);

    auto* layout = new QVBoxLayout(tab);
    layout->addLayout(controls);
    layout->addWidget(m_sweepChart, 1);
    layout->addWidget(m_sweepCaption);
    setSweepSettings({});
    return tab;
}

CompareView::CompareSettings CompareView::settingsFor(const RunConfig& run)
{
    constexpr int kMaxTasks = 8;
    constexpr double kMaxLatencyMs = 250;
    constexpr double kMaxWorkMs = 100;
    constexpr double kDefaultLatencyMs = 200;
    constexpr double kDefaultWorkMs = 100;
    CompareSettings s;
    s.tasks = std::clamp(run.tasks, 1, kMaxTasks);
    const bool waits = run.workload != WorkloadKind::Cpu && run.latencyMs > 0;
    const bool computes = run.workload != WorkloadKind::Io && run.workMs > 0;
    s.latencyMs = waits ? std::min(run.latencyMs, kMaxLatencyMs) : kDefaultLatencyMs;
    s.workMs = computes ? std::min(run.workMs, kMaxWorkMs) : kDefaultWorkMs;
    s.io = true;
    s.cpu = true;
    s.gil = run.gil;
    return s;
}

CompareView::CompareSettings CompareView::compareSettings() const
{
    CompareSettings s;
    s.tasks = m_tasks->value();
    s.latencyMs = m_latency->value();
    s.workMs = m_work->value();
    s.io = m_ioBox->isChecked();
    s.cpu = m_cpuBox->isChecked();
    s.gil = m_gilBox->isChecked();
    s.repeat = m_repeat->value();
    return s;
}

void CompareView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_captions != nullptr)
        showCompareCaptions();
}

void CompareView::setCompareSettings(const CompareSettings& s)
{
    m_tasks->setValue(s.tasks);
    m_latency->setValue(s.latencyMs);
    m_work->setValue(s.workMs);
    m_ioBox->setChecked(s.io);
    m_cpuBox->setChecked(s.cpu);
    m_gilBox->setChecked(s.gil);
    m_repeat->setValue(s.repeat);
}

CompareView::SweepSettings CompareView::sweepSettings() const
{
    SweepSettings s;
    s.model = static_cast<Model>(m_sweepModel->currentData().toInt());
    s.workload = static_cast<WorkloadKind>(m_sweepWorkload->currentData().toInt());
    s.tasks = m_sweepTasks->value();
    s.taskMs = m_sweepTaskMs->value();
    s.workers = m_sweepWorkers->text();
    s.repeat = m_sweepRepeat->value();
    return s;
}

void CompareView::setSweepSettings(const SweepSettings& s)
{
    m_sweepModel->setCurrentIndex(std::max(0, m_sweepModel->findData(static_cast<int>(s.model))));
    m_sweepWorkload->setCurrentIndex(std::max(0, m_sweepWorkload->findData(static_cast<int>(s.workload))));
    m_sweepTasks->setValue(s.tasks);
    m_sweepTaskMs->setValue(s.taskMs);
    m_sweepWorkers->setText(s.workers);
    m_sweepRepeat->setValue(s.repeat);
}

bool CompareView::fail(const QString& title, const QString& problem, QString* error)
{
    if (error != nullptr)
        *error = problem;
    else
        QMessageBox::warning(this, title, problem);
    return false;
}

bool CompareView::runAllModels(QString* error)
{
    const CompareSettings s = compareSettings();
    if (!s.io && !s.cpu)
        return fail(tr("Cannot run"), tr("Choose I/O-bound, CPU-bound or both"), error);
    std::vector<AnalysisJob::Step> steps;
    for (WorkloadKind kind : {WorkloadKind::Io, WorkloadKind::Cpu}) {
        if ((kind == WorkloadKind::Io && !s.io) || (kind == WorkloadKind::Cpu && !s.cpu))
            continue;
        AnalysisJob::Step step;
        step.config.workload = kind;
        step.config.tasks = s.tasks;
        step.config.latencyMs = s.latencyMs;
        step.config.workMs = s.workMs;
        step.config.gil = s.gil;
        step.config.workerPath = m_workerPath.toStdString();
        step.models.assign(kAllModels.begin(), kAllModels.end());
        step.repeat = s.repeat;
        steps.push_back(step);
    }
    return startJob(JobKind::Compare, std::move(steps), error);
}

bool CompareView::runSweep(QString* error)
{
    const SweepSettings s = sweepSettings();
    AnalysisJob::Step step;
    step.kind = AnalysisJob::Step::Kind::Sweep;
    try {
        step.workers = parseWorkerList(s.workers.toStdString());
    } catch (const std::exception& e) {
        return fail(tr("Cannot run"), QString::fromStdString(e.what()), error);
    }
    step.config.model = s.model;
    step.config.workload = s.workload;
    step.config.tasks = s.tasks;
    step.config.workMs = s.taskMs;
    step.config.latencyMs = s.taskMs;
    step.repeat = s.repeat;
    step.config.workerPath = m_workerPath.toStdString();
    return startJob(JobKind::Sweep, {step}, error);
}

bool CompareView::startJob(JobKind kind, std::vector<AnalysisJob::Step> steps, QString* error)
{
    if (m_job)
        return fail(tr("Cannot run"), tr("Stop the run under way first"), error);
    auto job = std::make_unique<AnalysisJob>(std::move(steps));
    try {
        job->start();
    } catch (const std::exception& e) {
        return fail(tr("Cannot run"), QString::fromStdString(e.what()), error);
    }
    m_job = std::move(job);
    m_jobKind = kind;
    m_shownRuns = 0;
    if (kind == JobKind::Compare) {
        m_shownSettings = compareSettings();
        m_compareRuns.clear();
        showCompareRuns();
    } else {
        m_sweepRuns.clear();
        m_fittedP.reset();
        m_startupFit.reset();
        showSweepRuns();
    }
    m_tabs->setCurrentIndex(kind == JobKind::Compare ? 0 : 1);
    m_cpuChart->clearSamples();
    m_cpuChart->startSampling();
    m_poller.watch(m_job->job(), {.snapshot = [this] { showProgress(); }, .finished = [this] { finishJob(); }});
    showProgress();
    updateButtons();
    return true;
}

void CompareView::stop()
{
    if (m_job)
        m_job->requestStop();
}

void CompareView::showProgress()
{
    const AnalysisJob::Progress progress = m_job->progress();
    m_progress->setRange(0, std::max(progress.total, 1));
    m_progress->setValue(progress.done);
    if (!progress.current.empty())
        m_progressLabel->setText(tr("Running %1 · %2 of %3 runs")
                                     .arg(QString::fromStdString(progress.current))
                                     .arg(progress.done + 1)
                                     .arg(progress.total));
    if (static_cast<std::size_t>(progress.done) != m_shownRuns)
        takeRuns();
}

void CompareView::takeRuns()
{
    m_shownRuns = static_cast<std::size_t>(m_job->progress().done);
    if (m_jobKind == JobKind::Compare) {
        m_compareRuns = m_job->runs();
        showCompareRuns();
    } else {
        m_sweepRuns = m_job->runs();
        showSweepRuns();
    }
}

void CompareView::finishJob()
{
    takeRuns(); // the job has finished: every run is in
    const AnalysisJob::Progress progress = m_job->progress();
    const QString problem = QString::fromStdString(m_job->error());
    const bool complete = progress.done == progress.total;
    m_cpuChart->stopSampling();
    m_job.reset();
    if (!problem.isEmpty())
        m_progressLabel->setText(tr("Stopped by an error: %1").arg(problem));
    else if (!complete)
        m_progressLabel->setText(
            tr("Stopped after %1 of %2 runs; what ran is shown").arg(progress.done).arg(progress.total));
    else
        m_progressLabel->setText(tr("Done: %1 runs").arg(progress.done));
    updateButtons();
    emit runFinished();
}

void CompareView::updateButtons()
{
    const bool running = isRunning();
    m_runAllButton->setEnabled(!running);
    m_runSweepButton->setEnabled(!running);
    m_stopButton->setEnabled(running);
    m_exportButton->setEnabled(!running && (!m_compareRuns.empty() || !m_sweepRuns.empty()));
}

} // namespace interleave
