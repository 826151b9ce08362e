// Renders each teaching panel and dialog to PNG for a look, when INTERLEAVE_TEACH_SHOTS names a
// folder (e.g. INTERLEAVE_TEACH_SHOTS=/tmp). Otherwise skipped: it asserts only that the
// pictures were written.

#include "teachviews/advisordialog.h"
#include "teachviews/classroommode.h"
#include "teachviews/explanationpanel.h"
#include "teachviews/glossarydialog.h"
#include "teachviews/lessonpanel.h"

#include <QApplication>
#include <QDir>
#include <QMainWindow>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

namespace interleave {
namespace {

QString shotsDir()
{
    return qEnvironmentVariable("INTERLEAVE_TEACH_SHOTS");
}

bool save(QWidget& widget, const QString& name)
{
    widget.show();
    QTest::qWait(50);
    return widget.grab().save(QDir(shotsDir()).filePath(QStringLiteral("teach-%1.png").arg(name)));
}

void showRunLesson(LessonPanel& panel, int index, int answer, double wallMs)
{
    panel.setCurrentIndex(index);
    panel.selectAnswer(answer);
    panel.runAction()->trigger();
    RunResult result;
    result.wallNs = static_cast<TimeNs>(wallMs * 1e6);
    result.gilWaitNs = 2'900'000'000;
    panel.showResult(result);
}

TEST(TeachScreenshots, RenderEveryPanelAndDialog)
{
    if (shotsDir().isEmpty())
        GTEST_SKIP() << "set INTERLEAVE_TEACH_SHOTS to a folder to render the pictures";

    {
        LessonPanel panel;
        panel.resize(460, 860);
        EXPECT_TRUE(save(panel, QStringLiteral("lesson-quiz")));
        showRunLesson(panel, 2, 1, 1050);
        EXPECT_TRUE(save(panel, QStringLiteral("lesson-result")));
    }
    {
        ExplanationPanel panel;
        panel.resize(560, 760);
        panel.setTopic(QStringLiteral("threads"));
        panel.highlightState(State::BlockedIo);
        EXPECT_TRUE(save(panel, QStringLiteral("explanation-threads")));
        panel.setTopic(QStringLiteral("race"));
        panel.highlightTag(QStringLiteral("step:store"));
        EXPECT_TRUE(save(panel, QStringLiteral("explanation-race")));
    }
    {
        AdvisorDialog dialog;
        dialog.setAnswers({WorkBound::Io, TaskCount::Few, true, false});
        EXPECT_TRUE(save(dialog, QStringLiteral("advisor")));
    }
    {
        GlossaryDialog dialog;
        dialog.showTerm(QStringLiteral("convoy effect"));
        EXPECT_TRUE(save(dialog, QStringLiteral("glossary")));
    }
    {
        // Classroom mode: the lesson panel as a projector shows it. Its scale is remembered in
        // a settings folder of the test's own.
        QTemporaryDir settings;
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings.path());
        QMainWindow window;
        ClassroomMode mode(&window);
        mode.setFontScale(1.75);
        mode.setEnabled(true);
        LessonPanel panel;
        panel.resize(760, 1000);
        showRunLesson(panel, 1, 2, 252);
        EXPECT_TRUE(save(panel, QStringLiteral("classroom-lesson")));
        ExplanationPanel explanation;
        explanation.resize(800, 900);
        explanation.setTopic(QStringLiteral("asyncio"));
        explanation.highlightState(State::Suspended);
        EXPECT_TRUE(save(explanation, QStringLiteral("classroom-explanation")));
        AdvisorDialog advisor;
        advisor.setAnswers({WorkBound::Cpu, TaskCount::Hundreds, true, true});
        EXPECT_TRUE(save(advisor, QStringLiteral("classroom-advisor")));
        mode.setEnabled(false);
    }
}

} // namespace
} // namespace interleave
