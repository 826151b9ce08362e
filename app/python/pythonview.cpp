#include "python/pythonview.h"

#include "io/program_dir.h"
#include "labviews/lockview_support.h"
#include "python/codepane.h"
#include "pytrace/proc_reading.h"
#include "pytrace/stuck_threads.h"
#include "qtext.h"
#include "run/cpythonbesiderun.h"
#include "run/pythonruncontroller.h"
#include "themepalette.h"
#include "timeline/timelinewidget.h"
#include "trace/duration_text.h"
#include "wraplayout.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QCheckBox>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStyle>
#include <QTextBlock>
#include <QTextCursor>
#include <QToolButton>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

#include <memory>
#include <stdexcept>

namespace interleave {
namespace {

constexpr qreal kCodePt = 12;

// Scripts larger than this are not shown: a learner's program is a page or two.
constexpr qint64 kMaxScriptBytes = 1 << 20;

QString sizeText(quint64 bytes)
{
    if (bytes < 10 * 1024)
        return QCoreApplication::translate("PythonView", "%n byte(s)", nullptr, static_cast<int>(bytes));
    if (bytes < 10 * 1024 * 1024)
        return QCoreApplication::translate("PythonView", "%1 KB").arg(bytes / 1024);
    return QCoreApplication::translate("PythonView", "%1 MB").arg(static_cast<double>(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
}

// Two threads stuck on locks while nothing runs, in a sentence; empty when there are none.
QString deadlockSentence(const Trace& trace)
{
    constexpr TimeNs kStuckFor = 1'000'000'000; // far longer than any lock is held for work
    const std::vector<pytrace::StuckOnLock> stuck = pytrace::likelyDeadlock(trace, kStuckFor);
    if (stuck.empty())
        return {};
    // "a-then-b waits for the lock made at deadlock.py:11", one part per thread.
    QStringList parts;
    for (const pytrace::StuckOnLock& s : stuck) {
        const QString name = toQString(trace.lane(s.lane).name);
        const QString lock = toQString(s.lock);
        parts << (lock.startsWith(QLatin1String("lock made at"))
                      ? QCoreApplication::translate("PythonView", "%1 waits for the %2").arg(name, lock)
                      : QCoreApplication::translate("PythonView", "%1 waits for a lock").arg(name));
    }
    const QString all = parts.mid(0, parts.size() - 1).join(QStringLiteral(", "))
        + QCoreApplication::translate("PythonView", " and ") + parts.back();
    return QCoreApplication::translate("PythonView",
                                       "%1, each for over a second, while nothing else runs: a deadlock, most likely, "
                                       "each thread holding a lock another waits for. Only Stop ends it.")
        .arg(all);
}

QLabel* wrappedLabel(QWidget* parent, qreal points, bool bold = false)
{
    QLabel* label = makeLabText(parent, points, bold);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

PythonView::PythonView(QWidget* parent)
    : QWidget(parent)
{
    m_controller = new PythonRunController(this);
    connect(m_controller, &PythonRunController::traceUpdated, this, &PythonView::onTraceUpdated);
    connect(m_controller, &PythonRunController::outputArrived, this, &PythonView::appendOutput);
    connect(m_controller, &PythonRunController::outputCut, this, &PythonView::noteCut);
    connect(m_controller, &PythonRunController::finished, this, &PythonView::onFinished);
    m_beside = new CPythonBesideRun(this);
    connect(m_beside, &CPythonBesideRun::traceUpdated, this, [this] { m_timeline->setTrace(m_beside->trace()); });
    connect(m_beside, &CPythonBesideRun::progress, this, [this](const QString& text) {
        if (!m_stopping)
            setStatus(text);
    });
    connect(m_beside, &CPythonBesideRun::outputArrived, this, &PythonView::appendOutput);
    connect(m_beside, &CPythonBesideRun::finished, this, &PythonView::onBesideFinished);

    m_title = wrappedLabel(this, kLabTitlePt, true);
    m_title->setObjectName(QStringLiteral("pythonTitle"));
    // Wrapped, so a long script name does not widen the window past a 1280 px screen.
    m_title->setWordWrap(true);
    m_openButton = new QToolButton(this);
    m_openButton->setObjectName(QStringLiteral("pythonOpen"));
    m_openButton->setText(tr("Open…"));
    m_openButton->setToolTip(tr("Open a Python script (Ctrl+Shift+O); a .py file dropped on the window opens too"));
    m_openButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_examplesButton = new QToolButton(this);
    m_examplesButton->setObjectName(QStringLiteral("pythonExamples"));
    m_examplesButton->setText(tr("Examples"));
    m_examplesButton->setToolTip(tr("Programs in the style of a typical tutorial, ready to run"));
    m_examplesButton->setPopupMode(QToolButton::InstantPopup);
    m_examplesButton->hide(); // until the window gives it its menu
    m_runButton = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("Run"), this);
    m_runButton->setObjectName(QStringLiteral("pythonRun"));
    m_runButton->setToolTip(tr("Run the script under CPython and draw what its threads and processes do"));
    m_stopButton = new QPushButton(style()->standardIcon(QStyle::SP_MediaStop), tr("Stop"), this);
    m_stopButton->setObjectName(QStringLiteral("pythonStop"));
    m_stopButton->setToolTip(tr("End the script and every process it started"));
    for (QAbstractButton* b : {static_cast<QAbstractButton*>(m_openButton), static_cast<QAbstractButton*>(m_examplesButton),
                               static_cast<QAbstractButton*>(m_runButton), static_cast<QAbstractButton*>(m_stopButton)})
        b->setFont(labFont(kLabBodyPt));
    m_callsBox = new QCheckBox(tr("Functions"), this);
    m_callsBox->setObjectName(QStringLiteral("pythonCalls"));
    m_callsBox->setFont(labFont(kLabBodyPt));
    m_callsBox->setToolTip(tr("Also record the calls of the script's own functions, so a running stretch names "
                              "the function it was in. Slows the program down (the notice says by how much)."));
    connect(m_openButton, &QToolButton::clicked, this, &PythonView::openRequested);
    connect(m_runButton, &QPushButton::clicked, this, [this] { run(); });
    connect(m_stopButton, &QPushButton::clicked, this, &PythonView::stop);

    // The title, then the buttons at the right end; where the tab is narrow (a 1024 px screen
    // with both docks open), the buttons wrap under it in two groups.
    auto* controls = new WrapLayout;
    controls->addWidget(m_title);
    controls->addStretch();
    auto* files = new QHBoxLayout;
    files->addWidget(m_openButton);
    files->addWidget(m_examplesButton);
    controls->addLayout(files);
    auto* running = new QHBoxLayout;
    running->addSpacing(12);
    running->addWidget(m_callsBox);
    running->addWidget(m_runButton);
    running->addWidget(m_stopButton);
    controls->addLayout(running);

    m_status = wrappedLabel(this, kLabBodyPt);
    m_status->setObjectName(QStringLiteral("pythonStatus"));
    m_error = wrappedLabel(this, kLabBodyPt, true);
    m_error->setObjectName(QStringLiteral("pythonError"));
    colourError();
    m_error->hide();
    m_notices = wrappedLabel(this, kLabBodyPt - 2);
    m_notices->setObjectName(QStringLiteral("pythonNotices"));
    m_notices->setForegroundRole(QPalette::PlaceholderText);
    m_notices->hide();

    m_code = new CodePane(this);
    m_code->setObjectName(QStringLiteral("pythonCode"));
    // A size between the lab's code and its body text: a 56-column example fits beside the
    // timeline in a 1280 px window and reads at a projector.
    QFont codeFont = m_code->font();
    codeFont.setPointSizeF(kCodePt);
    m_code->setFont(codeFont);
    m_timeline = new TimelineWidget(this);
    m_timeline->setObjectName(QStringLiteral("pythonTimeline"));
    QFont timelineFont = m_timeline->font();
    timelineFont.setPointSizeF(12);
    m_timeline->setFont(timelineFont);

    m_codeAndTimeline = new QSplitter(Qt::Horizontal, this);
    m_codeAndTimeline->addWidget(m_code);
    m_codeAndTimeline->addWidget(m_timeline);
    m_codeAndTimeline->setStretchFactor(0, 2);
    m_codeAndTimeline->setStretchFactor(1, 3);
    m_codeAndTimeline->setChildrenCollapsible(false);

    m_outputTitle = new QLabel(tr("What the program printed"), this);
    m_outputTitle->setFont(labFont(kLabBodyPt - 1, true));
    m_outputCut = new QLabel(this);
    m_outputCut->setObjectName(QStringLiteral("pythonOutputCut"));
    m_outputCut->setFont(labFont(kLabBodyPt - 1));
    m_outputCut->setForegroundRole(QPalette::PlaceholderText);
    m_output = new QPlainTextEdit(this);
    m_output->setObjectName(QStringLiteral("pythonOutput"));
    m_output->setReadOnly(true);
    m_output->setMaximumBlockCount(kMaxOutputLines);
    m_output->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(kLabCodePt);
    m_output->setFont(mono);
    auto* outputArea = new QWidget(this);
    auto* outputLayout = new QVBoxLayout(outputArea);
    outputLayout->setContentsMargins(0, 4, 0, 0);
    auto* outputHeader = new QHBoxLayout;
    outputHeader->addWidget(m_outputTitle);
    outputHeader->addWidget(m_outputCut, 1);
    outputLayout->addLayout(outputHeader);
    outputLayout->addWidget(m_output, 1);

    auto* vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(m_codeAndTimeline);
    vertical->addWidget(outputArea);
    m_vertical = vertical;
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 1);
    vertical->setChildrenCollapsible(false);

    auto* root = new QVBoxLayout(this);
    root->addLayout(controls);
    root->addWidget(m_status);
    root->addWidget(m_error);
    root->addWidget(m_notices);
    root->addWidget(vertical, 1);

    m_title->setText(tr("Your own Python program"));
    setStatus(tr("Open a Python script (File > Open Python script…, or drop a .py file on the window) or one of the "
                 "examples, then press Run: its threads, processes and asyncio tasks appear as they run."));
    setRunning(false);
}

PythonView::~PythonView() = default; // the controller's session stops and joins

void PythonView::colourError()
{
    QPalette errorPalette = m_error->palette();
    errorPalette.setColor(QPalette::WindowText, meaningColour(MeaningColour::Warning, palette()));
    m_error->setPalette(errorPalette);
}

void PythonView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_error != nullptr)
        colourError();
}

void PythonView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    // The first real size splits the room; a user's later drag stands.
    if (!m_split && width() > 200 && height() > 200) {
        m_split = true;
        fitCodeWidth();
        // The output a fifth of the height: a few lines, more with a scroll.
        const int h = height();
        m_vertical->setSizes({h * 4 / 5, h - h * 4 / 5});
    }
}

