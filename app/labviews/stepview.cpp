#include "labviews/stepview.h"

#include "charts/histogramchart.h"
#include "foldingrowlayout.h"
#include "labviews/fittedcodelabel.h"
#include "labviews/lockview_support.h"
#include "wraplayout.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QPushButton>
#include <QKeyEvent>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace interleave {
namespace {

enum class RowLook { Done, Current, Blocked, Later };

// Colours through the palette rather than a style sheet: a style sheet's padding is not
// counted in a rich-text label's size hint, and the last line gets clipped.
void setRowLook(QLabel* label, RowLook look)
{
    QPalette palette = label->parentWidget()->palette();
    if (look == RowLook::Current || look == RowLook::Blocked) {
        palette.setColor(
            QPalette::Window, look == RowLook::Current ? QColor(0xff, 0xe5, 0x8a) : QColor(0xf4, 0xc7, 0xc3));
        palette.setColor(QPalette::WindowText, QColor(0x1a, 0x1a, 0x1a));
    } else if (look == RowLook::Done) {
        palette.setColor(QPalette::WindowText, QColor(0x8a, 0x8a, 0x8a));
    }
    label->setPalette(palette);
    label->setAutoFillBackground(look == RowLook::Current || look == RowLook::Blocked);
}

QFont sizedFont(QFont font, double pointSize, bool bold = false)
{
    font.setPointSizeF(pointSize);
    font.setBold(bold);
    return font;
}

QFont monospace(double pointSize)
{
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSizeF(pointSize);
    return mono;
}

// One line per bytecode; the eval-breaker checks, where CPython 3.10+ may switch threads,
// marked at the end of their line.
QString bytecodeText(const StepConfig& config, MicroOp op)
{
    QStringList lines;
    for (const BytecodeLine& line : cpythonBytecode(config, op)) {
        QString text = QString::fromUtf8(line.opname.data(), static_cast<qsizetype>(line.opname.size()));
        if (!line.argument.empty())
            text += QLatin1Char(' ')
                + QString::fromUtf8(line.argument.data(), static_cast<qsizetype>(line.argument.size()));
        if (line.evalBreaker)
            text += QStringLiteral("  \u25c0 eval breaker");
        lines.append(text);
    }
    return lines.join(QLatin1Char('\n'));
}

QString opHtml(MicroOp op)
{
    return QStringLiteral("<b>%1</b><br><span style='font-size:small'>%2</span>")
        .arg(QString::fromUtf8(microOpName(op).data()), QString::fromUtf8(microOpEffect(op).data()));
}

} // namespace

