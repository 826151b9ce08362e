#include "window/mainwindow.h"

// The window's shell: its parts put together, the central area, the theme, the settings and
// the window events. The rest of the class lives beside it, one purpose a file:
// mainwindow_menus.cpp (actions, menus, toolbar), mainwindow_replay.cpp (replay, keys, zoom),
// mainwindow_run.cpp (the experiment run), mainwindow_files.cpp (open, export, drop),
// mainwindow_labtabs.cpp (the lab and comparison tabs), mainwindow_lessons.cpp (lessons).

#include "charts/speedupchart.h"
#include "guiresources.h"
#include "labviews/deadlockview.h"
#include "labviews/lockview.h"
#include "labviews/raceview.h"
#include "panels/experimentpanel.h"
#include "panels/lanelistview.h"
#include "python/pythonview.h"
#include "run/runcontroller.h"
#include "teachviews/classroommode.h"
#include "themepalette.h"
#include "timeline/replaybar.h"
#include "timeline/replaycontroller.h"
#include "timeline/timelinewidget.h"
#include "window/keyhintlabel.h"
#include "window/tabrow.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QIcon>
#include <QKeyEvent>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QScreen>
#include <QProgressBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <thread>

namespace interleave {
namespace {

// Bumped when the docks or toolbars change so much that an old saved layout would not fit.
constexpr int kWindowStateVersion = 1;

QString themeName(TimelineTheme theme)
{
    return theme == TimelineTheme::Dark ? QStringLiteral("dark") : QStringLiteral("light");
}

// Space is the window's key (run, replay, run a tab's demo), never a number field's, where it
// means nothing: a tab opened from the Lab menu gave its first field, a spin box, the focus,
// and the box took Space without a word.
class SpaceKeyForTheWindow : public QObject {
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::ShortcutOverride && qobject_cast<QAbstractSpinBox*>(watched) != nullptr) {
            const auto* key = static_cast<const QKeyEvent*>(event);
            if (key->key() == Qt::Key_Space && key->modifiers() == Qt::NoModifier) {
                event->ignore(); // not overridden: the window's shortcut takes it
                return true;
            }
        }
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    ensureGuiResources();
    setWindowTitle(tr("Interleave"));
    setAcceptDrops(true); // a .py file opens in the Python tab, a .json trace in the timeline
    setWindowIcon(QIcon(QStringLiteral(":/icons/interleave.svg")));
    resize(defaultSize());

    m_runController = new RunController(this);
    connect(m_runController, &RunController::traceUpdated, this, &MainWindow::onTraceUpdated);
    connect(m_runController, &RunController::finished, this, &MainWindow::onRunFinished);
    m_replay = new ReplayController(this);