void PythonView::fitCodeWidth()
{
    // The code pane as wide as the script's longest line (up to half the view, at least a
    // third), the timeline the rest. The splitters may not have their own sizes yet: the
    // view's width stands for theirs.
    int longest = 0;
    for (QTextBlock b = m_code->document()->begin(); b.isValid(); b = b.next())
        longest = std::max(longest, static_cast<int>(b.text().size()));
    // Two characters more than the line: the document's margins and the cursor.
    const int wanted = m_code->gutterWidth() + m_code->fontMetrics().horizontalAdvance(QString(longest + 4, QLatin1Char('x')))
        + m_code->verticalScrollBar()->sizeHint().width() + 2 * m_code->frameWidth();
    const int w = width();
    const int code = std::clamp(wanted, w / 3, w / 2);
    m_codeAndTimeline->setSizes({code, w - code});
}

bool PythonView::openScript(const QString& path, QString* error)
{
    const auto fail = [&](const QString& problem) {
        if (error != nullptr)
            *error = problem;
        setStatus(problem);
        return false;
    };
    if (isRunning())
        return fail(tr("Stop the running script before opening another."));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(tr("Cannot read %1: %2.").arg(path, file.errorString()));
    if (file.size() > kMaxScriptBytes)
        return fail(tr("%1 is %2: too large to be a script to trace.").arg(QFileInfo(path).fileName(), sizeText(file.size())));
    const QString code = QString::fromUtf8(file.readAll());
    m_path = QFileInfo(path).absoluteFilePath();
    m_title->setText(QFileInfo(path).fileName());
    m_title->setToolTip(m_path);
    m_code->setCode(code);
    if (m_split)
        fitCodeWidth();
    m_error->hide();
    m_output->clear();
    m_outputCut->clear();
    m_timeline->setTrace(Trace());
    setStatus(tr("Press Run to trace %1 under CPython.").arg(QFileInfo(path).fileName()));
    showNotices({});
    setRunning(false);
    return true;
}

