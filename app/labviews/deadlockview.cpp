#include "labviews/deadlockview.h"

#include "labviews/lockview_support.h"
#include "labviews/waitforgraphwidget.h"
#include "qtext.h"
#include "teachviews/lessonmarkup.h"
#include "timeline/timelinewidget.h"
#include "trace/duration_text.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cstdio>
#include <stdexcept>

namespace interleave {

DeadlockView::DeadlockView(QWidget* parent)
    : QWidget(parent)
{
    setFont(labFont(kLabBodyPt));

    m_scenario = new QComboBox(this);
    m_scenario->addItem(
        QStringLiteral("Dining philosophers"), static_cast<int>(DeadlockScenario::Philosophers));
    m_scenario->addItem(
        QStringLiteral("Two locks, opposite orders"), static_cast<int>(DeadlockScenario::TwoLocks));
    m_philosophersLabel = new QLabel(QStringLiteral("Philosophers:"), this);
    m_philosophers = new QSpinBox(this);
    m_philosophers->setRange(DeadlockConfig::kMinPhilosophers, DeadlockConfig::kMaxPhilosophers);
    m_runButton = new QPushButton(QStringLiteral("Run"), this);
    m_runButton->setDefault(true);
    m_fixButton = new QPushButton(QStringLiteral("Fix by lock ordering"), this);
    m_stopButton = new QPushButton(QStringLiteral("Stop"), this);
    m_stopButton->setEnabled(false);

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(QStringLiteral("Scenario:"), this));
    controls->addWidget(m_scenario);
    controls->addSpacing(12);
    controls->addWidget(m_philosophersLabel);
    controls->addWidget(m_philosophers);
    controls->addStretch(1);
    controls->addWidget(m_runButton);
    controls->addWidget(m_fixButton);
    controls->addWidget(m_stopButton);

    m_title = makeLabText(this, kLabTitlePt, true);
    m_explanation = makeLabText(this);
    m_explanation->setTextFormat(Qt::RichText); // the demo's text marks code with backticks
    m_python = makeLabCode(this);
    m_result = makeLabText(this, kLabBodyPt, true);
    m_graph = new WaitForGraphWidget(this);
    m_timeline = new TimelineWidget(this);
    QFont timelineFont = m_timeline->font();
    timelineFont.setPointSizeF(12);
    m_timeline->setFont(timelineFont);

    // The explanation above its Python: side by side, the code's longest line squeezed the
    // prose into a column a word wide.
    auto* right = new QVBoxLayout;
    right->addWidget(m_explanation);
    right->addWidget(m_python);
    right->addWidget(m_result);
    right->addWidget(m_timeline, 1);

    auto* body = new QHBoxLayout;
    body->addWidget(m_graph, 5);
    body->addLayout(right, 6);

    auto* root = new QVBoxLayout(this);
    root->addLayout(controls);
    root->addWidget(m_title);
    root->addLayout(body, 1);

    connect(m_scenario, &QComboBox::currentIndexChanged, this, &DeadlockView::scenarioChanged);
    connect(m_philosophers, &QSpinBox::valueChanged, this, [this] { showTexts(config()); });
    connect(m_runButton, &QPushButton::clicked, this, [this] { start(false); });
    connect(m_fixButton, &QPushButton::clicked, this, [this] { start(true); });
    connect(m_stopButton, &QPushButton::clicked, this, &DeadlockView::stop);

    setConfig(DeadlockConfig {});
}

DeadlockView::~DeadlockView() = default; // the run's destructor stops and joins

void DeadlockView::setConfig(const DeadlockConfig& config)
{
    const QSignalBlocker b1(m_scenario);
    const QSignalBlocker b2(m_philosophers);
    m_scenario->setCurrentIndex(m_scenario->findData(static_cast<int>(config.scenario)));
    m_philosophers->setValue(
        std::clamp(config.philosophers, DeadlockConfig::kMinPhilosophers, DeadlockConfig::kMaxPhilosophers));
    const bool philosophers = config.scenario == DeadlockScenario::Philosophers;
    m_philosophersLabel->setVisible(philosophers);
    m_philosophers->setVisible(philosophers);
    m_ordered = config.ordered;
    showTexts(config);
}

DeadlockConfig DeadlockView::config() const
{
    DeadlockConfig config;
    config.showDeadlockNs = kShowDeadlockNs;
    config.scenario = static_cast<DeadlockScenario>(m_scenario->currentData().toInt());
    config.philosophers = m_philosophers->value();
    config.ordered = m_ordered;
    return config;
}

void DeadlockView::scenarioChanged()
{
    if (isRunning())
        stop();
    DeadlockConfig c = config();
    c.ordered = false;
    setConfig(c);
    m_result->clear();
    m_graph->setGraph(WaitForGraph {});
    m_timeline->setTrace(Trace());
}