StepView::StepView(QWidget* parent)
    : QWidget(parent)
{
    // The lab's body size, like the other lab views: not derived from the inherited type, which
    // classroom mode has already scaled when the view is built during it (and then scales the
    // view's own type again).
    const double basePt = kLabBodyPt;
    setFont(sizedFont(font(), basePt));

    m_threads = new QSpinBox(this);
    m_threads->setObjectName(QStringLiteral("threads"));
    m_threads->setRange(1, kMaxThreads);
    m_threads->setValue(2);
    m_threads->installEventFilter(this);
    m_increments = new QSpinBox(this);
    m_increments->setRange(1, kMaxIncrements);
    m_lock = new QCheckBox(tr("With the &lock"), this);
    m_gil = new QCheckBox(tr("&GIL (CPython 3.10+)"), this);
    m_gil->setObjectName(QStringLiteral("gil"));
    m_gil->setToolTip(tr("On: only the thread holding the GIL runs, and another may take over only at an "
                         "eval-breaker check (a call, the loop's backward jump). Off: any thread may run "
                         "next at any step, as in the free-threaded build."));
    m_call = new QCheckBox(tr("A &call between load and store"), this);
    m_call->setObjectName(QStringLiteral("call"));
    m_call->setToolTip(tr("counter = counter + one() instead of counter += 1"));
    m_undo = new QPushButton(tr("&Undo"), this);
    m_undo->setShortcut(QKeySequence::Undo);
    m_reset = new QPushButton(tr("&Reset"), this);
    m_lose = new QPushButton(tr("Show me a &losing schedule"), this);
    m_lose->setObjectName(QStringLiteral("losingSchedule"));

    // Wraps where the tab is narrow (beside a lesson, classroom type): each label stays with
    // its field, and the buttons at the right end of their row.
    auto* controls = new WrapLayout;
    controls->setSpacing(10);
    auto* threadsLabel = new QLabel(tr("&Threads"), this);
    threadsLabel->setBuddy(m_threads);
    auto* incrementsLabel = new QLabel(tr("&Increments each"), this);
    incrementsLabel->setBuddy(m_increments);
    for (auto [label, field] : {std::pair<QWidget*, QWidget*>(threadsLabel, m_threads), {incrementsLabel, m_increments}}) {
        auto* pair = new QHBoxLayout;
        pair->addWidget(label);
        pair->addWidget(field);
        controls->addLayout(pair);
    }
    controls->addWidget(m_lock);
    controls->addWidget(m_gil);
    controls->addWidget(m_call);
    controls->addStretch();
    controls->addWidget(m_undo);
    controls->addWidget(m_reset);
    controls->addWidget(m_lose);

    // The shared state.
    m_counter = new QLabel(this);
    m_counter->setObjectName(QStringLiteral("counter"));
    m_counter->setFont(sizedFont(font(), 30, true));
    m_lockOwner = new QLabel(this);
    m_lockOwner->setFont(sizedFont(font(), 20, true));
    m_gilHolder = new QLabel(this);
    m_gilHolder->setObjectName(QStringLiteral("gilHolder"));
    m_gilHolder->setFont(sizedFont(font(), 20, true));
    m_expected = new QLabel(this);
    m_expected->setFont(sizedFont(font(), basePt * 1.1));
    // The code and the bytecode drawn smaller where the tab is narrow (classroom type beside
    // the Lessons on a 1024 px screen), each line whole.
    m_python = new FittedCodeLabel(this);
    m_python->setFont(monospace(basePt * 0.95));
    m_python->setFrameShape(QFrame::StyledPanel);
    m_python->setMargin(6);
    // The shared state, wrapping where the tab is narrow.
    auto* shared = new WrapLayout;
    shared->setSpacing(24);
    shared->addWidget(m_counter);
    shared->addWidget(m_lockOwner);
    shared->addWidget(m_gilHolder);
    shared->addWidget(m_expected);
    shared->addStretch();
    shared->addWidget(m_python);

    m_schedule = new QLabel(this);
    m_schedule->setWordWrap(true);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("narration"));
    m_message->setWordWrap(true);
    m_message->setFont(sizedFont(font(), basePt * 1.15, true));

    // The threads side by side, or one above the other where the tab is too narrow for them.
    m_columnsLayout = new FoldingRowLayout;
    m_columnsLayout->setSpacing(12);

    m_explorer = new QLabel(this);
    m_explorer->setObjectName(QStringLiteral("explorer"));
    m_explorer->setWordWrap(true);
    m_explorer->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_explorer->setFont(sizedFont(font(), basePt * 1.05));
    m_histogram = new HistogramChart(this);
    m_histogram->setAxisTitles(tr("final counter"), tr("schedules"));
    // Folded under the schedule (a narrow tab), it still has room for its plot, its two axes
    // and its legend.
    m_histogram->setMinimumHeight(260);
    m_history = new QLabel(this);
    m_history->setObjectName(QStringLiteral("history"));
    m_history->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_history->setTextFormat(Qt::RichText);
    // Side by side, or one above the other where the tab is narrow (classroom type).
    auto* explorerRow = new FoldingRowLayout;
    explorerRow->addWidget(m_history, 4);
    explorerRow->addWidget(m_explorer, 3);
    explorerRow->addWidget(m_histogram, 4);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addLayout(shared);
    layout->addLayout(m_columnsLayout);
    layout->addWidget(m_message);
    layout->addWidget(m_schedule);
    layout->addLayout(explorerRow, 1);

    for (int t = 0; t < kMaxThreads; ++t) {
        auto* shortcut = new QShortcut(QKeySequence(Qt::Key_1 + t), this);
        connect(shortcut, &QShortcut::activated, this, [this, t] { stepThread(t); });
    }
    m_animation.setInterval(kAnimationMs);
    connect(&m_animation, &QTimer::timeout, this, &StepView::animateOne);
    const auto configFromControls = [this] {
        setConfig({.threads = m_threads->value(),
            .increments = m_increments->value(),
            .lock = m_lock->isChecked(),
            .gil = m_gil->isChecked(),
            .between = m_call->isChecked() ? RaceBetween::Call : RaceBetween::None});
    };
    connect(m_threads, &QSpinBox::valueChanged, this, configFromControls);
    connect(m_increments, &QSpinBox::valueChanged, this, configFromControls);
    connect(m_lock, &QCheckBox::toggled, this, configFromControls);
    connect(m_gil, &QCheckBox::toggled, this, configFromControls);
    connect(m_call, &QCheckBox::toggled, this, configFromControls);
    connect(m_undo, &QPushButton::clicked, this, &StepView::undo);
    connect(m_reset, &QPushButton::clicked, this, &StepView::reset);
    connect(m_lose, &QPushButton::clicked, this, [this] { showLosingSchedule(true); });

    setConfig(kStepViewDefault);
}