    QApplication::instance()->installEventFilter(new SpaceKeyForTheWindow(this));
    createActions();
    createCentralArea();
    createReplayActions();
    createExperimentDock();
    createComparisonDock();
    createLabViews();
    createTabRow();
    createLearningDocks();
    createPythonExamplesMenu();
    createToolBar();
    createMenus();
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setRange(0, 0); // busy until a run says how many tasks it has
    m_progress->setFormat(tr("%v of %m tasks"));
    m_progress->setMaximumWidth(200);
    m_progress->setVisible(false);
    statusBar()->addPermanentWidget(m_progress);
    // What the keys do now: Space's meaning changes with what is on screen.
    m_keyHintLabel = new KeyHintLabel(statusBar());
    statusBar()->addPermanentWidget(m_keyHintLabel);
    statusBar()->showMessage(tr("Nothing running"));
    updateRunActions();
    restoreSettings();
}

MainWindow::~MainWindow() = default;
void MainWindow::createCentralArea()
{
    // Stands where the timeline will be drawn.
    m_timelinePlaceholder = new QLabel(tr("Choose a workload and a model, then press Run"), this);
    m_timelinePlaceholder->setObjectName(QStringLiteral("timelinePlaceholder"));
    m_timelinePlaceholder->setAlignment(Qt::AlignCenter);
    m_timelinePlaceholder->setWordWrap(true);
    m_timelinePlaceholder->setForegroundRole(QPalette::PlaceholderText);
    m_timelinePlaceholder->setBackgroundRole(QPalette::Base);
    m_timelinePlaceholder->setAutoFillBackground(true);
    QFont hintFont = m_timelinePlaceholder->font();
    hintFont.setPointSizeF(hintFont.pointSizeF() * 1.5);
    m_timelinePlaceholder->setFont(hintFont);

    m_timeline = new TimelineWidget(this);
    m_timeline->setObjectName(QStringLiteral("timeline"));
    m_timeline->setCoreCount(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
    m_laneList = new LaneListView(this);
    m_laneList->setObjectName(QStringLiteral("laneList"));
    m_views = new QTabWidget(this);
    m_views->setObjectName(QStringLiteral("views"));
    m_views->setDocumentMode(true);
    m_replayBar = new ReplayBar(m_replay, this);
    auto* timelinePage = new QWidget(this);
    auto* timelineLayout = new QVBoxLayout(timelinePage);
    timelineLayout->setContentsMargins(0, 0, 0, 0);
    timelineLayout->setSpacing(0);
    timelineLayout->addWidget(m_timeline, 1);
    timelineLayout->addWidget(m_replayBar);
    m_views->addTab(timelinePage, tr("&Timeline"));
    m_views->addTab(m_laneList, tr("La&nes")); // Alt+L is the Learn menu
    // The list's per-lane totals are recomputed only while it is shown, and once when it is.
    connect(m_views, &QTabWidget::currentChanged, this, [this] {
        if (m_views->currentWidget() == m_laneList)
            m_laneList->showTrace(m_timeline->trace());
        updateResultsStrip();
    });

    m_centralStack = new QStackedWidget(this);
    m_centralStack->addWidget(m_timelinePlaceholder);
    m_centralStack->addWidget(m_views);

    m_resultsStrip = new QLabel(this);
    m_resultsStrip->setObjectName(QStringLiteral("resultsStrip"));
    m_resultsStrip->setTextFormat(Qt::PlainText);
    m_resultsStrip->setWordWrap(true); // a long result wraps rather than running off the edge
    m_resultsStrip->setVisible(false); // an empty band above the hint until there is a result
    m_resultsStrip->setMargin(6);
    QFont stripFont = m_resultsStrip->font();
    stripFont.setPointSizeF(stripFont.pointSizeF() * 1.25);
    m_resultsStrip->setFont(stripFont);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_resultsStrip);
    layout->addWidget(m_centralStack, 1);
    setCentralWidget(central);
}

void MainWindow::createTabRow()
{
    // Above the tabs' pages, once every tab is there; shown with them (not over the hint that
    // stands in for the timeline before the first run).
    auto* row = new TabRow(m_views, this);
    auto* layout = qobject_cast<QBoxLayout*>(centralWidget()->layout());
    layout->insertWidget(layout->indexOf(m_centralStack), row);
    const auto follow = [this, row] { row->setVisible(m_centralStack->currentWidget() == m_views); };
    connect(m_centralStack, &QStackedWidget::currentChanged, this, follow);
    follow();
}

namespace {

// A dock's scroll area: as wide as its content wants (the dock then shows it whole, as without
// a scroll area), but never more than a share of the screen, past which it scrolls instead of
// pushing the window off a small screen (1024x768, classroom mode's large type).
class DockScrollArea : public QScrollArea {
public:
    using QScrollArea::QScrollArea;

    QSize minimumSizeHint() const override { return capped(widget()->minimumSizeHint(), QScrollArea::minimumSizeHint()); }
    QSize sizeHint() const override { return capped(widget()->sizeHint(), QScrollArea::sizeHint()); }

private:
    static constexpr double kMaxScreenShare = 0.3;

