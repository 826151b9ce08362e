#include "screens.h"
#include "windowgeometry.h"

#include "charts/comparechart.h"
#include "compare/compareview.h"
#include "engine/engine.h"
#include "labviews/deadlockview.h"
#include "labviews/raceview.h"
#include "panels/experimentpanel.h"
#include "run/runcontroller.h"
#include "teachviews/classroommode.h"
#include "teachviews/lessonpanel.h"
#include "themepalette.h"
#include "timeline/timelinewidget.h"
#include "trace/chrome_trace.h"
#include "trace/recorder.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QChart>
#include <QDockWidget>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QListWidget>
#include <QRadioButton>
#include <QStyle>
#include <QStyleOptionButton>
#include <QLabel>
#include <QLayout>
#include <QStatusBar>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <ostream>

namespace interleave {
namespace {

using testing_layout::clearWindowSettings;
using testing_layout::layoutProblems;
using testing_layout::minimumWidths;
using testing_layout::sizeText;
using testing_screens::screenOf;

// How the window is looked at: on which screen, in which theme, in classroom mode or not.
struct Look {
    QSize screen;
    TimelineTheme theme = TimelineTheme::Light;
    bool classroom = false;
};

std::string lookName(const Look& look)
{
    return testing_screens::nameOf(look.screen).toStdString()
        + (look.theme == TimelineTheme::Dark ? "_dark" : "_light") + (look.classroom ? "_classroom" : "");
}

void PrintTo(const Look& look, std::ostream* out)
{
    *out << lookName(look);
}

// The size the program gives its window on a screen (main.cpp, fitToScreen): the default,
// unless the screen's free area minus a title bar's room is smaller.
QSize startSize(const QScreen& screen)
{
    constexpr int kTitleBarRoom = 40;
    return MainWindow::defaultSize().boundedTo(screen.availableGeometry().size() - QSize(0, kTitleBarRoom));
}

// A window at the top left of a screen at the size the program gives it, both docks open.
std::unique_ptr<MainWindow> windowOn(QSize screenSize)
{
    clearWindowSettings();
    QScreen* screen = screenOf(screenSize);
    auto window = std::make_unique<MainWindow>();
    window->setScreen(screen);
    window->move(screen->availableGeometry().topLeft());
    window->resize(startSize(*screen));
    window->show();
    window->lessonDock()->show();
    EXPECT_TRUE(QTest::qWaitForWindowExposed(window.get()));
    return window;
}

// Layouts are applied and resizes delivered, as the event loop would before the next paint.
void settle(MainWindow& window)
{
    for (int i = 0; i < 3; ++i) {
        QApplication::processEvents();
        window.layout()->activate();
    }
}

// A short run's trace, opened: the readout, the results strip and the lane list have their
// texts.
bool openARun(MainWindow& window, const QTemporaryDir& dir)
{
    RunConfig c;
    c.model = Model::Threads;
    c.workload = WorkloadKind::Io;
    c.tasks = 4;
    c.latencyMs = 2;
    Recorder recorder;
    if (runModel(c, recorder).cancelled)
        return false;
    const QString path = dir.filePath(QStringLiteral("run.json"));
    saveChromeTrace(Trace::fromSnapshot(recorder.snapshot()), path.toStdString());
    QString error;
    return window.openFile(path, &error);
}

// Every tab in turn: the problems a user would find with the window (layoutProblems), each
// line naming its tab.
QStringList problemsOnEveryTab(MainWindow& window)
{
    QStringList all;
    for (int i = 0; i < window.views()->count(); ++i) {
        window.views()->setCurrentIndex(i);
        settle(window);
        const QString tab = window.views()->tabText(i).remove(QLatin1Char('&'));
        for (const QString& problem : layoutProblems(window))
            all << tab + QStringLiteral(": ") + problem;
    }
    return all;
}

// A window as a teacher has it at a projector: on the screen's top left at the size the
// program gives it, both docks open, a finished run opened, in the theme and mode asked for.
class WindowAtSize : public testing::TestWithParam<Look> {
protected:
    void SetUp() override
    {
        ASSERT_NE(screenOf(GetParam().screen), nullptr) << "the test platform has no such screen";
        window = windowOn(GetParam().screen);
        window->setTheme(GetParam().theme);
        ASSERT_TRUE(openARun(*window, dir));
        if (GetParam().classroom)
            window->classroomMode()->setEnabled(true);
        settle(*window);
    }

    void TearDown() override
    {
        if (window)
            window->classroomMode()->setEnabled(false);
        window.reset();
        clearWindowSettings();
        QApplication::setPalette(MainWindow::paletteFor(TimelineTheme::Light));
    }