void DeadlockView::showTexts(const DeadlockConfig& config)
{
    m_title->setText(QString::fromStdString(deadlockTitle(config)));
    m_explanation->setText(lessonMarkupToHtml(deadlockExplanation(config)));
    m_python->setText(QString::fromStdString(deadlockPython(config)));
}

bool DeadlockView::start(bool ordered, QString* error)
{
    if (m_run)
        return false;
    DeadlockConfig settings = config();
    settings.ordered = ordered;
    auto run = std::make_unique<DeadlockRun>(settings);
    try {
        run->start();
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        m_result->setText(QString::fromStdString(e.what()));
        return false;
    }
    m_run = std::move(run);
    m_lastRunConfig = settings;
    m_lastResult.reset();
    m_lastError.clear();
    m_ordered = ordered;
    showTexts(settings);
    m_result->setText(QStringLiteral("Running..."));
    m_graph->setGraph(WaitForGraph {});
    m_timeline->setTrace(Trace());
    m_timeline->setFollowLive(true);
    setRunning(true);
    m_poller.watch(m_run->job(), {.snapshot = [this] { showLive(); }, .finished = [this] { finishRun(); }});
    return true;
}

void DeadlockView::stop()
{
    if (m_run)
        m_run->requestStop();
}

void DeadlockView::setRunning(bool running)
{
    m_runButton->setEnabled(!running);
    m_fixButton->setEnabled(!running);
    m_stopButton->setEnabled(running);
}

void DeadlockView::showLive()
{
    m_timeline->setTrace(Trace::fromSnapshot(m_run->recorder().snapshot()));
    m_graph->setGraph(m_run->liveGraph());
    if (m_graph->cycle()) // the end, if it has come, says more in finishRun()
        m_result->setText(QStringLiteral("Deadlocked: the watchdog found the cycle. Stopping the run..."));
}

void DeadlockView::finishRun()
{
    if (!m_run->error().empty()) {
        m_lastError = m_run->error();
        m_result->setText(QString::fromStdString(m_run->error()));
    } else {
        m_lastResult = m_run->result();
        m_graph->setGraph(m_run->result().graph);
        showResult(m_run->result());
    }
    m_run.reset();
    m_timeline->fitToTrace();
    setRunning(false);
    emit runFinished();
}

void DeadlockView::showResult(const DeadlockResult& r)
{
    if (r.deadlocked) {
        m_result->setText(
            QStringLiteral("Deadlocked. The watchdog found the cycle %1 after the start (%2 after it "
                           "formed), left it standing %3 to show it, then stopped the run: every thread "
                           "gave up and was joined.")
                .arg(durationLabel(r.detectedAfterNs), durationLabel(r.report->latencyNs()),
                    durationLabel(kShowDeadlockNs)));
    } else if (r.stopped) {
        m_result->setText(QStringLiteral("Stopped: %1 of %2 meals eaten.").arg(r.meals).arg(r.mealsPlanned));
    } else {
        m_result->setText(QStringLiteral("No deadlock: all %1 meals eaten in %2.")
                              .arg(r.mealsPlanned)
                              .arg(durationLabel(r.wallNs)));
    }
}

void DeadlockView::showRun(const DeadlockConfig& config, const DeadlockResult& result, const Trace& trace)
{
    setConfig(config);
    m_graph->setGraph(result.graph);
    showResult(result);
    m_timeline->setFollowLive(false);
    m_timeline->setTrace(trace);
    m_timeline->fitToTrace();
}

QString DeadlockView::resultText() const
{
    return m_result->text();
}

void DeadlockView::setTheme(TimelineTheme theme)
{
    applyLabTheme(*this, theme);
    m_timeline->setTheme(theme);
    m_graph->setTheme(theme);
}

QImage renderDeadlockView(
    const DeadlockConfig& config, QSize size, qreal scale, TimelineTheme theme, std::stop_token stop)
{
    if (auto problem = validate(config))
        throw std::invalid_argument(*problem);
    DeadlockConfig shown = config;
    shown.showDeadlockNs = std::max(shown.showDeadlockNs, DeadlockView::kShowDeadlockNs);
    Recorder recorder;
    const DeadlockResult result = runDeadlockDemo(shown, recorder, stop);
    if (stop.stop_requested())
        throw std::runtime_error("stopped before the end");
    const Trace trace = Trace::fromSnapshot(recorder.snapshot());

    DeadlockView view;
    view.setTheme(theme);
    view.showRun(config, result, trace);
    return renderLabWidget(view, size, scale, [&view] { view.timeline()->fitToTrace(); });
}

} // namespace interleave