void StepView::setConfig(const StepConfig& config)
{
    StepConfig c = config;
    c.threads = std::clamp(c.threads, 1, kMaxThreads);
    c.increments = std::clamp(c.increments, 1, kMaxIncrements);
    m_pending.clear();
    m_animation.stop();
    // Keep the controls in step without coming back here.
    const std::initializer_list<QWidget*> controls {m_threads, m_increments, m_lock, m_gil, m_call};
    for (QWidget* w : controls)
        w->blockSignals(true);
    m_threads->setValue(c.threads);
    m_increments->setValue(c.increments);
    m_lock->setChecked(c.lock);
    m_gil->setChecked(c.gil);
    m_call->setChecked(c.between == RaceBetween::Call);
    for (QWidget* w : controls)
        w->blockSignals(false);

    m_machine = StepMachine(c);
    m_narration = tr("Pick a thread to run its next step (or press its number).");
    QStringList python;
    for (const std::string& line : pythonSource(c))
        python.append(QString::fromStdString(line));
    m_python->setText(python.join(QLatin1Char('\n')));
    rebuildColumns();
    runExplorer();
    refresh();
}

void StepView::rebuildColumns()
{
    for (ThreadColumn& column : m_columns)
        delete column.frame;
    m_columns.clear();
    const StepConfig& c = m_machine.config();
    for (int t = 0; t < c.threads; ++t) {
        ThreadColumn column;
        auto* frame = new QFrame(this);
        frame->setFrameShape(QFrame::StyledPanel);
        // Never squeezed: the explorer's row below gives way instead. Not fixed either: as tall
        // as its wrapped explanations need at the width it has.
        frame->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
        auto* layout = new QGridLayout(frame);
        layout->setVerticalSpacing(0);
        layout->setHorizontalSpacing(0);
        column.frame = frame;
        column.title = new QLabel(threadName(t), frame);
        column.title->setFont(sizedFont(font(), font().pointSizeF() * 1.3, true));
        column.increment = new QLabel(frame);
        layout->addWidget(column.title, 0, 0);
        layout->addWidget(column.increment, 0, 1, Qt::AlignRight);
        for (int pc = 0; pc < c.opsPerIncrement(); ++pc) {
            const MicroOp op = opAt(c, pc);
            auto* opLabel = new QLabel(opHtml(op), frame);
            opLabel->setMargin(3);
            opLabel->setWordWrap(true); // its explanation wraps, so two threads fit side by side
            // Plain text: sized by the monospace font's own metrics, so no line is clipped.
            auto* code = new FittedCodeLabel(frame);
            code->setText(bytecodeText(c, op));
            code->setMargin(3);
            code->setFont(monospace(font().pointSizeF() * 0.8));
            layout->addWidget(opLabel, pc + 1, 0);
            layout->addWidget(code, pc + 1, 1);
            column.ops.push_back(opLabel);
            column.bytecode.push_back(code);
        }
        const int below = c.opsPerIncrement() + 1;
        column.reg = new QLabel(frame);
        column.reg->setFont(sizedFont(font(), 22, true));
        layout->addWidget(column.reg, below, 0, 1, 2);
        column.status = new QLabel(frame);
        layout->addWidget(column.status, below + 1, 0, 1, 2);
        column.step = new QPushButton(tr("Step %1  [%2]").arg(threadName(t)).arg(t + 1), frame);
        column.step->setFont(sizedFont(font(), font().pointSizeF() * 1.1, true));
        column.step->setObjectName(QStringLiteral("step%1").arg(t + 1));
        connect(column.step, &QPushButton::clicked, this, [this, t] { stepThread(t); });
        layout->addWidget(column.step, below + 2, 0, 1, 2);
        layout->setColumnStretch(0, 1);
        m_columnsLayout->addWidget(frame, 1);
        m_columns.push_back(column);
    }
}