    // Where the screen says the window is to be: its start size, or the whole screen in
    // classroom mode (full screen).
    QSize expectedSize() const
    {
        const QScreen* screen = screenOf(GetParam().screen);
        return GetParam().classroom ? screen->geometry().size() : startSize(*screen);
    }

    QTemporaryDir dir;
    std::unique_ptr<MainWindow> window;
};

// Every tab, both docks open: the window keeps the size the screen gives it (its minimum fits
// it), nothing reaches outside it, nothing is squeezed below its minimum, no text is cut and
// no page scrolls sideways.
TEST_P(WindowAtSize, EveryTabFitsWithBothDocksOpen)
{
    for (int i = 0; i < window->views()->count(); ++i) {
        window->views()->setCurrentIndex(i);
        settle(*window);
        const QString tab = window->views()->tabText(i).remove(QLatin1Char('&'));
        EXPECT_EQ(sizeText(window->size()).toStdString(), sizeText(expectedSize()).toStdString())
            << tab.toStdString() << ": " << minimumWidths(*window).toStdString();
        const QStringList problems = layoutProblems(*window);
        EXPECT_TRUE(problems.isEmpty()) << tab.toStdString() << " (" << minimumWidths(*window).toStdString()
                                        << "):\n  " << problems.join(QStringLiteral("\n  ")).toStdString();
        EXPECT_FALSE(window->grab().isNull());
    }
}

INSTANTIATE_TEST_SUITE_P(Screens, WindowAtSize,
    testing::Values(Look {{1024, 768}}, Look {{1280, 720}}, Look {{1280, 800}}, Look {{1920, 1080}},
        Look {{1024, 768}, TimelineTheme::Dark}, Look {{1280, 800}, TimelineTheme::Dark},
        Look {{1920, 1080}, TimelineTheme::Dark}, Look {{1280, 800}, TimelineTheme::Light, true},
        Look {{1280, 800}, TimelineTheme::Dark, true}, Look {{1920, 1080}, TimelineTheme::Dark, true},
        Look {{1024, 768}, TimelineTheme::Light, true}, Look {{1280, 720}, TimelineTheme::Dark, true}),
    [](const testing::TestParamInfo<Look>& info) { return lookName(info.param); });


class ClassroomAtSize : public testing::Test {
protected:
    void TearDown() override
    {
        if (window)
            window->classroomMode()->setEnabled(false);
        window.reset();
        clearWindowSettings();
        QApplication::setPalette(MainWindow::paletteFor(TimelineTheme::Light));
    }

