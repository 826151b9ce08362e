#include "labviews/lockview.h"

#include "foldingrowlayout.h"
#include "labviews/labreplay.h"
#include "labviews/lockview_support.h"
#include "timeline/timelinewidget.h"
#include "wraplayout.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <stdexcept>

namespace interleave {
namespace {

constexpr int kSidePanelWidth = 470;

QString joinLines(const std::vector<std::string>& lines)
{
    QStringList list;
    for (const std::string& line : lines)
        list << QString::fromStdString(line);
    return list.join(QLatin1Char('\n'));
}

QString threadsLabelFor(LockDemo demo);

} // namespace

namespace {

QString threadsLabelFor(LockDemo demo)
{
    switch (demo) {
    case LockDemo::Lock:
        return QStringLiteral("Workers:");
    case LockDemo::RLock:
        return QStringLiteral("Tellers:");
    case LockDemo::Semaphore:
        return QStringLiteral("Downloads:");
    case LockDemo::Event:
        return QStringLiteral("Waiters:");
    case LockDemo::Condition:
        return QStringLiteral("Consumers:");
    case LockDemo::Queue:
        return QStringLiteral("Producers:");
    }
    return {};
}

} // namespace

LockView::LockView(QWidget* parent)
    : LabDemoView(parent)
{
    m_demo = new QComboBox(this);
    // Each demo by its name ("Condition"); its whole title ("Condition: wait for a predicate,
    // ...") is the heading below and the item's tool tip. Whole, the longest took 844 px in
    // classroom type, more than the tab has beside the Lessons on a 1024 px screen.
    for (LockDemo demo : kAllLockDemos) {
        const QString title = QString::fromStdString(lockDemoTitle(demo));
        m_demo->addItem(title.section(QStringLiteral(": "), 0, 0), static_cast<int>(demo));
        m_demo->setItemData(m_demo->count() - 1, title, Qt::ToolTipRole);
    }
    m_threadsLabel = new QLabel(this);
    m_threads = new QSpinBox(this);
    m_threads->setRange(1, LockDemoConfig::kMaxThreads);
    m_consumersLabel = new QLabel(QStringLiteral("Consumers:"), this);
    m_consumers = new QSpinBox(this);
    m_consumers->setRange(1, LockDemoConfig::kMaxThreads);
    m_limitLabel = new QLabel(this);
    m_limit = new QSpinBox(this);
    m_plainLock = new QCheckBox(QStringLiteral("Use a plain Lock"), this);
    m_runButton = new QPushButton(QStringLiteral("Run"), this);
    m_runButton->setDefault(true);
    m_stopButton = new QPushButton(QStringLiteral("Stop"), this);
    m_stopButton->setEnabled(false);

    // Wraps where the tab is narrow (beside a lesson, classroom type): each label stays with
    // its field, and Run and Stop at the right end of their row.
    auto* controls = new WrapLayout;
    const auto labelled = [&controls](QWidget* label, QWidget* field) {
        auto* pair = new QHBoxLayout;
        pair->addWidget(label);
        pair->addWidget(field);
        controls->addLayout(pair);
    };
    // The demo's box apart from its label: its longest title alone takes most of a tab in
    // classroom type.
    controls->addWidget(new QLabel(QStringLiteral("Demo:"), this));
    controls->addWidget(m_demo);
    labelled(m_threadsLabel, m_threads);
    labelled(m_consumersLabel, m_consumers);
    labelled(m_limitLabel, m_limit);
    controls->addWidget(m_plainLock);
    controls->addStretch();
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_runButton);
    buttons->addWidget(m_stopButton);
    controls->addLayout(buttons);

    makeTexts();

    auto* side = new QVBoxLayout;
    side->addWidget(m_explanation);
    side->addSpacing(8);
    side->addWidget(m_python);
    side->addSpacing(8);
    side->addWidget(m_outcome);
    side->addStretch(1);
    auto* sideWidget = new QWidget(this);
    sideWidget->setLayout(side);
    m_side = sideWidget;
    m_python->installEventFilter(this); // its type size changes (classroom mode): fitSidePanel()
    fitSidePanel();
    side->setContentsMargins(0, 0, 0, 0);

    makeTimeline();

    // The timeline beside the explanation, or under it where the tab is narrow.
    auto* body = new FoldingRowLayout;
    body->addWidget(sideWidget);
    // The replay's bar over the timeline, as over the Deadlock view's graph.
    auto* timelineColumn = new QVBoxLayout;
    timelineColumn->setSpacing(0);
    timelineColumn->addWidget(m_replay);
    timelineColumn->addWidget(m_timeline, 1);
    body->addLayout(timelineColumn, 1);

    auto* root = new QVBoxLayout(this);
    root->addLayout(controls);
    root->addWidget(m_title);
    root->addLayout(body, 1);

