#include "labviews/raceview.h"

#include "charts/histogramchart.h"
#include "foldingrowlayout.h"
#include "labviews/labreplay.h"
#include "labviews/lockview_support.h"
#include "qtext.h"
#include "timeline/timelinewidget.h"
#include "trace/trace.h"
#include "wraplayout.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <initializer_list>
#include <stdexcept>
#include <thread>
#include <utility>

namespace interleave {
namespace {

QLabel* bigFigure(QWidget* parent, const QColor& colour)
{
    auto* label = new QLabel(QStringLiteral("0"), parent);
    QFont font = label->font();
    font.setPointSizeF(36);
    font.setBold(true);
    label->setFont(font);
    label->setAlignment(Qt::AlignCenter);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, colour);
    label->setPalette(palette);
    return label;
}

QLabel* caption(const QString& text, QWidget* parent, double scale = 1.3)
{
    auto* label = new QLabel(text, parent);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * scale);
    label->setFont(font);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true); // in classroom type a caption is wider than a 1024 px screen's tab
    return label;
}

QWidget* figureBox(QWidget* parent, QLabel* title, QLabel* figure, QLabel* below)
{
    auto* box = new QFrame(parent);
    box->setFrameShape(QFrame::StyledPanel);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(0);
    layout->addWidget(title);
    layout->addWidget(figure);
    layout->addWidget(below);
    return box;
}

// A combo box of (text, data) items, named for tests (an empty name leaves it unnamed).
QComboBox* choiceBox(QWidget* parent, const QString& name,
    std::initializer_list<std::pair<QString, QVariant>> items, const QString& toolTip = {})
{
    auto* box = new QComboBox(parent);
    for (const auto& [text, data] : items)
        box->addItem(text, data);
    box->setToolTip(toolTip);
    box->setObjectName(name);
    return box;
}

const QColor kLostColour(0xc6, 0x28, 0x28);
const QColor kExactColour(0x2e, 0x7d, 0x32);

} // namespace