bool PythonView::run()
{
    if (isRunning() || m_path.isEmpty())
        return false;
    if (pytrace::findExecutable(m_python.toStdString()).empty()) {
        setStatus(m_python.contains(QLatin1Char('/'))
                      ? tr("There is no Python at %1: install Python 3 to trace scripts.").arg(m_python)
                      : tr("Python 3 was not found (no %1 on PATH): install it (on Debian: apt install python3), "
                           "then press Run again.")
                            .arg(m_python));
        return false;
    }
    pytrace::PythonTraceOptions options;
    options.python = m_python.toStdString();
    options.script = QFile::encodeName(m_path).toStdString();
    options.bootstrapDir = pytrace::findBootstrapDir(programDir());
    options.timeout = std::chrono::seconds(m_timeoutSeconds);
    options.calls = m_callsBox->isChecked();
    m_output->clear();
    m_outputCut->clear();
    m_cutBytes = 0;
    m_linesDropped = false;
    m_error->hide();
    m_code->markLine(0);
    showNotices({});
    m_timeline->setTrace(Trace());
    m_timeline->setFollowLive(true);
    m_controller->start(std::move(options));
    setStatus(tr("Running %1…").arg(QFileInfo(m_path).fileName()));
    setRunning(true);
    return true;
}

void PythonView::stop()
{
    if (!isRunning())
        return;
    m_controller->stop();
    m_beside->stop();
    m_stopping = true;
    setStatus(tr("Stopping…"));
}