void StepView::refresh()
{
    const StepConfig& c = m_machine.config();
    const StepState& s = m_machine.state();
    m_counter->setText(tr("counter = %1").arg(s.counter));
    if (c.lock) {
        m_lockOwner->setText(
            s.lockOwner == kNoOwner ? tr("lock: free") : tr("lock: held by %1").arg(threadName(s.lockOwner)));
        m_lockOwner->show();
    } else {
        m_lockOwner->hide();
    }
    if (c.gil) {
        m_gilHolder->setText(s.gilHolder == kNoOwner || s.threads[static_cast<std::size_t>(s.gilHolder)].finished()
                ? tr("GIL: free")
                : tr("GIL: %1").arg(threadName(s.gilHolder)));
        m_gilHolder->show();
    } else {
        m_gilHolder->hide();
    }
    m_expected->setText(tr("expected at the end: %1").arg(c.expected()));

    for (int t = 0; t < static_cast<int>(m_columns.size()); ++t) {
        ThreadColumn& column = m_columns[static_cast<std::size_t>(t)];
        const StepThread& thread = s.threads[static_cast<std::size_t>(t)];
        const bool finished = thread.finished();
        column.increment->setText(finished
                ? tr("done")
                : tr("increment %1 of %2").arg(m_machine.incrementsDone(t) + 1).arg(c.increments));
        for (int pc = 0; pc < static_cast<int>(column.ops.size()); ++pc) {
            const bool blocked = m_machine.isBlocked(t) || waitsForGil(c, s, t);
            const RowLook look = finished || pc < thread.pc ? RowLook::Done
                : pc != thread.pc                           ? RowLook::Later
                : blocked                                   ? RowLook::Blocked
                                                            : RowLook::Current;
            setRowLook(column.ops[static_cast<std::size_t>(pc)], look);
            setRowLook(column.bytecode[static_cast<std::size_t>(pc)], look);
        }
        const auto next = m_machine.nextOp(t);
        const bool registerSet = next == MicroOp::Call || next == MicroOp::Add || next == MicroOp::Store
            || next == MicroOp::Release;
        column.reg->setText(registerSet ? tr("register = %1").arg(thread.reg) : tr("register = –"));
        QString status;
        if (finished)
            status = tr("finished");
        else if (m_machine.isBlocked(t))
            status = tr("blocked: %1 holds the lock").arg(threadName(s.lockOwner));
        else if (waitsForGil(c, s, t))
            status = tr("waiting for the GIL");
        else if (c.gil && s.gilHolder == t && evalBreakerBefore(c, thread.pc) && enabledThreads(c, s).size() > 1)
            status = tr("at an eval-breaker check: may keep the GIL or lose it");
        else
            status = tr("ready");
        column.status->setText(status);
        column.step->setEnabled(m_machine.isEnabled(t) && !isAnimating());
    }

    QStringList taken;
    for (int t : m_machine.schedule())
        taken.append(QString::number(t + 1));
    m_schedule->setText(taken.isEmpty()
            ? tr("Schedule so far: (none)")
            : tr("Schedule so far (thread numbers): %1").arg(taken.join(QLatin1Char(' '))));
    QString message = m_narration;
    if (m_machine.finished()) {
        const std::int64_t lost = c.expected() - s.counter;
        message = lost > 0 ? tr("All threads finished: counter = %1, expected %2: %3.")
                                 .arg(s.counter)
                                 .arg(c.expected())
                                 .arg(lost == 1 ? tr("one update lost") : tr("%1 updates lost").arg(lost))
                           : tr("All threads finished: counter = %1, as expected.").arg(s.counter);
    }
    m_message->setText(message);
    m_history->setText(historyHtml());
    m_undo->setEnabled(m_machine.canUndo() && !isAnimating());
    m_lose->setEnabled(!isAnimating());
    emit stateChanged();
}

void StepView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_history != nullptr)
        m_history->setText(historyHtml());
}

