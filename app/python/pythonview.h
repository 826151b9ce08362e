#pragma once

#include "engine/run_config.h"
#include "pytrace/python_session.h"
#include "timeline/timelinepalette.h"
#include "trace/trace.h"

#include <QImage>
#include <QSize>
#include <QString>
#include <QWidget>

#include <stop_token>

class QCheckBox;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QToolButton;

namespace interleave {

class CPythonBesideRun;
class CodePane;
class PythonRunController;
class TimelineWidget;

// The learner's own Python program: its code beside the timeline of what a real CPython did
// with it, and what it printed below. Run traces it (pytrace::PythonSession): the lanes grow
// while it runs, its output streams into the panel, and when it ends the status says how, in
// one sentence; an error marks the line of the script it points at. Stop ends every process
// the script started.
class PythonView : public QWidget {
    Q_OBJECT

public:
    // The output panel keeps this many lines; the oldest go first, and it says so.
    static constexpr int kMaxOutputLines = 5000;
    // A script runs at most this long before it is stopped, as `interleave trace` does.
    static constexpr int kTimeoutSeconds = 600;

    explicit PythonView(QWidget* parent = nullptr);
    ~PythonView() override; // stops a run: its processes are gone within 200 ms

    // Shows a script, ready to run (not run). False, with the reason in *error and in the
    // status line, when it cannot be read or a run is going.
    bool openScript(const QString& path, QString* error = nullptr);
    QString scriptPath() const { return m_path; }

    // The Python to run: a path, or a name looked up on PATH (default "python3").
    void setPython(const QString& python) { m_python = python; }
    QString python() const { return m_python; }
    // How long a run may take before it is stopped (default kTimeoutSeconds).
    void setTimeoutSeconds(int seconds) { m_timeoutSeconds = seconds; }

    // Traces the open script. False when it cannot start (no script, a run going); a missing
    // Python is said in the status line.
    bool run();
    void stop();
    bool isRunning() const;

    // "Run in CPython too": runs the configuration in the engine, then the Python program
    // written for it in CPython (CPythonBesideRun), and shows that program in the code pane and
    // both runs in the timeline, grouped ("Emulated", "CPython 3.11.2") on one time axis; the
    // status then gives both wall times and speedups. Stop stops it at any point. False, with
    // the reason in *error and in the status line, when it cannot start.
    bool runBeside(const RunConfig& config, QString* error = nullptr);
    CPythonBesideRun* besideRun() const noexcept { return m_beside; }

    void setTheme(TimelineTheme theme);
    // The example programs, behind a button beside Open (the window's File > Python examples).
    void setExamplesMenu(QMenu* menu);

    CodePane* codePane() const noexcept { return m_code; }
    TimelineWidget* timeline() const noexcept { return m_timeline; }
    QPlainTextEdit* outputPanel() const noexcept { return m_output; }
    QPushButton* runButton() const noexcept { return m_runButton; }
    QPushButton* stopButton() const noexcept { return m_stopButton; }
    QCheckBox* callsBox() const noexcept { return m_callsBox; }
    QToolButton* openButton() const noexcept { return m_openButton; }
    QToolButton* examplesButton() const noexcept { return m_examplesButton; }
    QString statusText() const;
    QString errorText() const;
    QString noticeText() const;
    QString outputCutText() const;
    // The last run's result (after finished()).
    const pytrace::PythonTraceResult& result() const;

signals:
    void runningChanged(bool running);
    void finished();
    // The Open button: the window asks for a file.
    void openRequested();

protected:
    void resizeEvent(QResizeEvent* event) override;
    // A new palette recolours the error line (lighter red on dark).
    void changeEvent(QEvent* event) override;

private:
    void colourError();
    void onTraceUpdated();
    void onFinished();
    void onBesideFinished();
    void appendOutput(const QString& text, bool error);
    void noteCut(quint64 bytes);
    void setRunning(bool running);
    void setStatus(const QString& text);
    void fitCodeWidth();
    void showNotices(const std::vector<std::string>& notices);

    QString m_path;
    QString m_python = QStringLiteral("python3");
    int m_timeoutSeconds = kTimeoutSeconds;
    PythonRunController* m_controller = nullptr;
    CPythonBesideRun* m_beside = nullptr;
    QLabel* m_title = nullptr;
    QToolButton* m_openButton = nullptr;
    QToolButton* m_examplesButton = nullptr;
    QPushButton* m_runButton = nullptr;
    QPushButton* m_stopButton = nullptr;
    QCheckBox* m_callsBox = nullptr; // record the script's function calls (trace --calls)
    QLabel* m_status = nullptr;
    QLabel* m_error = nullptr;
    QLabel* m_notices = nullptr;
    CodePane* m_code = nullptr;
    TimelineWidget* m_timeline = nullptr;
    QLabel* m_outputTitle = nullptr;
    QLabel* m_outputCut = nullptr;
    QPlainTextEdit* m_output = nullptr;
    QSplitter* m_codeAndTimeline = nullptr;
    QSplitter* m_vertical = nullptr;
    bool m_split = false; // the splitters have their first sizes
    quint64 m_cutBytes = 0;
    bool m_linesDropped = false;
    bool m_stopping = false;
};

// Traces the script in a Python view, for real, and draws the view once it has ended, into an
// image of size logical pixels times scale: the code, the timeline fitted, the output, the
// status. A script still running after timeoutSeconds is stopped and drawn as it was (a
// deadlock, say). Needs a QApplication, which the caller makes
// (drawcommands/offscreenapp.h). Throws std::invalid_argument when the script cannot be read or the Python not
// found, and std::runtime_error when stopped.
QImage renderPythonView(const QString& script, QSize size, qreal scale, TimelineTheme theme,
                        const QString& python = QStringLiteral("python3"), std::stop_token stop = {},
                        int timeoutSeconds = 60);

// The same run, for its trace: what the view's timeline shows once the script has ended (or
// was stopped after timeoutSeconds), for a picture drawn from it (an animation). The view's
// status line (how the script ended) goes to *status and its error, if it showed one, to
// *error. Throws as renderPythonView does.
Trace tracePythonScript(const QString& script, QSize size, TimelineTheme theme, const QString& python,
                        std::stop_token stop, int timeoutSeconds, QString* status = nullptr, QString* error = nullptr);

} // namespace interleave