RaceView::RaceView(QWidget* parent)
    : QWidget(parent)
{
    QFont base = font();
    base.setPointSizeF(std::max(12.0, base.pointSizeF() * 1.2));
    setFont(base);

    // Controls.
    m_threads = new QSpinBox(this);
    m_threads->setRange(1, kMaxRaceThreads);
    m_threads->setObjectName(QStringLiteral("threads"));
    m_increments = new QSpinBox(this);
    m_increments->setRange(1, 10'000'000);
    m_increments->setSingleStep(1000);
    m_increments->setGroupSeparatorShown(true);
    m_increments->setObjectName(QStringLiteral("increments"));
    m_mode = choiceBox(this, QStringLiteral("mode"),
        {{tr("No lock"), static_cast<int>(RaceMode::Unsafe)},
            {tr("with lock:"), static_cast<int>(RaceMode::Lock)},
            {tr("Atomic fetch-add"), static_cast<int>(RaceMode::Atomic)}});
    m_gil = choiceBox(this, QStringLiteral("gil"),
        {{tr("on (CPython 3.10+)"), true}, {tr("off (free-threaded)"), false}},
        tr("On: the threads take turns on an emulated GIL, and a thread gives it up only "
           "where CPython 3.10+ checks for a switch: at a call and at the loop's backward "
           "jump. Off: real threads run at the same time, as in the free-threaded build."));
    m_between = choiceBox(this, QStringLiteral("between"),
        {{QStringLiteral("counter += 1"), static_cast<int>(RaceBetween::None)},
            {QStringLiteral("counter = counter + one()"), static_cast<int>(RaceBetween::Call)}},
        tr("With a call between reading the counter and writing it back, the GIL can "
           "switch threads right there"));
    m_widen = new QSpinBox(this);
    m_widen->setRange(0, kMaxWidenUs);
    m_widen->setSuffix(tr(" µs"));
    m_widen->setSpecialValueText(tr("none"));
    m_widen->setToolTip(tr("A pause between reading the counter and writing it back: the window in which "
                           "another thread's update gets overwritten"));
    m_widen->setObjectName(QStringLiteral("widen"));
    m_widenBy = choiceBox(this, QString(),
        {{tr("sleeping"), static_cast<int>(WidenMethod::Sleep)},
            {tr("spinning"), static_cast<int>(WidenMethod::Spin)}},
        tr("Sleeping lets another thread run on the same core, so windows overlap even on "
           "one core; spinning keeps the core busy"));
    m_repeat = new QSpinBox(this);
    m_repeat->setRange(1, 1000);
    m_repeat->setObjectName(QStringLiteral("repeat"));
    m_runButton = new QPushButton(tr("Run"), this);
    m_runButton->setObjectName(QStringLiteral("run"));
    m_runButton->setDefault(true);
    m_runButton->setMinimumWidth(110);

    // Three rows: what runs, under which Python, then how the window is widened; each wraps
    // where the tab is narrower still (beside a lesson at 1024 pixels, a classroom's type),
    // each label staying with its field.
    auto* what = new WrapLayout;
    auto* python = new WrapLayout;
    auto* how = new WrapLayout;
    const auto addControl = [&](WrapLayout* row, const QString& text, QWidget* control) {
        auto* label = new QLabel(text, this);
        label->setBuddy(control);
        auto* pair = new QHBoxLayout;
        pair->addWidget(label);
        pair->addWidget(control);
        row->addLayout(pair);
    };
    for (WrapLayout* row : {what, python, how})
        row->setSpacing(14);
    addControl(what, tr("&Threads"), m_threads);
    addControl(what, tr("&Increments each"), m_increments);
    addControl(what, tr("&Code"), m_between);
    addControl(python, tr("&GIL"), m_gil);
    addControl(python, tr("&Mode"), m_mode);
    addControl(python, tr("R&uns"), m_repeat);
    python->addStretch();
    python->addWidget(m_runButton);
    addControl(how, tr("&Widen the window"), m_widen);
    how->addWidget(m_widenBy);
    auto* controls = new QVBoxLayout;
    controls->addLayout(what);
    controls->addLayout(python);
    controls->addLayout(how);

    // Figures.
    m_expectedLabel = bigFigure(this, palette().color(QPalette::WindowText));
    m_actualLabel = bigFigure(this, palette().color(QPalette::WindowText));
    m_lostLabel = bigFigure(this, kLostColour);
    m_expectedLabel->setObjectName(QStringLiteral("expected"));
    m_actualLabel->setObjectName(QStringLiteral("actual"));
    m_lostLabel->setObjectName(QStringLiteral("lost"));
    m_expectedCaption = caption(QString(), this, 1.0);
    m_lostCaption = caption(QString(), this, 1.0);
    // Side by side, or one above the other where the tab is narrow (classroom type).
    auto* figures = new FoldingRowLayout;
    m_figureBoxes = {figureBox(this, caption(tr("Expected"), this), m_expectedLabel, m_expectedCaption),
        figureBox(this, caption(tr("Actual counter"), this), m_actualLabel,
            caption(tr("what the threads left in it"), this, 1.0)),
        figureBox(this, caption(tr("Lost updates"), this), m_lostLabel, m_lostCaption)};
    for (QWidget* box : m_figureBoxes)
        figures->addWidget(box, 1);

    m_python = new QLabel(this);
    m_python->setTextFormat(Qt::PlainText);
    m_python->setObjectName(QStringLiteral("python"));
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSizeF(base.pointSizeF());
    m_python->setFont(mono);
    m_python->setFrameShape(QFrame::StyledPanel);
    m_python->setMargin(8);
    m_python->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_python->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Never what makes the view wider than its tab (an explicit minimum overrides the text's):
    // resizeEvent shows it where it fits whole.
    m_python->setMinimumWidth(1);
    figures->addWidget(m_python, 0);
    m_figuresLayout = figures;

    m_status = new QLabel(
        tr("Press Run: the threads start together and each adds 1 to the shared counter."), this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);

    // Timeline and histogram.
    m_timeline = new TimelineWidget(this);
    m_timeline->setCoreCount(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
    m_replay = new LabReplay(m_timeline, this);
    m_histogram = new HistogramChart(this);
    m_histogram->setTitle(tr("Final counter over the runs"));
    m_histogram->setMaxBars(12);
    // The timeline has the larger share: its labels ("MainProcess  (pid 12345)") need room
    // before they are cut, a dozen bars do not.
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter = splitter;
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_timeline);
    splitter->addWidget(m_histogram);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({660, 330});

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addLayout(figures);
    layout->addWidget(m_status);
    // The replay's bar over the timeline and the histogram, not in the splitter's pane: its
    // narrowest arrangement there would keep the histogram beside the timeline too wide for a
    // narrow tab, and above them it stays where it is whichever way the splitter turns.
    layout->addWidget(m_replay);
    layout->addWidget(splitter, 1);

    connect(m_runButton, &QPushButton::clicked, this, [this] {
        if (isRunning()) {
            stop();
            return;
        }
        QString error;
        if (!start(&error))
            m_status->setText(error);
    });
    connect(m_mode, &QComboBox::currentIndexChanged, this, &RaceView::updatePython);
    connect(m_gil, &QComboBox::currentIndexChanged, this, &RaceView::updatePython);
    connect(m_between, &QComboBox::currentIndexChanged, this, &RaceView::updatePython);
    connect(m_widen, &QSpinBox::valueChanged, this, &RaceView::updatePython);
    connect(m_widenBy, &QComboBox::currentIndexChanged, this, &RaceView::updatePython);

    // Loses updates the first time, even on a busy machine (see kRaceDemoConfig).
    RaceConfig preset = kRaceDemoConfig;
    preset.repeat = 10;
    setConfig(preset);
    showFigures(0, 0, config().expected());
    updateControls();
}

RaceView::~RaceView() = default; // LiveRace's destructor stops and joins

void RaceView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    // The code beside the figures only where it fits whole; in a narrow tab (a lesson beside
    // it) the figures keep the row, and the lesson's text shows the same line of code.
    const QMargins margins = layout()->contentsMargins();
    int needed = margins.left() + margins.right() + m_python->sizeHint().width();
    for (QWidget* box : m_figureBoxes)
        needed += box->minimumSizeHint().width() + m_figuresLayout->spacing();
    m_python->setVisible(width() >= needed);
    // Side by side the histogram would leave the timeline too little room for its labels in a
    // narrow tab: then it goes under the timeline, and the tab scrolls down to it.
    const bool stacked = width() < kSideBySideWidth;
    m_splitter->setOrientation(stacked ? Qt::Vertical : Qt::Horizontal);
    m_timeline->setMinimumHeight(stacked ? kStackedMinHeight : 0);
    m_histogram->setMinimumHeight(stacked ? kStackedMinHeight : 0);
}