void StepView::runExplorer()
{
    m_exploration.reset();
    m_explorerProblem.clear();
    try {
        // Bounded so that the window stays responsive; the command line allows more.
        m_exploration = explore(m_machine.config(), {.maxStates = 300'000});
    } catch (const std::exception& e) {
        m_explorerProblem = QString::fromStdString(e.what());
    }
    m_explorer->setText(explorerText());
    if (m_exploration) {
        HistogramChart::Counts counts(m_exploration->finalValues.begin(), m_exploration->finalValues.end());
        m_histogram->setTitle(tr("Where every schedule ends"));
        m_histogram->setCounts(counts, m_machine.config().expected());
    } else {
        m_histogram->setTitle(tr("Too many schedules to count"));
        m_histogram->clear();
    }
}

QString StepView::narration() const
{
    return m_message->text();
}

QPushButton* StepView::stepButton(int thread) const
{
    if (thread < 0 || thread >= static_cast<int>(m_columns.size()))
        return nullptr;
    return m_columns[static_cast<std::size_t>(thread)].step;
}

bool StepView::stepThread(int thread)
{
    const auto op = m_machine.nextOp(thread);
    const StepState before = m_machine.state();
    if (!op || !m_machine.step(thread))
        return false;
    narrate(thread, *op, before);
    refresh();
    return true;
}

bool StepView::undo()
{
    m_pending.clear();
    m_animation.stop();
    if (!m_machine.undo())
        return false;
    m_narration = tr("Undone: back one step.");
    refresh();
    return true;
}

void StepView::reset()
{
    m_pending.clear();
    m_animation.stop();
    m_machine.reset();
    m_narration = tr("Pick a thread to run its next step (or press its number).");
    refresh();
}

bool StepView::showLosingSchedule(bool animated)
{
    m_pending.clear();
    m_animation.stop();
    auto schedule = findLosingSchedule(m_machine.config(), m_machine.state());
    if (!schedule) {
        schedule = findLosingSchedule(m_machine.config(), initialState(m_machine.config()));
        if (!schedule) {
            const StepConfig& c = m_machine.config();
            m_narration = c.lock ? tr("No schedule loses an update with the lock: between its load and its store, "
                                      "a thread holds the lock, and the others wait.")
                : c.threads < 2  ? tr("No schedule loses an update here: a lost update needs two threads.")
                                 : tr("No schedule loses an update: with the GIL, CPython 3.10+ switches threads "
                                      "only at calls and backward jumps, and counter += 1 has none between its "
                                      "load and its store. Add a call, or turn the GIL off.");
            refresh();
            return false;
        }
        m_machine.reset();
    }
    if (!animated) {
        for (int t : *schedule)
            stepThread(t);
        return true;
    }
    m_pending.assign(schedule->begin(), schedule->end());
    refresh();
    m_animation.start();
    return true;
}

void StepView::animateOne()
{
    if (m_pending.empty()) {
        m_animation.stop();
        refresh();
        return;
    }
    const int t = m_pending.front();
    m_pending.pop_front();
    stepThread(t);
    if (m_pending.empty()) {
        m_animation.stop();
        refresh();
    }
}

QImage drawStepView(QSize size, double scale, const StepConfig& config, int stepsShown)
{
    StepView view;
    showOffScreen(view, size);
    view.setConfig(config);
    if (stepsShown < 0) {
        view.showLosingSchedule(false);
    } else if (const auto schedule = findLosingSchedule(config, initialState(config))) {
        for (std::size_t i = 0; i < schedule->size() && static_cast<int>(i) < stepsShown; ++i)
            view.stepThread((*schedule)[i]);
    } else {
        // Nothing loses (the lock): the first thread that can, step after step.
        for (int i = 0; i < stepsShown && !view.machine().finished(); ++i)
            view.stepThread(view.machine().enabledThreads().front());
    }
    // Deliver the layout requests the steps posted, so the picture shows them laid out.
    QCoreApplication::sendPostedEvents();
    return paintWidget(view, size, scale);
}

bool StepView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_threads && event->type() == QEvent::ShortcutOverride) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->modifiers() == Qt::NoModifier && key->key() >= Qt::Key_1 && key->key() < Qt::Key_1 + kMaxThreads) {
            event->ignore(); // not the box's to type: the step shortcut takes it
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace interleave