bool PythonView::isRunning() const { return m_controller->isRunning() || m_beside->isRunning(); }

bool PythonView::runBeside(const RunConfig& config, QString* error)
{
    const auto fail = [&](const QString& problem) {
        if (error != nullptr)
            *error = problem;
        setStatus(problem);
        return false;
    };
    if (isRunning())
        return fail(tr("Stop the running program first."));
    if (pytrace::findExecutable(m_python.toStdString()).empty())
        return fail(tr("Python 3 was not found (no %1 on PATH): install it (on Debian: apt install python3) to run "
                       "the experiment in CPython too.")
                        .arg(m_python));
    QString problem;
    if (!m_beside->start(config, m_python, &problem))
        return fail(problem);
    const QString name = QString::fromStdString(m_beside->program().fileName);
    // The program lives only while it runs: there is no script to run again from here.
    m_path.clear();
    m_title->setText(tr("%1 — emulated, then in CPython").arg(name));
    m_title->setToolTip(tr("The Python program Interleave wrote for the experiment's settings"));
    m_code->setCode(QString::fromStdString(m_beside->program().source));
    if (m_split)
        fitCodeWidth();
    m_output->clear();
    m_outputCut->clear();
    m_error->hide();
    m_code->markLine(0);
    showNotices({});
    m_timeline->setTrace(m_beside->trace());
    m_timeline->setFollowLive(true);
    setRunning(true);
    return true;
}