RaceConfig RaceView::config() const
{
    RaceConfig c;
    c.threads = m_threads->value();
    c.increments = m_increments->value();
    c.mode = static_cast<RaceMode>(m_mode->currentData().toInt());
    c.gil = m_gil->currentData().toBool();
    c.between = static_cast<RaceBetween>(m_between->currentData().toInt());
    c.widenUs = m_widen->value();
    c.widenBy = static_cast<WidenMethod>(m_widenBy->currentData().toInt());
    c.repeat = m_repeat->value();
    return c;
}

void RaceView::setConfig(const RaceConfig& c)
{
    m_threads->setValue(c.threads);
    m_increments->setValue(static_cast<int>(std::min<std::int64_t>(c.increments, m_increments->maximum())));
    m_mode->setCurrentIndex(m_mode->findData(static_cast<int>(c.mode)));
    m_gil->setCurrentIndex(m_gil->findData(c.gil));
    m_between->setCurrentIndex(m_between->findData(static_cast<int>(c.between)));
    m_widen->setValue(c.widenUs);
    m_widenBy->setCurrentIndex(m_widenBy->findData(static_cast<int>(c.widenBy)));
    m_repeat->setValue(c.repeat);
    updatePython();
}

bool RaceView::start(QString* error)
{
    if (m_race)
        return false;
    const RaceConfig c = config();
    if (auto problem = validate(c)) {
        if (error)
            *error = QString::fromStdString(*problem);
        return false;
    }
    try {
        m_race = std::make_unique<LiveRace>(c);
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
    m_lastRunConfig = c;
    m_results.clear();
    m_shownRun = -1;
    m_histogram->clear();
    m_timeline->setFollowLive(true);
    m_replay->runStarted();
    showFigures(0, 0, c.expected());
    updateControls();
    m_poller.watch(m_race->job(), {.snapshot = [this] { showLive(); }, .finished = [this] { finishRace(); }});
    emit started();
    return true;
}

void RaceView::stop()
{
    if (m_race)
        m_race->requestStop();
}

bool RaceView::waitForFinished(int timeoutMs)
{
    if (!m_race)
        return true;
    // The poller keeps ticking in this loop; the tick that sees the end emits finished().
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    connect(this, &RaceView::finished, &loop, &QEventLoop::quit);
    connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    timeout.start(timeoutMs);
    loop.exec();
    return !m_race;
}

void RaceView::showLive()
{
    const LiveRace::Live live = m_race->live();
    // Counts first, then the counter: with the lock, the counter is never behind the counts
    // read before it, so no loss is ever shown where there is none.
    const std::int64_t expected = live.progress->doneTotal();
    const std::int64_t actual = live.progress->counter();
    showFigures(expected, std::min(actual, expected), m_lastRunConfig.expected());
    m_timeline->setTrace(Trace::fromSnapshot(live.recorder->snapshot()));
    m_replay->showLive(m_timeline->trace());

    std::vector<RaceRunResult> results = m_race->results();
    if (results.size() != m_results.size()) {
        m_results = std::move(results);
        updateHistogram();
    }
    m_shownRun = live.run;
    m_status->setText(runStatus(live.run) + tr(" · running…"));
}

// "Run 3 of 10 · 2 of 2 finished runs lost updates · on average 1,234 lost"
QString RaceView::runStatus(int run) const
{
    const RaceSummary s = summarize(m_results);
    QString status = tr("Run %1 of %2").arg(run + 1).arg(m_lastRunConfig.repeat);
    if (s.runs > 0)
        status += tr(" · %1 of %2 finished runs lost updates · on average %3 lost")
                      .arg(s.runsThatLost)
                      .arg(s.runs)
                      .arg(averageCount(s.meanLost));
    return status;
}

void RaceView::finishRace()
{
    m_race.reset();
    QString status = runStatus(m_shownRun);
    if (static_cast<int>(m_results.size()) < m_lastRunConfig.repeat)
        status += tr(" · stopped");
    else
        status += QStringLiteral(". ") + outcomeText(m_lastRunConfig);
    m_status->setText(status);
    m_timeline->setFollowLive(false);
    m_timeline->fitToTrace();
    // The last snapshot, taken once the race had ended, is its last run's whole trace.
    m_replay->runEnded(m_timeline->trace());
    updateControls();
    emit finished();
}

void RaceView::showFigures(std::int64_t expected, std::int64_t actual, std::int64_t target)
{
    m_expected = expected;
    m_actual = actual;
    const std::int64_t lost = expected - actual;
    m_expectedLabel->setText(groupedNumber(expected));
    m_actualLabel->setText(groupedNumber(actual));
    m_lostLabel->setText(groupedNumber(lost));
    m_expectedCaption->setText(tr("increments done, of %1").arg(groupedNumber(target)));
    QPalette palette = m_lostLabel->palette();
    palette.setColor(QPalette::WindowText, lost > 0 ? kLostColour : kExactColour);
    m_lostLabel->setPalette(palette);
    m_lostCaption->setText(expected > 0
            ? tr("%1% of the increments")
                  .arg(percentFigure(static_cast<double>(lost) / static_cast<double>(expected)))
            : QString());
}

void RaceView::updateHistogram()
{
    HistogramChart::Counts counts;
    for (const RaceRunResult& r : m_results)
        ++counts[r.actual];
    const std::int64_t expected = m_results.empty() ? 0 : m_results.front().expected;
    m_histogram->setTitle(m_results.size() == 1 ? tr("Final counter of one run")
                                                : tr("Final counter over %1 runs").arg(m_results.size()));
    m_histogram->setCounts(counts, expected);
}

void RaceView::updateControls()
{
    const bool running = isRunning();
    for (QWidget* w : {static_cast<QWidget*>(m_threads), static_cast<QWidget*>(m_increments),
             static_cast<QWidget*>(m_mode), static_cast<QWidget*>(m_gil), static_cast<QWidget*>(m_between),
             static_cast<QWidget*>(m_widen), static_cast<QWidget*>(m_widenBy), static_cast<QWidget*>(m_repeat)})
        w->setEnabled(!running);
    m_runButton->setText(running ? tr("Stop") : tr("Run"));
}

QString RaceView::outcomeText(const RaceConfig& c) const
{
    if (m_results.empty())
        return {};
    const RaceSummary s = summarize(m_results);
    if (c.mode != RaceMode::Unsafe)
        return s.runsThatLost == 0 ? tr("Nothing lost: nothing can come between the load and the store.")
                                   : QString();
    std::int64_t switches = 0;
    std::int64_t inWindow = 0;
    for (const RaceRunResult& r : m_results) {
        switches += r.switches;
        inWindow += r.switchesInWindow;
    }
    if (!c.gil)
        return tr("Without a GIL the threads run at the same time, and one thread's store lands "
                  "between another's load and store.");
    if (c.widenUs > 0 && c.widenBy == WidenMethod::Sleep)
        return tr("time.sleep() in the window releases the GIL: another thread runs between the load "
                  "and the store.");
    if (c.between == RaceBetween::None)
        return tr("%1 GIL switches, none between a load and its store: CPython 3.10+ switches only at "
                  "calls and backward jumps, and counter += 1 has neither.")
            .arg(switches);
    return tr("%1 GIL switches, %2 of them at the call between a load and its store: the thread "
              "switched out there later stores a stale value.")
        .arg(switches)
        .arg(inWindow);
}

void RaceView::updatePython()
{
    const auto mode = static_cast<RaceMode>(m_mode->currentData().toInt());
    const bool call = static_cast<RaceBetween>(m_between->currentData().toInt()) == RaceBetween::Call;
    const bool widened = m_widen->value() > 0;
    const QString window = static_cast<WidenMethod>(m_widenBy->currentData().toInt()) == WidenMethod::Sleep
        ? QStringLiteral("time.sleep(0)  # the window")
        : QStringLiteral("busy_wait()  # the window");
    const QString add = call ? QStringLiteral("value + one()") : QStringLiteral("value + 1");
    const QString line = call ? QStringLiteral("counter = counter + one()") : QStringLiteral("counter += 1");
    // The increment's lines, each after indent.
    const auto increment = [&](const QString& indent) {
        return widened ? QStringLiteral("%1value = counter\n%1%2\n%1counter = %3\n").arg(indent, window, add)
                       : QStringLiteral("%1%2\n").arg(indent, line);
    };
    QString body;
    switch (mode) {
    case RaceMode::Unsafe:
        body = increment(QStringLiteral("        "));
        break;
    case RaceMode::Lock:
        body = QStringLiteral("        with lock:\n") + increment(QStringLiteral("            "));
        break;
    case RaceMode::Atomic:
        body = QStringLiteral("        # one indivisible read-add-write:\n"
                              "        # C++ std::atomic fetch_add(1);\n"
                              "        # a Python int has no such operation\n");
        break;
    }
    const QString gil = m_gil->currentData().toBool()
        ? QStringLiteral("# CPython 3.10+, with the GIL\n")
        : QStringLiteral("# python3.13t, free-threaded\n");
    const QString one = call ? QStringLiteral("def one():\n    return 1\n\n") : QString();
    m_python->setText(gil + one + QStringLiteral("def work():\n    global counter\n    for _ in range(K):\n") + body
        + QStringLiteral("\nthreads = [Thread(target=work)\n           for _ in range(T)]"));
}

QImage drawRaceView(QSize size, double scale, const RaceConfig& config)
{
    RaceView view;
    showOffScreen(view, size);
    view.setConfig(config);
    QString error;
    if (!view.start(&error))
        throw std::runtime_error(error.toStdString());
    if (!view.waitForFinished(60'000)) {
        view.stop();
        view.waitForFinished(10'000);
        throw std::runtime_error("the race did not finish within a minute");
    }
    // Deliver the layout requests the last figures posted, so the picture shows them laid out.
    QCoreApplication::sendPostedEvents();
    return paintWidget(view, size, scale);
}

} // namespace interleave
