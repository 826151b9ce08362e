#include "window/mainwindow.h"

// Files in and out: a saved trace opened, the timeline exported, a Python script or example
// opened in the Python tab, a file dropped on the window.

#include "cli/programdir.h"
#include "export/timelineexport.h"
#include "panels/lanelistview.h"
#include "python/pythonview.h"
#include "pytrace/python_examples.h"
#include "pytrace/python_session.h"
#include "run/runcontroller.h"
#include "timeline/replaycontroller.h"
#include "timeline/timelinewidget.h"
#include "trace/chrome_trace.h"
#include "window/mainwindow_text.h"

#include <QAction>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>

namespace interleave {

bool MainWindow::openTrace(const QString& path, QString* error)
{
    if (m_runController->isRunning()) {
        const QString problem = tr("Stop the run before opening a trace");
        if (error != nullptr)
            *error = problem;
        else
            QMessageBox::warning(this, tr("Cannot open"), problem);
        return false;
    }
    Trace trace;
    try {
        trace = loadChromeTrace(QFile::encodeName(path).toStdString());
    } catch (const std::exception& e) {
        const QString problem = QString::fromStdString(e.what());
        if (error != nullptr)
            *error = problem;
        else
            QMessageBox::warning(this, tr("Cannot open the trace"), problem);
        return false;
    }
    m_centralStack->setCurrentWidget(m_views);
    m_timeline->setFollowLive(false);
    m_timeline->setTrace(trace);
    m_timeline->fitToTrace();
    m_laneList->showTrace(trace);
    m_replay->setTrace(trace);
    m_spaceRuns = trace.empty();
    m_resultsStrip->setVisible(true);
    m_resultsStrip->setText(tr("%1: %2 lanes · %3")
                                .arg(QFileInfo(path).fileName())
                                .arg(trace.laneCount())
                                .arg(mainwindow_text::ms(trace.duration())));
    statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(path)));
    updateRunActions();
    return true;
}

bool MainWindow::exportTimelineTo(const QString& path, QString* error)
{
    try {
        exportTimeline(m_timeline->trace(), path, m_timeline->size(), m_timeline->devicePixelRatioF(),
                       m_timeline->theme());
    } catch (const std::exception& e) {
        const QString problem = QString::fromStdString(e.what());
        if (error != nullptr)
            *error = problem;
        else
            QMessageBox::warning(this, tr("Cannot export the timeline"), problem);
        return false;
    }
    statusBar()->showMessage(tr("Timeline written to %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

void MainWindow::chooseTraceToOpen()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open a trace"), QString(), tr("Chrome Trace Event JSON (*.json);;All files (*)"));
    if (!path.isEmpty())
        openTrace(path);
}

void MainWindow::createPythonExamplesMenu()
{
    m_pythonExamplesMenu = new QMenu(tr("Python e&xamples"), this);
    m_pythonExamplesMenu->setObjectName(QStringLiteral("pythonExamplesMenu"));
    m_pythonExamplesDir = pytrace::examplesDirOf(
        pytrace::findBootstrapDir(cli::programDir()));
    for (const pytrace::PythonExample& example : pytrace::listPythonExamples(m_pythonExamplesDir)) {
        const QString path = QFile::decodeName(example.path.c_str());
        QAction* action = m_pythonExamplesMenu->addAction(
            tr("%1  (%2)").arg(QString::fromStdString(example.title), QString::fromStdString(example.fileName)));
        action->setStatusTip(tr("Open %1 in the Python tab; Run traces it").arg(QString::fromStdString(example.fileName)));
        connect(action, &QAction::triggered, this, [this, path] { openPythonScript(path); });
    }
    if (m_pythonExamplesMenu->isEmpty())
        m_pythonExamplesMenu->addAction(tr("(the example programs were not found)"))->setEnabled(false);
    m_pythonView->setExamplesMenu(m_pythonExamplesMenu);
}

void MainWindow::chooseScriptToOpen()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open a Python script"), QString(), tr("Python scripts (*.py);;All files (*)"));
    if (!path.isEmpty())
        openPythonScript(path);
}

bool MainWindow::openPythonScript(const QString& path, QString* error)
{
    showView(m_pythonView);
    if (!m_pythonView->openScript(path, error))
        return false;
    statusBar()->showMessage(tr("Opened %1: Space or Ctrl+R runs it").arg(QDir::toNativeSeparators(path)));
    return true;
}

namespace {

// The local file a drag carries, when it is one the window opens: a Python script or a trace.
QString droppableFile(const QMimeData* mime)
{
    if (mime == nullptr || !mime->hasUrls() || mime->urls().size() != 1)
        return {};
    const QString path = mime->urls().front().toLocalFile();
    return path.endsWith(QLatin1String(".py"), Qt::CaseInsensitive)
            || path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)
        ? path
        : QString();
}

} // namespace

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (!droppableFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QString path = droppableFile(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    if (path.endsWith(QLatin1String(".py"), Qt::CaseInsensitive))
        openPythonScript(path);
    else
        openTrace(path);
}

void MainWindow::chooseExportFile()
{
    QString filter;
    QString path = QFileDialog::getSaveFileName(this, tr("Export the timeline"), QStringLiteral("timeline.png"),
                                                tr("PNG image (*.png);;SVG drawing (*.svg)"), &filter);
    if (path.isEmpty())
        return;
    // A name typed without an extension takes the chosen filter's.
    if (!exportFormatForPath(path))
        path += filter.contains(QLatin1String("*.svg")) ? QStringLiteral(".svg") : QStringLiteral(".png");
    exportTimelineTo(path);
}

} // namespace interleave
