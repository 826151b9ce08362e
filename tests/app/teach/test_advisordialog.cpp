#include "teachviews/advisordialog.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTextBrowser>

#include <gtest/gtest.h>

namespace interleave {
namespace {

TEST(AdvisorDialog, TheRecommendationFollowsTheAnswers)
{
    AdvisorDialog dialog;
    dialog.setAnswers({WorkBound::Cpu, TaskCount::Hundreds, false, true});
    EXPECT_EQ(dialog.advice().model, Model::ProcessPool);
    auto* text = dialog.findChild<QTextBrowser*>(QStringLiteral("advisorRecommendation"));
    ASSERT_NE(text, nullptr);
    EXPECT_TRUE(text->toPlainText().contains(QStringLiteral("process pool")));
    dialog.setAnswers({WorkBound::Io, TaskCount::Thousands, false, false});
    EXPECT_EQ(dialog.advice().model, Model::Asyncio);
    EXPECT_EQ(dialog.answers(), (AdvisorAnswers {WorkBound::Io, TaskCount::Thousands, false, false}));
}

TEST(AdvisorDialog, RunADemonstrationEmitsTheScenarioAndCloses)
{
    qRegisterMetaType<interleave::Scenario>();
    AdvisorDialog dialog;
    dialog.setAnswers({WorkBound::Io, TaskCount::Few, true, false});
    QSignalSpy spy(&dialog, &AdvisorDialog::demonstrationRequested);
    dialog.show();
    dialog.demonstrateButton()->click();
    ASSERT_EQ(spy.count(), 1);
    const auto scenario = spy.takeFirst().at(0).value<Scenario>();
    ASSERT_TRUE(scenario.run);
    EXPECT_EQ(scenario.run->model, dialog.advice().model);
    EXPECT_EQ(dialog.result(), QDialog::Accepted);
}

} // namespace
} // namespace interleave
