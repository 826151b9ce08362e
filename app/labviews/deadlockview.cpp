#include "labviews/deadlockview.h"

#include "foldingrowlayout.h"
#include "lab/wait_for_graph_at.h"
#include "labviews/labreplay.h"
#include "labviews/lockview_support.h"
#include "labviews/waitforgraphwidget.h"
#include "qtext.h"
#include "timeline/timelinewidget.h"
#include "trace/duration_text.h"
#include "wraplayout.h"

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
    : LabDemoView(parent)
{
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

    // Wraps where the tab is narrow (beside a lesson, classroom type): each label stays with
    // its field, and the buttons at the right end of their row.
    auto* controls = new WrapLayout;
    auto* scenario = new QHBoxLayout;
    scenario->addWidget(new QLabel(QStringLiteral("Scenario:"), this));
    scenario->addWidget(m_scenario);
    controls->addLayout(scenario);
    auto* philosophers = new QHBoxLayout;
    philosophers->addWidget(m_philosophersLabel);
    philosophers->addWidget(m_philosophers);
    controls->addLayout(philosophers);
    controls->addStretch();
    controls->addWidget(m_runButton);
    controls->addWidget(m_fixButton);
    controls->addWidget(m_stopButton);

    makeTexts();
    m_graph = new WaitForGraphWidget(this);
    makeTimeline();

    // The explanation above its Python: side by side, the code's longest line squeezed the
    // prose into a column a word wide.
    auto* right = new QVBoxLayout;
    right->addWidget(m_explanation);
    right->addWidget(m_python);
    right->addWidget(m_outcome);
    right->addWidget(m_timeline, 1);

    // The replay's bar over the graph, the star of a replay: that column is shorter than the
    // texts and the timeline beside it, so the bar costs the tab no height, and at its top it
    // stays in sight where the tab is taller than the window and scrolls.
    auto* left = new QVBoxLayout;
    left->addWidget(m_replay);
    left->addWidget(m_graph, 1);

    // The graph beside the texts and the timeline, or above them where the tab is narrow.
    auto* body = new FoldingRowLayout;
    body->addLayout(left, 5);
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
    // The graph is the trace's at the instant on show: live, the end of what was recorded;
    // replayed, the playhead's.
    connect(m_replay, &LabReplay::shownTimeChanged, this, &DeadlockView::showGraphAtShownTime);

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
    m_outcome->clear();
    clearRun();
}

void DeadlockView::showTexts(const DeadlockConfig& config)
{
    setTexts(QString::fromStdString(deadlockTitle(config)), deadlockExplanation(config), deadlockPython(config));
}

bool DeadlockView::start(bool ordered, QString* error)
{
    if (m_run)
        return false;
    DeadlockConfig settings = config();
    settings.ordered = ordered;
    if (!startRun(std::make_unique<DeadlockRun>(settings), error))
        return false;
    m_lastRunConfig = settings;
    m_lastResult.reset();
    m_lastError.clear();
    m_ordered = ordered;
    showTexts(settings);
    return true;
}

void DeadlockView::setRunning(bool running)
{
    LabDemoView::setRunning(running);
    m_fixButton->setEnabled(!running);
}

void DeadlockView::showGraphAtShownTime()
{
    const std::optional<TimeNs> at = m_replay->shownTime();
    m_graph->setGraph(at ? waitForGraphAt(m_timeline->trace(), *at) : WaitForGraph {});
}

void DeadlockView::showLive()
{
    LabDemoView::showLive(); // the timeline, and the graph at the end of what it shows
    // Said when the watchdog has seen the cycle, which the graph shows from the instant it closed.
    if (findWaitCycle(m_run->liveGraph())) // the end, if it has come, says more in showEnd()
        m_outcome->setText(QStringLiteral("Deadlocked: the watchdog found the cycle. Stopping the run..."));
}

void DeadlockView::showEnd(const DeadlockRun& run)
{
    if (!run.error().empty()) {
        m_lastError = run.error();
        m_outcome->setText(QString::fromStdString(run.error()));
    } else {
        m_lastResult = run.result();
        showResult(run.result());
    }
}

void DeadlockView::showResult(const DeadlockResult& r)
{
    if (r.deadlocked) {
        m_outcome->setText(
            QStringLiteral("Deadlocked. The watchdog found the cycle %1 after the start (%2 after it "
                           "formed), left it standing %3 to show it, then stopped the run: every thread "
                           "gave up and was joined.")
                .arg(durationLabel(r.detectedAfterNs), durationLabel(r.report->latencyNs()),
                    durationLabel(kShowDeadlockNs)));
    } else if (r.stopped) {
        m_outcome->setText(QStringLiteral("Stopped: %1 of %2 meals eaten.").arg(r.meals).arg(r.mealsPlanned));
    } else {
        m_outcome->setText(QStringLiteral("No deadlock: all %1 meals eaten in %2.")
                              .arg(r.mealsPlanned)
                              .arg(durationLabel(r.wallNs)));
    }
}

void DeadlockView::showRun(const DeadlockConfig& config, const DeadlockResult& result, const Trace& trace)
{
    setConfig(config);
    showResult(result);
    showEndedTrace(trace); // the graph, the trace's at its end
}

void DeadlockView::showSavedRun(const Trace& trace)
{
    if (const std::optional<DeadlockConfig> saved = deadlockConfigFromMetadata(trace.metadata()))
        setConfig(*saved);
    const std::optional<TimeNs> closed = firstCycleAt(trace.lockLog());
    m_outcome->setText(closed
            ? QStringLiteral("A saved run: it deadlocked, the cycle closing %1 after its start. Its replay "
                             "redraws the wait-for graph at the playhead.")
                  .arg(durationLabel(*closed - trace.startTime()))
            : QStringLiteral("A saved run: no deadlock. Its replay redraws the wait-for graph at the playhead."));
    showEndedTrace(trace); // the graph, the trace's at its end
}

QString DeadlockView::resultText() const
{
    return m_outcome->text();
}

void DeadlockView::setTheme(TimelineTheme theme)
{
    LabDemoView::setTheme(theme);
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
    return renderEndedRun<DeadlockView>(config, result, recorder, stop, size, scale, theme);
}

bool isSavedDeadlockRun(const Trace& trace)
{
    return deadlockConfigFromMetadata(trace.metadata()).has_value() && !trace.lockLog().empty();
}

QImage renderSavedDeadlockView(const Trace& trace, QSize size, qreal scale, TimelineTheme theme)
{
    DeadlockView view;
    view.setTheme(theme);
    view.showSavedRun(trace);
    return renderLabWidget(view, size, scale, [&view] { view.timeline()->fitToTrace(); });
}

} // namespace interleave