void PythonView::onBesideFinished()
{
    m_timeline->setTrace(m_beside->trace());
    m_timeline->setFollowLive(false);
    m_timeline->fitToTrace();
    setStatus(m_beside->summary());
    setRunning(false);
    emit finished();
}

const pytrace::PythonTraceResult& PythonView::result() const { return m_controller->result(); }

void PythonView::onTraceUpdated()
{
    m_timeline->setTrace(m_controller->trace());
    if (isRunning()) {
        const QString deadlock = deadlockSentence(m_controller->trace());
        m_error->setText(deadlock);
        m_error->setVisible(!deadlock.isEmpty());
    }
    if (isRunning() && !m_stopping)
        setStatus(tr("Running %1… %2")
                      .arg(QFileInfo(m_path).fileName(), toQString(secondsText(nowNs() - m_controller->startedAt()))));
}

void PythonView::onFinished()
{
    const pytrace::PythonTraceResult& r = m_controller->result();
    const std::string name = QFileInfo(m_path).fileName().toStdString();
    QString status = toQString(pytrace::describeOutcome(r, name));
    const Trace& trace = m_controller->trace();
    const TimeNs gilWait = pytrace::threadTimeIn(trace, State::WaitingGil);
    // Said when there is something to say: a millisecond of waiting, counted over a whole
    // program, is the sampler's grain, not a convoy.
    if (r.gilRead && r.gilSwitches > 0 && gilWait >= 1'000'000) {
        status += QLatin1Char(' ')
            + tr("Threads waited %1 in all for the GIL, which changed hands %2 times.")
                  .arg(toQString(durationText(gilWait)))
                  .arg(r.gilSwitches);
    }
    setStatus(status);
    if (r.error) {
        QString text = toQString(r.error->message);
        if (r.error->scriptLine > 0) {
            const QString line = m_code->document()->findBlockByNumber(r.error->scriptLine - 1).text().trimmed();
            text += tr(" · line %1: %2").arg(r.error->scriptLine).arg(line);
        }
        if (!r.error->thread.empty())
            text = tr("In thread %1: ").arg(toQString(r.error->thread)) + text;
        else if (!r.error->process.empty())
            text = tr("In process %1: ").arg(toQString(r.error->process)) + text;
        m_error->setText(text);
        m_error->show();
        m_code->markLine(r.error->scriptLine);
    } else {
        // A program stopped in a deadlock keeps the sentence that said so.
        const QString deadlock = deadlockSentence(trace);
        m_error->setText(deadlock);
        m_error->setVisible(!deadlock.isEmpty());
    }
    showNotices(r.notices);
    m_timeline->setFollowLive(false);
    m_timeline->fitToTrace();
    setRunning(false);
    emit finished();
}

void PythonView::appendOutput(const QString& text, bool error)
{
    QScrollBar* bar = m_output->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    QTextCursor cursor(m_output->document());
    cursor.movePosition(QTextCursor::End);
    QTextCharFormat format;
    if (error)
        format.setForeground(QColor(0xc6, 0x28, 0x28));
    cursor.insertText(text, format);
    if (!m_linesDropped && m_output->blockCount() >= kMaxOutputLines) {
        m_linesDropped = true;
        noteCut(0);
    }
    if (atEnd)
        bar->setValue(bar->maximum());
}