    connect(m_demo, &QComboBox::currentIndexChanged, this, &LockView::demoChanged);
    connect(m_runButton, &QPushButton::clicked, this, [this] { start(); });
    connect(m_stopButton, &QPushButton::clicked, this, &LockView::stop);
    connect(m_plainLock, &QCheckBox::toggled, this, [this] { showTexts(config()); });
    for (QSpinBox* box : {m_threads, m_consumers, m_limit})
        connect(box, &QSpinBox::valueChanged, this, [this] { showTexts(config()); });

    setConfig(lockDemoDefaults(LockDemo::Lock));
}

void LockView::fitSidePanel()
{
    // As wide as the code whole where there is room, and narrower, its code drawn smaller
    // (FittedCodeLabel), where there is not.
    if (m_side != nullptr) {
        m_side->setMinimumWidth(std::max(kSidePanelWidth, m_python->minimumSizeHint().width()));
        m_side->setMaximumWidth(std::max(kSidePanelWidth, m_python->sizeHint().width()));
    }
}

bool LockView::eventFilter(QObject* watched, QEvent* event)
{
    // Once the label has measured itself in its new type, after this event.
    if (watched == m_python && event->type() == QEvent::FontChange)
        QMetaObject::invokeMethod(this, &LockView::fitSidePanel, Qt::QueuedConnection);
    return LabDemoView::eventFilter(watched, event);
}

LockView::~LockView() = default; // the run's destructor stops and joins

void LockView::setConfig(const LockDemoConfig& config)
{
    const QSignalBlocker blockDemo(m_demo);
    m_demo->setCurrentIndex(m_demo->findData(static_cast<int>(config.demo)));
    const QSignalBlocker b1(m_threads);
    const QSignalBlocker b2(m_consumers);
    const QSignalBlocker b3(m_limit);
    const QSignalBlocker b4(m_plainLock);
    m_limit->setRange(1, config.demo == LockDemo::Queue ? 100 : LockDemoConfig::kMaxThreads);
    m_threads->setValue(config.threads);
    m_consumers->setValue(config.consumers);
    m_limit->setValue(config.limit);
    m_plainLock->setChecked(config.plainLock);

    m_threadsLabel->setText(threadsLabelFor(config.demo));
    const bool queue = config.demo == LockDemo::Queue;
    m_consumersLabel->setVisible(queue);
    m_consumers->setVisible(queue);
    const bool limited = queue || config.demo == LockDemo::Semaphore;
    m_limitLabel->setText(queue ? QStringLiteral("maxsize:") : QStringLiteral("k:"));
    m_limitLabel->setVisible(limited);
    m_limit->setVisible(limited);
    m_plainLock->setVisible(config.demo == LockDemo::RLock);
    m_rounds = config.rounds;
    m_workNs = config.workNs;
    showTexts(config);
}

LockDemoConfig LockView::config() const
{
    LockDemoConfig config;
    config.demo = static_cast<LockDemo>(m_demo->currentData().toInt());
    config.threads = m_threads->value();
    config.consumers = m_consumers->value();
    config.limit = m_limit->value();
    config.plainLock = m_plainLock->isChecked();
    config.rounds = m_rounds;
    config.workNs = m_workNs;
    return config;
}

void LockView::demoChanged()
{
    if (isRunning())
        stop();
    setConfig(lockDemoDefaults(static_cast<LockDemo>(m_demo->currentData().toInt())));
    m_outcome->clear();
    clearRun();
}

void LockView::showTexts(const LockDemoConfig& config)
{
    QString title = QString::fromStdString(lockDemoTitle(config.demo));
    if (config.demo == LockDemo::RLock && config.plainLock)
        title = QStringLiteral("RLock: the same re-entry with a plain Lock deadlocks");
    setTexts(title, lockDemoExplanation(config), lockDemoPython(config));
    fitSidePanel();
}

bool LockView::start(QString* error)
{
    if (m_run)
        return false;
    const LockDemoConfig settings = config();
    if (!startRun(std::make_unique<LockDemoRun>(settings), error))
        return false;
    showTexts(settings);
    return true;
}

void LockView::showEnd(const LockDemoRun& run)
{
    if (!run.error().empty())
        m_outcome->setText(QString::fromStdString(run.error()));
    else
        showResult(run.result());
}

void LockView::showResult(const LockDemoResult& result)
{
    m_outcome->setText(joinLines(result.summary));
}

void LockView::showRun(const LockDemoConfig& config, const LockDemoResult& result, const Trace& trace)
{
    setConfig(config);
    showResult(result);
    showEndedTrace(trace);
}

QString LockView::summaryText() const
{
    return m_outcome->text();
}

QImage renderLockLabView(
    const LockDemoConfig& config, QSize size, qreal scale, TimelineTheme theme, std::stop_token stop)
{
    if (auto problem = validate(config))
        throw std::invalid_argument(*problem);
    Recorder recorder;
    const LockDemoResult result = runLockDemo(config, recorder, stop);
    return renderEndedRun<LockView>(config, result, recorder, stop, size, scale, theme);
}

} // namespace interleave
