// The Python tab: a script opened from the menu or dropped on the window, traced live with
// real CPython (/usr/bin/python3; skipped, saying so, where it is missing).

#include "window/mainwindow.h"
#include "../python_testing.h"

#include "python/codepane.h"
#include "pytrace/python_trace_builder.h"
#include "teachviews/lessonpanel.h"
#include "python/pythonview.h"
#include "timeline/timelinewidget.h"

#include <QAction>
#include <QCheckBox>
#include <QApplication>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <QSet>
#include <QTabWidget>
#include <QTest>
#include <QUrl>

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <unistd.h>

namespace interleave {
namespace {

using pythontest::kPython;

QString writeScript(const std::string& name, const std::string& code)
{
    return QString::fromStdString(pythontest::writeScript(name, code));
}

bool hasLane(const Trace& t, const std::string& name)
{
    for (std::size_t i = 0; i < t.laneCount(); ++i) {
        if (t.lane(static_cast<LaneId>(i)).name == name)
            return true;
    }
    return false;
}

State lastStateOf(const Trace& t, const std::string& name)
{
    for (std::size_t i = 0; i < t.laneCount(); ++i) {
        const auto id = static_cast<LaneId>(i);
        if (t.lane(id).name == name && t.spanCount(id) > 0)
            return t.span(id, t.spanCount(id) - 1).state;
    }
    return State::Unknown;
}

TEST(PythonView, OpenPythonScriptHasAShortcutOfItsOwn)
{
    MainWindow window;
    QAction* open = window.openPythonAction();
    ASSERT_NE(open, nullptr);
    EXPECT_EQ(open->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    // No other action of the window answers the same keys.
    for (QAction* other : window.findChildren<QAction*>()) {
        if (other == open)
            continue;
        for (const QKeySequence& keys : other->shortcuts())
            EXPECT_NE(keys, open->shortcut()) << other->text().toStdString();
    }
    // In the File menu, beside Open.
    bool inFileMenu = false;
    for (QAction* menu : window.menuBar()->actions()) {
        if (menu->menu() != nullptr && menu->text() == "&File")
            inFileMenu = menu->menu()->actions().contains(open);
    }
    EXPECT_TRUE(inFileMenu);
}

TEST(PythonView, EveryExampleIsInTheMenuAndOpensInThePythonTab)
{
    MainWindow window;
    QMenu* menu = window.pythonExamplesMenu();
    ASSERT_NE(menu, nullptr);
    const QList<QAction*> examples = menu->actions();
    ASSERT_GE(examples.size(), 13);
    EXPECT_TRUE(examples.front()->text().endsWith("(downloads_sequential.py)")) << examples.front()->text().toStdString();
    EXPECT_EQ(window.pythonView()->examplesButton()->menu(), menu) << "the view offers the same list";
    for (QAction* example : examples) {
        ASSERT_TRUE(example->isEnabled());
        example->trigger();
        EXPECT_TRUE(window.views()->currentWidget()->isAncestorOf(window.pythonView())); // its scrolled page
        const QString file = example->text().section('(', -1).chopped(1);
        EXPECT_TRUE(window.pythonView()->scriptPath().endsWith("/examples/" + file)) << file.toStdString();
        EXPECT_FALSE(window.pythonView()->codePane()->toPlainText().isEmpty()) << file.toStdString();
    }
}

TEST(PythonView, ADroppedScriptOpensInThePythonTab)
{
    MainWindow window;
    window.show();
    const QString script = writeScript("dropped.py", "print('hi')\nx = 1\n");
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(script)});
    QDragEnterEvent enter(QPoint(100, 100), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    EXPECT_TRUE(enter.isAccepted());
    QDropEvent drop(QPointF(100, 100), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    EXPECT_TRUE(window.views()->currentWidget()->isAncestorOf(window.pythonView())); // its scrolled page
    EXPECT_EQ(window.pythonView()->scriptPath(), QFileInfo(script).absoluteFilePath());
    EXPECT_EQ(window.pythonView()->codePane()->toPlainText(), "print('hi')\nx = 1\n");
    EXPECT_TRUE(window.pythonView()->runButton()->isEnabled());
    EXPECT_FALSE(window.pythonView()->stopButton()->isEnabled());

    // Anything else is refused.
    QMimeData other;
    other.setUrls({QUrl::fromLocalFile("/tmp/picture.png")});
    QDragEnterEvent refused(QPoint(100, 100), Qt::CopyAction, &other, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &refused);
    EXPECT_FALSE(refused.isAccepted());
}

TEST(PythonView, RunGrowsTheLanesLiveAndStreamsTheOutput)
{
    REQUIRE_PYTHON();
    PythonView view;
    view.setPython(kPython);
    view.resize(1280, 800);
    const QString script = writeScript("live.py", R"(import threading, time
print("first line", flush=True)
t = threading.Thread(target=time.sleep, args=(0.8,), name="napper")
t.start()
t.join()
print("last line")
)");
    ASSERT_TRUE(view.openScript(script));
    ASSERT_TRUE(view.run());
    EXPECT_TRUE(view.stopButton()->isEnabled());
    EXPECT_FALSE(view.runButton()->isEnabled());
    // While it runs: the thread's lane and the first line are there before the end.
    EXPECT_TRUE(QTest::qWaitFor([&] { return hasLane(view.timeline()->trace(), "napper"); }, 10000));
    EXPECT_TRUE(QTest::qWaitFor([&] { return view.outputPanel()->toPlainText().contains("first line"); }, 10000));
    EXPECT_TRUE(view.isRunning()) << "seen live, not after the end";
    EXPECT_TRUE(view.statusText().startsWith("Running live.py")) << view.statusText().toStdString();

    ASSERT_TRUE(QTest::qWaitFor([&] { return !view.isRunning(); }, 30000));
    EXPECT_TRUE(view.outputPanel()->toPlainText().contains("last line"));
    EXPECT_TRUE(view.statusText().startsWith("Exited with status 0 after ")) << view.statusText().toStdString();
    EXPECT_TRUE(view.errorText().isEmpty());
    EXPECT_EQ(lastStateOf(view.timeline()->trace(), "napper"), State::Done);
    EXPECT_TRUE(view.runButton()->isEnabled());
}

TEST(PythonView, ATracebackMarksItsLineAndTheLaneFails)
{
    REQUIRE_PYTHON();
    PythonView view;
    view.setPython(kPython);
    const QString script = writeScript("broken.py", R"(import threading

def work():
    return {}["missing"]

t = threading.Thread(target=work, name="worker")
t.start()
t.join()
raise SystemExit(3)
)");
    ASSERT_TRUE(view.openScript(script));
    ASSERT_TRUE(view.run());
    ASSERT_TRUE(QTest::qWaitFor([&] { return !view.isRunning(); }, 30000));
    EXPECT_TRUE(view.statusText().startsWith("Exited with status 3 after ")) << view.statusText().toStdString();
    EXPECT_EQ(view.errorText(), "In thread worker: KeyError: 'missing' · line 4: return {}[\"missing\"]");
    EXPECT_EQ(view.codePane()->markedLine(), 4);
    EXPECT_EQ(lastStateOf(view.timeline()->trace(), "worker"), State::Failed);
    EXPECT_TRUE(view.outputPanel()->toPlainText().contains("Traceback (most recent call last):"));
}

TEST(PythonView, TheFunctionsBoxNamesTheFunctionOfEachRunningStretchAndItsCost)
{
    REQUIRE_PYTHON();
    PythonView view;
    view.setPython(kPython);
    const QString script = writeScript("view_calls.py", R"(import threading


def compute(n):
    return sum(i * i for i in range(n))


t = threading.Thread(target=compute, args=(800_000,), name="worker")
t.start()
t.join()
)");
    ASSERT_TRUE(view.openScript(script));
    EXPECT_FALSE(view.callsBox()->isChecked()) << "off unless asked for: it slows the program down";
    view.callsBox()->setChecked(true);
    ASSERT_TRUE(view.run());
    EXPECT_FALSE(view.callsBox()->isEnabled());
    ASSERT_TRUE(QTest::qWaitFor([&] { return !view.isRunning(); }, 30000));
    const Trace trace = view.timeline()->trace();
    bool named = false;
    for (std::size_t i = 0; i < trace.laneCount(); ++i) {
        const auto id = static_cast<LaneId>(i);
        if (trace.lane(id).name != "worker")
            continue;
        for (std::size_t k = 0; k < trace.spanCount(id); ++k) {
            const Span span = trace.span(id, k);
            named = named || (span.state == State::Running
                              && pytrace::detailText(trace, span.detail) == "compute (view_calls.py:4)");
        }
    }
    EXPECT_TRUE(named);
    EXPECT_TRUE(view.noticeText().contains("Function calls were recorded")) << view.noticeText().toStdString();
    EXPECT_TRUE(view.callsBox()->isEnabled());
}

TEST(PythonView, AFloodOfOutputIsCutAndSaysSo)
{
    REQUIRE_PYTHON();
    PythonView view;
    view.setPython(kPython);
    ASSERT_TRUE(view.openScript(writeScript("floods.py", R"(for i in range(200_000):
    print("line", i)
print("the end")
)")));
    ASSERT_TRUE(view.run());
    ASSERT_TRUE(QTest::qWaitFor([&] { return !view.isRunning(); }, 60000));
    EXPECT_TRUE(view.statusText().startsWith("Exited with status 0")) << view.statusText().toStdString();
    EXPECT_LE(view.outputPanel()->blockCount(), PythonView::kMaxOutputLines);
    EXPECT_TRUE(view.outputPanel()->toPlainText().endsWith("the end\n")) << "the newest output is kept";
    EXPECT_TRUE(view.outputCutText().contains("earlier output not shown") || view.outputCutText().contains("only the last"))
        << view.outputCutText().toStdString();
    RecordProperty("cut", view.outputCutText().toStdString());
}

TEST(PythonView, ASyntaxErrorIsOneSentence)
{
    REQUIRE_PYTHON();
    PythonView view;
    view.setPython(kPython);
    ASSERT_TRUE(view.openScript(writeScript("typo.py", "x = 1\nprint(x\n")));
    ASSERT_TRUE(view.run());
    ASSERT_TRUE(QTest::qWaitFor([&] { return !view.isRunning(); }, 30000));
    EXPECT_TRUE(view.statusText().startsWith("typo.py did not run: line 2 has an error: SyntaxError: "))
        << view.statusText().toStdString();
    EXPECT_EQ(view.codePane()->markedLine(), 2);
}

TEST(PythonView, AMissingPythonIsOneSentence)
{
    PythonView view;
    view.setPython("/nonexistent/python3");
    ASSERT_TRUE(view.openScript(writeScript("any.py", "pass\n")));
    EXPECT_FALSE(view.run());
    EXPECT_FALSE(view.isRunning());
    EXPECT_EQ(view.statusText(), "There is no Python at /nonexistent/python3: install Python 3 to trace scripts.");
    view.setPython("no-such-python3");
    EXPECT_FALSE(view.run());
    EXPECT_TRUE(view.statusText().startsWith("Python 3 was not found (no no-such-python3 on PATH)"));
}

TEST(PythonView, TheLessonYourOwnProgramRunsItsExampleInThePythonTab)
{
    REQUIRE_PYTHON();
    MainWindow window;
    window.pythonView()->setPython(kPython);
    LessonPanel* lessons = window.lessonPanel();
    int index = -1;
    for (std::size_t i = 0; i < lessons->lessons().size(); ++i) {
        if (lessons->lessons()[i].id == "13-your-own-program")
            index = static_cast<int>(i);
    }
    ASSERT_GE(index, 0);
    lessons->setCurrentIndex(index);
    ASSERT_TRUE(lessons->selectAnswer(1));
    lessons->runAction()->trigger();
    EXPECT_TRUE(window.views()->currentWidget()->isAncestorOf(window.pythonView())); // its scrolled page
    EXPECT_TRUE(window.pythonView()->scriptPath().endsWith("/examples/threads_io.py"));
    EXPECT_TRUE(window.pythonView()->isRunning());
    ASSERT_TRUE(QTest::qWaitFor([&] { return lessons->resultShown(); }, 30000));
    EXPECT_TRUE(lessons->resultText().contains("Your prediction was right")) << lessons->resultText().toStdString();
    const Trace& t = window.pythonView()->timeline()->trace();
    for (int i = 0; i < 8; ++i)
        EXPECT_EQ(lastStateOf(t, "download-" + std::to_string(i)), State::Done) << i;
}

TEST(PythonView, ADeadlockIsSaidWhileItLastsAndStopEndsIt)
{
    REQUIRE_PYTHON();
    MainWindow window;
    window.pythonView()->setPython(kPython);
    QAction* deadlock = nullptr;
    for (QAction* example : window.pythonExamplesMenu()->actions()) {
        if (example->text().endsWith("(deadlock.py)"))
            deadlock = example;
    }
    ASSERT_NE(deadlock, nullptr);
    deadlock->trigger();
    window.runAction()->trigger();
    PythonView* view = window.pythonView();
    ASSERT_TRUE(view->isRunning());
    ASSERT_TRUE(QTest::qWaitFor([&] { return !view->errorText().isEmpty(); }, 20000)) << "no deadlock seen";
    EXPECT_TRUE(view->isRunning());
    EXPECT_TRUE(view->errorText().startsWith("a-then-b waits for the lock made at deadlock.py:11 and b-then-a waits "
                                             "for the lock made at deadlock.py:10, each for over a second"))
        << view->errorText().toStdString();
    window.stopAction()->trigger();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !view->isRunning(); }, 5000));
    EXPECT_TRUE(view->statusText().startsWith("Stopped after ")) << view->statusText().toStdString();
    EXPECT_FALSE(view->errorText().isEmpty()) << "the sentence stays after the stop";
    EXPECT_EQ(lastStateOf(view->timeline()->trace(), "a-then-b"), State::Stopped);
}

TEST(PythonView, StopEndsAScriptThatNeverEnds)
{
    REQUIRE_PYTHON();
    MainWindow window;
    window.pythonView()->setPython(kPython);
    const QString script = writeScript("sleeps_forever.py", R"(import multiprocessing, time
if __name__ == "__main__":
    child = multiprocessing.Process(target=time.sleep, args=(1000,), name="child")
    child.start()
    print("started", flush=True)
    time.sleep(1000)
)");
    ASSERT_TRUE(window.openPythonScript(script));
    // The window's Run runs the script on the Python tab.
    window.runAction()->trigger();
    ASSERT_TRUE(window.pythonView()->isRunning());
    EXPECT_TRUE(window.stopAction()->isEnabled());
    EXPECT_FALSE(window.runAction()->isEnabled());
    ASSERT_TRUE(QTest::qWaitFor([&] { return hasLane(window.pythonView()->timeline()->trace(), "child"); }, 20000));
    window.stopAction()->trigger();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !window.pythonView()->isRunning(); }, 5000));
    EXPECT_TRUE(window.pythonView()->statusText().startsWith("Stopped after ")) << window.pythonView()->statusText().toStdString();
    EXPECT_TRUE(window.runAction()->isEnabled());
}

} // namespace
} // namespace interleave