void PythonView::noteCut(quint64 bytes)
{
    m_cutBytes += bytes;
    QString text;
    if (m_cutBytes > 0)
        text = tr("(%1 of earlier output not shown)").arg(sizeText(m_cutBytes));
    else if (m_linesDropped)
        text = tr("(only the last %1 lines are kept)").arg(kMaxOutputLines);
    m_outputCut->setText(text);
}

void PythonView::setRunning(bool running)
{
    m_stopping = false;
    m_runButton->setEnabled(!running && !m_path.isEmpty());
    m_stopButton->setEnabled(running);
    m_openButton->setEnabled(!running);
    m_examplesButton->setEnabled(!running);
    m_callsBox->setEnabled(!running);
    emit runningChanged(running);
}

void PythonView::setStatus(const QString& text) { m_status->setText(text); }

void PythonView::showNotices(const std::vector<std::string>& notices)
{
    QStringList lines;
    const std::string yama = pytrace::ptraceScopeNotice(pytrace::readYamaPtraceScope());
    if (!yama.empty())
        lines << toQString(yama);
    for (const std::string& n : notices) {
        // The sampler's own words for what Yama refused: said once, above, when known.
        if (yama.empty() || n.find("Yama") == std::string::npos)
            lines << toQString(n);
    }
    m_notices->setText(lines.join(QLatin1Char('\n')));
    m_notices->setVisible(!lines.isEmpty());
}

void PythonView::setExamplesMenu(QMenu* menu)
{
    m_examplesButton->setMenu(menu);
    m_examplesButton->setVisible(menu != nullptr);
}

void PythonView::setTheme(TimelineTheme theme)
{
    applyLabTheme(*this, theme);
    m_timeline->setTheme(theme);
}

QString PythonView::statusText() const { return m_status->text(); }

QString PythonView::errorText() const { return m_error->isHidden() ? QString() : m_error->text(); }

QString PythonView::noticeText() const { return m_notices->isHidden() ? QString() : m_notices->text(); }

QString PythonView::outputCutText() const { return m_outputCut->text(); }


namespace {

// Opens and runs the script in view, laid out at size, until it ends, a stop or the timeout.
void runPythonViewOffscreen(PythonView& view, const QString& script, QSize size, TimelineTheme theme,
    const QString& python, std::stop_token stop, int timeoutSeconds)
{
    view.setTheme(theme);
    view.setPython(python);
    view.setTimeoutSeconds(timeoutSeconds);
    QString problem;
    if (!view.openScript(script, &problem))
        throw std::invalid_argument(problem.toStdString());
    // Laid out at its size while it runs, as on screen.
    showOffScreen(view, size);
    if (!view.run())
        throw std::invalid_argument(view.statusText().toStdString());
    // The view's JobPoller drives the run: an event loop until it has finished, checking for
    // a stop every 10 ms (the view then ends the script's processes).
    QEventLoop loop;
    QObject::connect(&view, &PythonView::finished, &loop, &QEventLoop::quit);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (stop.stop_requested())
            view.stop();
    });
    poll.start(10);
    if (view.isRunning())
        loop.exec();
    if (stop.stop_requested())
        throw std::runtime_error("stopped before the end");
}

} // namespace

QImage renderPythonView(const QString& script, QSize size, qreal scale, TimelineTheme theme, const QString& python,
                        std::stop_token stop, int timeoutSeconds)
{
    PythonView view;
    runPythonViewOffscreen(view, script, size, theme, python, std::move(stop), timeoutSeconds);
    return renderLabWidget(view, size, scale, [&view] { view.timeline()->fitToTrace(); });
}

Trace tracePythonScript(const QString& script, QSize size, TimelineTheme theme, const QString& python,
                        std::stop_token stop, int timeoutSeconds, QString* status, QString* error)
{
    PythonView view;
    runPythonViewOffscreen(view, script, size, theme, python, std::move(stop), timeoutSeconds);
    if (status)
        *status = view.statusText();
    if (error)
        *error = view.errorText();
    return view.timeline()->trace();
}

} // namespace interleave