    QSize capped(QSize content, QSize own) const
    {
        int width = content.width() + verticalScrollBar()->sizeHint().width() + 2 * frameWidth();
        if (const QScreen* s = screen())
            width = std::min(width, static_cast<int>(s->availableGeometry().width() * kMaxScreenShare));
        return {width, own.height()};
    }
};

} // namespace

QScrollArea* MainWindow::scrolledDockContent(QWidget* content)
{
    auto* area = new DockScrollArea(this);
    area->setObjectName(content->objectName() + QStringLiteral("Scroll"));
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setWidget(content);
    return area;
}

void MainWindow::updateResultsStrip()
{
    // The strip speaks of the engine's run or the opened trace: above their views only. The
    // Python tab and the lab tabs say what their own runs did.
    QWidget* shown = m_views->currentWidget();
    const bool engineView = shown == m_timeline->parentWidget() || shown == m_laneList;
    m_resultsStrip->setVisible(m_resultsStripHasText && engineView);
}

void MainWindow::showView(QWidget* view)
{
    m_centralStack->setCurrentWidget(m_views);
    for (int i = 0; i < m_views->count(); ++i) {
        QWidget* page = m_views->widget(i);
        if (page == view || page->isAncestorOf(view)) // a lab view sits in a scroll area in its page
            m_views->setCurrentIndex(i);
    }
}

void MainWindow::setTheme(TimelineTheme theme)
{
    m_theme = theme;
    // In classroom mode the palette is the theme's high-contrast one, and the theme's own
    // comes back when the mode ends: the whole window stays in one theme.
    m_classroom->setTheme(theme);
    if (!m_classroom->isEnabled())
        QApplication::setPalette(themePalette(theme));
    m_timeline->setTheme(theme);
    m_speedupChart->setDarkTheme(theme == TimelineTheme::Dark);
    if (m_raceView != nullptr) // the lab views not built yet take the theme when they are
        m_raceView->timeline()->setTheme(theme);
    if (m_lockView != nullptr)
        m_lockView->setTheme(theme);
    if (m_deadlockView != nullptr)
        m_deadlockView->setTheme(theme);
    m_pythonView->setTheme(theme);
    (theme == TimelineTheme::Dark ? m_darkThemeAction : m_lightThemeAction)->setChecked(true);
    if (!m_restoringSettings) {
        QSettings settings(settingsOrganization(), settingsApplication());
        settings.setValue(QStringLiteral("view/theme"), themeName(theme));
    }
}

void MainWindow::restoreSettings()
{
    m_restoringSettings = true;
    QSettings settings(settingsOrganization(), settingsApplication());
    m_experimentPanel->restoreSettings(settings);
    const QString theme = settings.value(QStringLiteral("view/theme")).toString();
    setTheme(theme == themeName(TimelineTheme::Dark) ? TimelineTheme::Dark : TimelineTheme::Light);
    bool speedOk = false;
    const double speed = settings.value(QStringLiteral("replay/speed")).toDouble(&speedOk);
    m_replay->setSpeed(speedOk ? speed : ReplayClock::kDefaultSpeed);
    const double labSpeed = settings.value(QStringLiteral("labReplay/speed")).toDouble(&speedOk);
    setLabReplaySpeed(speedOk ? labSpeed : ReplayClock::kDefaultSpeed);
    // A missing or damaged geometry leaves the default size.
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray(), kWindowStateVersion);
    m_restoringSettings = false;
    updateKeyHint();
}

void MainWindow::saveExperimentSettings()
{
    QSettings settings(settingsOrganization(), settingsApplication());
    m_experimentPanel->saveSettings(settings);
}

void MainWindow::saveWindowSettings()
{
    QSettings settings(settingsOrganization(), settingsApplication());
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    // The dock is saved as the user left it, not as a lab tab set it aside.
    const bool aside = m_experimentDockAsideForLab;
    if (aside)
        m_experimentDock->show();
    settings.setValue(QStringLiteral("window/state"), saveState(kWindowStateVersion));
    if (aside)
        m_experimentDock->hide();
    m_experimentPanel->saveSettings(settings);
    settings.setValue(QStringLiteral("view/theme"), themeName(m_theme));
    settings.setValue(QStringLiteral("replay/speed"), m_replay->speed());
    settings.setValue(QStringLiteral("labReplay/speed"), m_labReplaySpeed);
}

void MainWindow::changeEvent(QEvent* event)
{
    QMainWindow::changeEvent(event);
    // Full screen may come and go without F11 (a restored geometry, the window manager).
    if (event->type() == QEvent::WindowStateChange && m_fullScreenAction != nullptr)
        m_fullScreenAction->setChecked(isFullScreen());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveWindowSettings();
    QMainWindow::closeEvent(event);
}

} // namespace interleave
