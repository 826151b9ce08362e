// What the window and the command line say, in the words users read: state labels, the GIL
// checkbox and the model description, menu paths the lessons name, the strip's name, and a
// stopped run.

#include "../cli/commandline_testing.h"
#include "window/mainwindow.h"
#include "panels/experimentpanel.h"
#include "panels/lanelistview.h"
#include "run/runcontroller.h"
#include "teachviews/teachresources.h"
#include "timeline/timelinepainter.h"
#include "trace/trace.h"

#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTreeWidget>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace interleave {
namespace {

using cli::commandtest::runInterleave;

// The internal spellings a user must never read: the run-together state names.
std::vector<std::string> userwordsEnumSpellings()
{
    return {"WaitingGil", "BlockedIo", "WaitingLock"};
}

void userwordsExpectNoEnumSpelling(const std::string& text, const std::string& where)
{
    for (const std::string& word : userwordsEnumSpellings())
        EXPECT_EQ(text.find(word), std::string::npos) << where << " says " << word << ":\n" << text;
}

// A menu item's text as a lesson names it: no mnemonic '&', no trailing ellipsis.
QString userwordsPlainMenuText(QString text)
{
    text.remove(QLatin1Char('&'));
    if (text.endsWith(QChar(0x2026)))
        text.chop(1);
    if (text.endsWith(QStringLiteral("...")))
        text.chop(3);
    return text.trimmed();
}

// Every "Menu > Item" path (also "Menu > Sub > Item") a text names: the menu is one capitalised
// word, each step ends at " > ", the last at a closing bracket, a comma, a semicolon, a
// sentence's end or the text's end.
std::vector<QStringList> userwordsMenuPaths(const QString& text)
{
    std::vector<QStringList> paths;
    static const QRegularExpression path(
        QStringLiteral("\\b([A-Z][A-Za-z]+)((?: > [^>(),;\\n]+?)+)(?=[),;\\n]|\\s\\(|\\.(?:\\s|$)|$)"));
    for (auto it = path.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        QStringList steps {m.captured(1)};
        for (const QString& step : m.captured(2).split(QStringLiteral(" > "), Qt::SkipEmptyParts))
            steps.push_back(step.trimmed());
        paths.push_back(steps);
    }
    return paths;
}

// The action a path reaches in the window's menu bar, or nullptr.
QAction* userwordsFollowMenuPath(const MainWindow& window, const QStringList& steps)
{
    QList<QAction*> actions = window.menuBar()->actions();
    QAction* found = nullptr;
    for (const QString& step : steps) {
        found = nullptr;
        for (QAction* action : actions) {
            if (userwordsPlainMenuText(action->text()) == userwordsPlainMenuText(step)) {
                found = action;
                break;
            }
        }
        if (found == nullptr)
            return nullptr;
        actions = found->menu() != nullptr ? found->menu()->actions() : QList<QAction*> {};
    }
    return found;
}

// Every text of a lesson a user reads.
QStringList userwordsLessonTexts(const Lesson& lesson)
{
    QStringList texts {QString::fromStdString(lesson.title), QString::fromStdString(lesson.text),
        QString::fromStdString(lesson.explanation), QString::fromStdString(lesson.quiz.question),
        QString::fromStdString(lesson.scenario.description)};
    for (const std::string& choice : lesson.quiz.choices)
        texts.push_back(QString::fromStdString(choice));
    return texts;
}

TEST(UserWordsWindow, TheMenuPathsLessonsNameExist)
{
    MainWindow window;
    int named = 0;
    for (const Lesson& lesson : loadBuiltInLessons()) {
        for (const QString& text : userwordsLessonTexts(lesson)) {
            for (const QStringList& steps : userwordsMenuPaths(text)) {
                ++named;
                EXPECT_NE(userwordsFollowMenuPath(window, steps), nullptr)
                    << lesson.id << " names " << steps.join(QStringLiteral(" > ")).toStdString()
                    << ", which is not in the menus";
            }
        }
    }
    EXPECT_GE(named, 1) << "lesson 11 sends the reader to the advisor through a menu";
}

TEST(UserWordsWindow, TheMenuPathReaderReadsPaths)
{
    const auto paths = userwordsMenuPaths(QStringLiteral("Ask (Learn > Which model should I use?) now. "
                                                         "View > Theme > Dark. x > 0"));
    ASSERT_EQ(paths.size(), 2u);
    EXPECT_EQ(paths[0], (QStringList {"Learn", "Which model should I use?"}));
    EXPECT_EQ(paths[1], (QStringList {"View", "Theme", "Dark"}));
    MainWindow window;
    EXPECT_NE(userwordsFollowMenuPath(window, paths[0]), nullptr);
    EXPECT_NE(userwordsFollowMenuPath(window, paths[1]), nullptr);
    EXPECT_EQ(userwordsFollowMenuPath(window, {"Help", "Which model should I use?"}), nullptr);
}

TEST(UserWordsWindow, LessonsCallTheStripByItsOnScreenName)
{
    const QString name = TimelinePainter::parallelismStripName().toLower();
    int mentions = 0;
    static const QRegularExpression strip(QStringLiteral("\\b(\\S+ )strip\\b"), QRegularExpression::CaseInsensitiveOption);
    for (const Lesson& lesson : loadBuiltInLessons()) {
        for (const QString& text : userwordsLessonTexts(lesson)) {
            for (auto it = strip.globalMatch(text); it.hasNext();) {
                ++mentions;
                EXPECT_EQ(it.next().captured(0).toLower(), name) << lesson.id;
            }
        }
    }
    EXPECT_GE(mentions, 1);
}

TEST(UserWordsWindow, TheModelDescriptionFollowsTheGilCheckbox)
{
    ExperimentPanel panel;
    auto* gil = panel.findChild<QCheckBox*>(QStringLiteral("gil"));
    auto* description = panel.findChild<QLabel*>(QStringLiteral("modelDescription"));
    ASSERT_NE(gil, nullptr);
    ASSERT_NE(description, nullptr);
    // The box says what ticking it does, the line under it what its state means.
    auto* meaning = panel.findChild<QLabel*>(QStringLiteral("gilMeaning"));
    ASSERT_NE(meaning, nullptr);
    EXPECT_TRUE(gil->text().contains(QStringLiteral("Emulate CPython's"))) << gil->text().toStdString();
    gil->setChecked(true);
    EXPECT_EQ(meaning->text(), QStringLiteral("One thread runs Python at a time."));
    gil->setChecked(false);
    EXPECT_TRUE(meaning->text().contains(QStringLiteral("free-threaded"))) << meaning->text().toStdString();
    EXPECT_TRUE(meaning->text().contains(QStringLiteral("same time")));

    RunConfig c = panel.config();
    for (Model model : {Model::Threads, Model::ThreadPool, Model::Processes}) {
        c.model = model;
        c.gil = true;
        panel.setConfig(c);
        EXPECT_TRUE(description->text().contains(QStringLiteral("GIL"))) << description->text().toStdString();
        gil->setChecked(false);
        const QString off = description->text();
        EXPECT_FALSE(off.contains(QStringLiteral("GIL lets"))) << off.toStdString();
        EXPECT_FALSE(off.contains(QStringLiteral("own GIL"))) << off.toStdString();
        EXPECT_EQ(off, ExperimentPanel::describeModel(model, false));
        gil->setChecked(true);
        EXPECT_EQ(description->text(), ExperimentPanel::describeModel(model, true));
    }
    EXPECT_TRUE(ExperimentPanel::describeModel(Model::Threads, false).contains(QStringLiteral("same time")));
}

TEST(UserWordsWindow, TheLaneListSaysTheStateInWords)
{
    TraceBuilder b;
    const LaneId lane = b.addLane({.kind = LaneKind::Thread, .pid = 1, .tid = 2, .name = "Thread-1"});
    b.append(lane, {0, 0, State::Running});
    b.append(lane, {1'000'000, 0, State::WaitingGil});
    b.setLaneEnd(lane, 2'000'000);
    LaneListView view;
    view.showTrace(b.build());
    ASSERT_GE(view.laneModel()->rowCount(), 1);
    QStringList cells;
    for (int c = 0; c < view.laneModel()->columnCount(); ++c)
        cells << view.text(lane, c) << view.laneModel()->headerData(c, Qt::Horizontal).toString();
    const QString all = cells.join(QLatin1Char('|'));
    EXPECT_TRUE(all.contains(QStringLiteral("Waiting for the GIL"))) << all.toStdString();
    userwordsExpectNoEnumSpelling(all.toStdString(), "the lane list");
}

TEST(UserWordsWindow, AStoppedRunEndsItsLanesStoppedAndSaysSo)
{
    MainWindow window;
    RunConfig c;
    c.model = Model::Threads;
    c.workload = WorkloadKind::Io;
    c.tasks = 3;
    c.latencyMs = 5'000; // long enough to be stopped
    window.experimentPanel()->setConfig(c);
    QSignalSpy finished(window.runController(), &RunController::finished);
    window.runAction()->trigger();
    ASSERT_TRUE(window.runController()->isRunning());
    QSignalSpy updated(window.runController(), &RunController::traceUpdated);
    ASSERT_TRUE(updated.wait(5'000)); // something was recorded
    window.stopAction()->trigger();
    ASSERT_TRUE(finished.wait(10'000));
    ASSERT_TRUE(finished.at(0).at(0).value<RunResult>().cancelled);

    // The recorded trace: every lane cut short ends Stopped, none Failed.
    const Trace& trace = window.runController()->trace();
    ASSERT_GT(trace.laneCount(), 0u);
    int stopped = 0;
    for (std::size_t lane = 0; lane < trace.laneCount(); ++lane) {
        const std::size_t n = trace.spanCount(static_cast<LaneId>(lane));
        ASSERT_GT(n, 0u) << lane;
        const State last = trace.span(static_cast<LaneId>(lane), n - 1).state;
        EXPECT_NE(last, State::Failed) << trace.lane(static_cast<LaneId>(lane)).name;
        EXPECT_TRUE(last == State::Stopped || last == State::Done) << trace.lane(static_cast<LaneId>(lane)).name;
        stopped += last == State::Stopped ? 1 : 0;
    }
    EXPECT_GE(stopped, 3) << "the three sleeping threads were cut short";

    // The results strip and the status bar say the run was stopped.
    auto* strip = window.findChild<QLabel*>(QStringLiteral("resultsStrip"));
    ASSERT_NE(strip, nullptr);
    EXPECT_TRUE(strip->text().contains(QStringLiteral("stopped after"))) << strip->text().toStdString();
    EXPECT_FALSE(strip->text().contains(QStringLiteral("speedup")));
    EXPECT_TRUE(window.statusBar()->currentMessage().contains(QStringLiteral("stopped")))
        << window.statusBar()->currentMessage().toStdString();
}

TEST(UserWordsCommandLine, RunSaysStatesInWords)
{
    const auto r = runInterleave({"run", "--model", "threads", "--workload", "io", "--tasks", "2",
        "--latency-ms", "20"});
    ASSERT_EQ(r.result.status, 0) << r.err;
    EXPECT_NE(r.out.find("Blocked on I/O"), std::string::npos) << r.out;
    userwordsExpectNoEnumSpelling(r.out, "run");
}

TEST(UserWordsCommandLine, RunOfCpuThreadsSaysWaitingForTheGil)
{
    const auto r = runInterleave({"run", "--model", "threads", "--workload", "cpu", "--tasks", "2",
        "--work-ms", "20"});
    ASSERT_EQ(r.result.status, 0) << r.err;
    EXPECT_NE(r.out.find("Waiting for the GIL"), std::string::npos) << r.out;
    userwordsExpectNoEnumSpelling(r.out, "run");
}

TEST(UserWordsCommandLine, RunJsonKeepsItsNames)
{
    const auto r = runInterleave({"run", "--model", "asyncio", "--workload", "io", "--tasks", "2",
        "--latency-ms", "10", "--json"});
    ASSERT_EQ(r.result.status, 0) << r.err;
    EXPECT_EQ(r.out.find("Blocked on I/O"), std::string::npos) << r.out;
}

TEST(UserWordsCommandLine, CompareRaceAndDeadlockSpeakWords)
{
    const auto compare = runInterleave({"compare", "--workload", "io", "--tasks", "2", "--latency-ms", "10",
        "--models", "threads,asyncio"});
    ASSERT_EQ(compare.result.status, 0) << compare.err;
    userwordsExpectNoEnumSpelling(compare.out + compare.err, "compare");
    const auto race = runInterleave({"race", "--threads", "2", "--increments", "1000"});
    ASSERT_EQ(race.result.status, 0) << race.err;
    userwordsExpectNoEnumSpelling(race.out + race.err, "race");
    const auto deadlock = runInterleave({"deadlock"});
    userwordsExpectNoEnumSpelling(deadlock.out + deadlock.err, "deadlock");
    const auto demo = runInterleave({"demo"});
    ASSERT_EQ(demo.result.status, 0) << demo.err;
    userwordsExpectNoEnumSpelling(demo.out, "demo");
}

} // namespace
} // namespace interleave