    QTemporaryDir dir;
    std::unique_ptr<MainWindow> window;
};

// F6 at a 1280x800 projector: the window takes the screen and no more (it grew to 1,454 px),
// and F6 again gives back the size it had. The lesson list shows its six rows whole.
TEST_F(ClassroomAtSize, StaysOnA1280x800ScreenAndGivesTheSizeBack)
{
    window = windowOn({1280, 800});
    const QSize before = window->size();
    window->classroomMode()->setEnabled(true);
    settle(*window);
    EXPECT_EQ(sizeText(window->size()).toStdString(), "1280x800") << minimumWidths(*window).toStdString();
    EXPECT_LE(window->minimumSizeHint().width(), 1280);
    const auto* list = window->lessonPanel()->findChild<QListWidget*>(QStringLiteral("lessonList"));
    ASSERT_NE(list, nullptr);
    EXPECT_GE(list->viewport()->height(), 6 * list->sizeHintForRow(0)) << "six rows whole";
    window->classroomMode()->setEnabled(false);
    settle(*window);
    EXPECT_EQ(sizeText(window->size()).toStdString(), sizeText(before).toStdString());
}

// Every lesson in classroom type at 1280x800: its text, its quiz and its buttons fit the
// Lessons dock ("Show the demo" pushed Next off its edge, and the dock scrolled sideways).
TEST_F(ClassroomAtSize, EveryLessonFitsTheLessonsDock)
{
    window = windowOn({1280, 800});
    window->classroomMode()->setEnabled(true);
    for (int i = 0; i < static_cast<int>(window->lessonPanel()->lessons().size()); ++i) {
        window->lessonPanel()->setCurrentIndex(i);
        settle(*window);
        const QStringList problems = layoutProblems(*window);
        EXPECT_TRUE(problems.isEmpty()) << window->lessonPanel()->lessons()[static_cast<std::size_t>(i)].id << ":\n  "
                                        << problems.join(QStringLiteral("\n  ")).toStdString();
    }
}

// A lab tab first opened in classroom mode has the type of one opened before it, and gives it
// back with the mode (the race view, built in the large type, scaled its 120 % of that again:
// 33 pt where 21 pt was meant, and 19 pt after the mode).
TEST_F(ClassroomAtSize, ALabTabOpenedInTheModeIsScaledOnce)
{
    window = windowOn({1280, 800});
    const double ordinary = window->raceView()->font().pointSizeF(); // built now, ordinary type
    window->classroomMode()->setEnabled(true);
    const double large = window->raceView()->font().pointSizeF();
    window->classroomMode()->setEnabled(false);
    window.reset();

    window = windowOn({1280, 800});
    window->classroomMode()->setEnabled(true);
    settle(*window); // the large type has reached every widget
    window->showView(window->raceView()); // built now, in the mode
    settle(*window);
    EXPECT_DOUBLE_EQ(window->raceView()->font().pointSizeF(), large);
    window->classroomMode()->setEnabled(false);
    EXPECT_DOUBLE_EQ(window->raceView()->font().pointSizeF(), ordinary);
}

// F6 at a 1024x768 projector with the Timeline in front: the Experiment and Lessons docks
// show their content whole at their share of the screen (the panel needed 15 px more, the
// quiz's title 38), nothing scrolls sideways.
TEST_F(ClassroomAtSize, DocksFitA1024x768Screen)
{
    window = windowOn({1024, 768});
    ASSERT_TRUE(openARun(*window, dir));
    window->classroomMode()->setEnabled(true);
    settle(*window);
    EXPECT_EQ(sizeText(window->size()).toStdString(), "1024x768");
    const QStringList problems = layoutProblems(*window);
    EXPECT_TRUE(problems.isEmpty()) << problems.join(QStringLiteral("\n  ")).toStdString();
}

// F6 at the smallest projectors: the window takes the screen and every tab fits it, both docks
// open (at 1024x768 the window needed 1,046 px; at 1280x720 the Python tab was 24 px short).
TEST_F(ClassroomAtSize, EveryTabFitsA1024x768Screen)
{
    window = windowOn({1024, 768});
    ASSERT_TRUE(openARun(*window, dir));
    window->classroomMode()->setEnabled(true);
    settle(*window);
    EXPECT_EQ(sizeText(window->size()).toStdString(), "1024x768") << minimumWidths(*window).toStdString();
    EXPECT_LE(window->minimumSizeHint().width(), 1024) << minimumWidths(*window).toStdString();
    const QStringList problems = problemsOnEveryTab(*window);
    EXPECT_TRUE(problems.isEmpty()) << problems.join(QStringLiteral("\n  ")).toStdString();
}

TEST_F(ClassroomAtSize, EveryTabFitsA1280x720Screen)
{
    window = windowOn({1280, 720});
    ASSERT_TRUE(openARun(*window, dir));
    window->classroomMode()->setEnabled(true);
    settle(*window);
    EXPECT_EQ(sizeText(window->size()).toStdString(), "1280x720") << minimumWidths(*window).toStdString();
    EXPECT_LE(window->minimumSizeHint().height(), 720);
    const QStringList problems = problemsOnEveryTab(*window);
    EXPECT_TRUE(problems.isEmpty()) << problems.join(QStringLiteral("\n  ")).toStdString();
}

// A short run of four threads, run from the window as Run does; true once it has finished.
bool runAShortExperiment(MainWindow& window)
{
    RunConfig c;
    c.model = Model::Threads;
    c.workload = WorkloadKind::Io;
    c.tasks = 4;
    c.latencyMs = 2;
    window.experimentPanel()->setConfig(c);
    window.runExperiment();
    return QTest::qWaitFor([&] { return !window.runController()->isRunning(); }, 15'000);
}

// The status bar at a 1024x768 projector in classroom type: what just happened ("Finished:
// Space replays it, Left and Right step through its state changes") reads whole; it was cut
// where the key hint begins. The hint steps aside for it and comes back when it goes; on a
// 1280x800 screen in the ordinary type the two share the bar.
TEST_F(ClassroomAtSize, TheStatusBarsMessageReadsWholeBesideTheKeyHint)
{
    window = windowOn({1024, 768});
    window->classroomMode()->setEnabled(true);
    settle(*window);
    const auto* hint = window->statusBar()->findChild<QLabel*>(QStringLiteral("keyHint"));
    ASSERT_NE(hint, nullptr);
    ASSERT_TRUE(runAShortExperiment(*window));
    settle(*window);
    const QString said = window->statusBar()->currentMessage();
    ASSERT_TRUE(said.startsWith(QStringLiteral("Finished"))) << said.toStdString();
    QStringList problems = layoutProblems(*window).filter(QStringLiteral("status bar"));
    EXPECT_TRUE(problems.isEmpty()) << problems.join(QStringLiteral("\n  ")).toStdString();

    window->statusBar()->clearMessage();
    settle(*window);
    EXPECT_TRUE(hint->isVisible()) << "the hint is back once the message has gone";

    window->classroomMode()->setEnabled(false);
    window.reset();
    window = windowOn({1280, 800});
    ASSERT_TRUE(runAShortExperiment(*window));
    settle(*window);
    problems = layoutProblems(*window).filter(QStringLiteral("status bar"));
    EXPECT_TRUE(problems.isEmpty()) << problems.join(QStringLiteral("\n  ")).toStdString();
    hint = window->statusBar()->findChild<QLabel*>(QStringLiteral("keyHint"));
    ASSERT_NE(hint, nullptr);
    EXPECT_TRUE(hint->isVisible()) << "beside a message that leaves it room the hint stays: "
                                   << window->statusBar()->currentMessage().toStdString();
}

// The texts QtCharts shows in a chart: its title, the axes' labels and titles, the legend.
QStringList chartTextsShown(const QChartView& view)
{
    QStringList texts;
    for (const QGraphicsItem* item : view.scene()->items())
        if (const auto* text = dynamic_cast<const QGraphicsTextItem*>(item); text != nullptr && text->isVisible())
            texts << text->toPlainText();
    return texts;
}

// The Compare tab in classroom type at the projectors' sizes: its charts' type grows with the
// window's (it stayed as small as outside the mode), and no text of theirs is cut ("sequen...",
// "wall tim..."): the models' names read whole, larger than in the ordinary type.
TEST_F(ClassroomAtSize, TheCompareChartsFollowTheTypeAndNameEveryModelWhole)
{
    for (const QSize screen : {QSize(1024, 768), QSize(1280, 800)}) {
        window = windowOn(screen);
        window->showView(window->compareView());
        settle(*window);
        CompareChart* wall = window->compareView()->wallTimeChart();
        const double ordinaryTitle = wall->chart()->titleFont().pointSizeF();
        const double ordinaryNames = wall->categoryFont().pointSizeF();
        window->classroomMode()->setEnabled(true);
        settle(*window);
        for (CompareChart* chart : {wall, window->compareView()->speedupChart()}) {
            const std::string where = sizeText(screen).toStdString() + " " + chart->objectName().toStdString();
            EXPECT_GT(chart->chart()->titleFont().pointSizeF(), ordinaryTitle * 1.3) << where; // as large as its width allows
            EXPECT_GT(chart->categoryFont().pointSizeF(), ordinaryNames) << where;
            const QString texts = chartTextsShown(*chart).join(QLatin1Char('|'));
            EXPECT_FALSE(texts.contains(QStringLiteral("..."))) << where << ": " << texts.toStdString();
        }
        window->classroomMode()->setEnabled(false);
        window.reset();
    }
}

// The Deadlock tab beside the Lessons dock in classroom type: its program's longest line
// (about 920 px) made the tab scroll sideways by 69 px; now it is drawn to fit.
TEST_F(ClassroomAtSize, DeadlockProgramFitsBesideTheLessons)
{
    for (const QSize screen : {QSize(1280, 800), QSize(1024, 768)}) {
        window = windowOn(screen);
        window->classroomMode()->setEnabled(true);
        window->showView(window->deadlockView());
        settle(*window);
        const QStringList problems = layoutProblems(*window);
        EXPECT_TRUE(problems.isEmpty()) << sizeText(screen).toStdString() << ":\n  "
                                        << problems.join(QStringLiteral("\n  ")).toStdString();
        window->classroomMode()->setEnabled(false);
        window.reset();
    }
}

// The timeline in classroom type at each projector size: every lane's name whole (a process's
// pid may go), and the parallelism strip's label and the axis's words uncut.
TEST_F(ClassroomAtSize, TimelineNamesReadWhole)
{
    for (const QSize screen : {QSize(1024, 768), QSize(1280, 720), QSize(1280, 800)}) {
        window = windowOn(screen);
        ASSERT_TRUE(openARun(*window, dir));
        window->classroomMode()->setEnabled(true);
        settle(*window);
        const QStringList cut = window->timeline()->cutTexts();
        EXPECT_TRUE(cut.isEmpty()) << sizeText(screen).toStdString() << ": "
                                   << cut.join(QStringLiteral(" | ")).toStdString();
        window->classroomMode()->setEnabled(false);
        window.reset();
    }
}

// Classroom mode in the dark theme is dark too, all of it; a theme chosen while it is on
// stays when it ends (leaving it in the dark theme gave a light window round a dark timeline).
TEST_F(ClassroomAtSize, AndTheDarkThemeCompose)
{
    window = windowOn({1280, 800});
    const auto windowColour = [] { return QApplication::palette().color(QPalette::Window); };
    window->setTheme(TimelineTheme::Dark);
    window->classroomMode()->setEnabled(true);
    EXPECT_LT(windowColour().lightness(), 40) << "classroom mode in the dark theme is dark";
    EXPECT_GT(QApplication::palette().color(QPalette::WindowText).lightness(), 220);
    EXPECT_EQ(window->timeline()->theme(), TimelineTheme::Dark);
    window->classroomMode()->setEnabled(false);
    EXPECT_EQ(windowColour(), themePalette(TimelineTheme::Dark).color(QPalette::Window));

    window->setTheme(TimelineTheme::Light);
    window->classroomMode()->setEnabled(true);
    EXPECT_GT(windowColour().lightness(), 220);
    window->setTheme(TimelineTheme::Dark); // chosen while the mode is on
    EXPECT_LT(windowColour().lightness(), 40);
    window->classroomMode()->setEnabled(false);
    EXPECT_EQ(windowColour(), themePalette(TimelineTheme::Dark).color(QPalette::Window));
    EXPECT_EQ(window->timeline()->theme(), TimelineTheme::Dark);
}

// What a quiz answer's radio button shows: the pixels of its indicator and of its number.
struct ChoiceLook {
    QColor centre;      // the middle of the indicator
    int ringContrast;   // the most any indicator pixel differs in lightness from the window
    int numberContrast; // the same for the number beside it
    int indicatorHeight;
};

ChoiceLook lookAt(QRadioButton& button)
{
    QStyleOptionButton option;
    option.initFrom(&button);
    const QRect indicator = button.style()->subElementRect(QStyle::SE_RadioButtonIndicator, &option, &button);
    const QRect contents = button.style()->subElementRect(QStyle::SE_RadioButtonContents, &option, &button);
    const QImage image = button.grab().toImage();
    const int window = button.palette().color(QPalette::Window).lightness();
    const auto contrast = [&](QRect r) {
        int most = 0;
        for (int y = r.top(); y <= r.bottom(); ++y)
            for (int x = r.left(); x <= r.right(); ++x)
                if (image.rect().contains(x, y))
                    most = std::max(most, std::abs(QColor(image.pixel(x, y)).lightness() - window));
        return most;
    };
    return {image.pixelColor(indicator.center()), contrast(indicator), contrast(contents), indicator.height()};
}

// The quiz's answers in the dark theme: an unchosen one is an empty ring (it was a dark disc
// that read as chosen), a chosen one has a dot, and the numbers are light on dark. In classroom
// type the indicator grows with the type.
TEST_F(ClassroomAtSize, QuizAnswersReadInTheDarkAndGrowWithTheType)
{
    window = windowOn({1280, 800});
    window->setTheme(TimelineTheme::Dark);
    settle(*window);
    auto* first = window->lessonPanel()->findChild<QRadioButton*>(QStringLiteral("choice0"));
    auto* second = window->lessonPanel()->findChild<QRadioButton*>(QStringLiteral("choice1"));
    ASSERT_NE(first, nullptr);
    ASSERT_NE(second, nullptr);
    ASSERT_TRUE(window->lessonPanel()->selectAnswer(1));
    const QPalette dark = themePalette(TimelineTheme::Dark);
    const ChoiceLook unchosen = lookAt(*first);
    const ChoiceLook chosen = lookAt(*second);
    EXPECT_EQ(unchosen.centre, dark.color(QPalette::Base)) << "an unchosen answer's indicator is empty";
    EXPECT_NE(chosen.centre, dark.color(QPalette::Base)) << "a chosen answer's has a dot";
    EXPECT_GT(unchosen.ringContrast, 100) << "the ring stands out from the window";
    EXPECT_GT(unchosen.numberContrast, 100) << "the number is readable";

    window->classroomMode()->setEnabled(true);
    settle(*window);
    const ChoiceLook big = lookAt(*first);
    EXPECT_GE(big.indicatorHeight, first->fontInfo().pixelSize() * 8 / 10) << "the indicator grows with the type";
    EXPECT_GT(big.numberContrast, 100);
}

} // namespace
} // namespace interleave
