#include "teachviews/scenariofiles.h"

#include "teachviews/teachresources.h"

#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace interleave {
namespace {

TEST(ScenarioFiles, WritesAndReadsBack)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.json"));
    Scenario s;
    s.title = "Mine";
    s.run = RunConfig {};
    QString error;
    ASSERT_TRUE(writeScenarioFile(path, s, &error)) << error.toStdString();
    const auto back = readScenarioFile(path, &error);
    ASSERT_TRUE(back) << error.toStdString();
    EXPECT_EQ(*back, s);
}

TEST(ScenarioFiles, AMalformedFileGivesAMessageNamingTheFileAndTheField)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.json"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(
        R"({"version": 1, "title": "x", "run": {"model": "threads", "workload": "io", "tasks": "many"}})");
    file.close();
    QString error;
    EXPECT_FALSE(readScenarioFile(path, &error));
    EXPECT_TRUE(error.contains(QStringLiteral("bad.json"))) << error.toStdString();
    EXPECT_TRUE(error.contains(QStringLiteral("run.tasks must be an integer, not a string")))
        << error.toStdString();
}

TEST(ScenarioFiles, AMissingFileSaysItCannotBeOpened)
{
    QString error;
    EXPECT_FALSE(readScenarioFile(QStringLiteral("/nonexistent/x.json"), &error));
    EXPECT_TRUE(error.contains(QStringLiteral("cannot be opened"))) << error.toStdString();
}

TEST(ScenarioFiles, AFailedWriteKeepsTheOldFile)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.json"));
    Scenario s;
    s.title = "Old";
    s.run = RunConfig {};
    QString error;
    ASSERT_TRUE(writeScenarioFile(path, s, &error));
    Scenario bad = s;
    bad.title = "New";
    bad.run->tasks = -1;
    EXPECT_FALSE(writeScenarioFile(path, bad, &error));
    EXPECT_TRUE(error.contains(QStringLiteral("run.tasks"))) << error.toStdString();
    EXPECT_EQ(readScenarioFile(path, &error)->title, "Old");
}

TEST(ScenarioFiles, EveryBuiltInPresetLoadsFromTheResources)
{
    const auto presets = builtInScenarioPresets();
    EXPECT_GE(presets.size(), 10u);
    for (const auto& [path, scenario] : presets) {
        QString error;
        EXPECT_TRUE(readScenarioFile(path, &error)) << error.toStdString();
    }
}

} // namespace
} // namespace interleave
