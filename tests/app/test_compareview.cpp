#include "compare/compareview.h"

#include "analysis/csv.h"
#include "charts/comparechart.h"
#include "charts/cpuchart.h"
#include "charts/sweepchart.h"
#include "contrast_testing.h"
#include "palette_testing.h"
#include "teachviews/classroommode.h"
#include "themepalette.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

#include <gtest/gtest.h>

#include <unistd.h>

namespace interleave {
namespace {

// Where the test saves what it renders, for a person to look at: set INTERLEAVE_SHOT_DIR.
void saveShot(QWidget& widget, const char* name)
{
    const QByteArray dir = qgetenv("INTERLEAVE_SHOT_DIR");
    if (dir.isEmpty())
        return;
    // The charts lay out their legends on the next turn of the event loop, as on screen.
    for (int i = 0; i < 3; ++i)
        QApplication::processEvents();
    widget.grab().save(QDir(QString::fromLocal8Bit(dir)).filePath(QString::fromLatin1(name)));
}

void configure(CompareView& view)
{
    view.setWorkerPath(QStringLiteral(INTERLEAVE_WORKER_PATH));
    CompareView::CompareSettings s;
    s.tasks = 4;
    s.latencyMs = 40;
    s.workMs = 30;
    view.setCompareSettings(s);
}

bool waitForRun(CompareView& view, int seconds = 120)
{
    QSignalSpy finished(&view, &CompareView::runFinished);
    return view.isRunning() ? finished.wait(seconds * 1000) : true;
}

TEST(CompareView, RunsAllSixModelsForIoAndCpuAndCharts)
{
    CompareView view;
    configure(view);
    view.resize(1280, 760);
    view.show();
    QString error;
    ASSERT_TRUE(view.runAllModels(&error)) << error.toStdString();
    EXPECT_TRUE(view.isRunning());
    EXPECT_TRUE(view.stopButton()->isEnabled());
    // A second run waits for the first.
    EXPECT_FALSE(view.runAllModels(&error));
    EXPECT_FALSE(error.isEmpty());
    // Part-way: the progress names the model under way, "n of 36 runs" (3 rounds of 12).
    QSignalSpy finished(&view, &CompareView::runFinished);
    for (int i = 0; i < 600 && view.compareRuns().size() < 3 && finished.isEmpty(); ++i)
        QTest::qWait(50);
    if (view.isRunning()) {
        EXPECT_TRUE(view.progressLabel()->text().contains(" of 36 runs"))
            << view.progressLabel()->text().toStdString();
        saveShot(view, "compare-progress.png");
    }
    ASSERT_TRUE(finished.count() > 0 || finished.wait(120'000));

    ASSERT_EQ(view.compareRuns().size(), 12u);
    int io = 0, cpu = 0;
    for (const MeasuredRun& run : view.compareRuns()) {
        EXPECT_TRUE(run.result.errors.empty()) << run.result.errors.front();
        EXPECT_FALSE(run.result.cancelled);
        EXPECT_GT(run.speedup, 0.0);
        (run.config.workload == WorkloadKind::Io ? io : cpu) += 1;
        EXPECT_EQ(run.config.tasks, 4);
        // The window repeats each model three times: the bar is the median of the three.
        EXPECT_EQ(run.wall.runs, 3);
        ASSERT_EQ(run.wall.allNs.size(), 3u);
        EXPECT_LE(run.wall.minNs, run.result.wallNs);
        EXPECT_GE(run.wall.maxNs, run.result.wallNs);
        EXPECT_LE(run.wall.speedupLow, run.speedup);
        EXPECT_GE(run.wall.speedupHigh, run.speedup);
    }
    EXPECT_EQ(io, 6);
    EXPECT_EQ(cpu, 6);
    // A whisker over every bar; the captions give the range.
    EXPECT_EQ(view.wallTimeChart()->whiskerCount(), 12);
    EXPECT_EQ(view.speedupChart()->whiskerCount(), 12);
    EXPECT_TRUE(view.captions()->text().contains("Median of 3 runs")) << view.captions()->text().toStdString();
    EXPECT_EQ(view.wallTimeChart()->seriesCount(), 2);
    EXPECT_EQ(view.wallTimeChart()->categoryCount(), 6);
    EXPECT_EQ(view.speedupChart()->seriesCount(), 2);
    EXPECT_GE(view.cpuChart()->coreCount(), 1);
    EXPECT_FALSE(view.stopButton()->isEnabled());
    EXPECT_TRUE(view.progressLabel()->text().startsWith("Done"))
        << view.progressLabel()->text().toStdString();
    saveShot(view, "compare-models.png");

    // CSV of all twelve.
    const QString path = QDir::temp().filePath(QStringLiteral("compareview-%1.csv").arg(::getpid()));
    ASSERT_TRUE(view.exportCsv(path, &error)) << error.toStdString();
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const auto records = parseCsv(file.readAll().toStdString());
    EXPECT_EQ(records.size(), 13u);
    file.remove();
}

TEST(CompareView, SweepFitsAmdahl)
{
    CompareView view;
    configure(view);
    view.resize(1280, 760);
    view.show();
    CompareView::SweepSettings s;
    s.model = Model::ThreadPool;
    s.workload = WorkloadKind::Io;
    s.tasks = 8;
    s.taskMs = 30;
    s.workers = "1,2,4,8";
    view.setSweepSettings(s);
    QString error;
    ASSERT_TRUE(view.runSweep(&error)) << error.toStdString();
    EXPECT_EQ(view.tabs()->currentIndex(), 1);
    ASSERT_TRUE(waitForRun(view));
    ASSERT_EQ(view.sweepRuns().size(), 4u);
    ASSERT_TRUE(view.fittedParallelFraction().has_value());
    EXPECT_GT(*view.fittedParallelFraction(), 0.7); // waits overlap
    EXPECT_EQ(view.sweepChart()->measuredCount(), 4);
    EXPECT_EQ(view.sweepChart()->whiskerCount(), 4);
    // Four worker counts: the fit separates a start-up cost from the serial fraction.
    ASSERT_TRUE(view.startupFit().has_value());
    EXPECT_TRUE(view.sweepChart()->fitLegend().startsWith("fit: ")) << view.sweepChart()->fitLegend().toStdString();
    EXPECT_TRUE(view.sweepCaption()->text().contains("Serial fraction")) << view.sweepCaption()->text().toStdString();
    saveShot(view, "compare-sweep.png");
}

TEST(CompareView, BadSettingsAreRefusedAndChangeNothing)
{
    CompareView view;
    configure(view);
    CompareView::SweepSettings s;
    s.workers = "1-100";
    view.setSweepSettings(s);
    QString error;
    EXPECT_FALSE(view.runSweep(&error));
    EXPECT_TRUE(error.contains("outside")) << error.toStdString();
    EXPECT_FALSE(view.isRunning());

    CompareView::CompareSettings c;
    c.io = false;
    c.cpu = false;
    view.setCompareSettings(c);
    EXPECT_FALSE(view.runAllModels(&error));
    EXPECT_FALSE(view.isRunning());

    // Nothing to export yet, and an unwritable path is a clear error.
    EXPECT_FALSE(view.exportCsv(QDir::temp().filePath("never.csv"), &error));
    EXPECT_TRUE(view.compareRuns().empty());
}

TEST(CompareView, StopEndsTheRunPromptly)
{
    CompareView view;
    configure(view);
    CompareView::CompareSettings c;
    c.tasks = 2;
    c.latencyMs = 5'000;
    c.cpu = false;
    view.setCompareSettings(c);
    QString error;
    ASSERT_TRUE(view.runAllModels(&error)) << error.toStdString();
    QSignalSpy finished(&view, &CompareView::runFinished);
    QTest::qWait(150);
    view.stop();
    ASSERT_TRUE(finished.wait(5'000));
    EXPECT_FALSE(view.isRunning());
    EXPECT_LE(view.compareRuns().size(), 1u);
    EXPECT_TRUE(view.progressLabel()->text().startsWith("Stopped"))
        << view.progressLabel()->text().toStdString();

    // What stopped still exports; an unwritable path says so and names it.
    if (!view.compareRuns().empty()) {
        EXPECT_FALSE(view.exportCsv("/nonexistent-folder/results.csv", &error));
        EXPECT_TRUE(error.contains("/nonexistent-folder/results.csv")) << error.toStdString();
    }
}

TEST(CompareView, ClosingDuringARunStopsIt)
{
    auto view = std::make_unique<CompareView>();
    configure(*view);
    CompareView::CompareSettings c;
    c.tasks = 2;
    c.latencyMs = 5'000;
    view->setCompareSettings(c);
    ASSERT_TRUE(view->runAllModels());
    QTest::qWait(50);
    view.reset(); // joins within the engine's 200 ms stop bound
    SUCCEED();
}

} // namespace
} // namespace interleave

namespace interleave {
namespace {

// The view with its default settings, for a person to look at (minutes, not seconds): run
// with --gtest_also_run_disabled_tests and INTERLEAVE_SHOT_DIR set.
TEST(CompareView, TheCaptionsColouredWordsReadOnEveryPaletteAndFollowTheTheme)
{
    // Every palette the window can have: the two themes, and classroom mode's in each.
    const QPalette light = themePalette(TimelineTheme::Light);
    const QPalette dark = themePalette(TimelineTheme::Dark);
    for (const QPalette& p : {light, dark, ClassroomMode::highContrastPalette(TimelineTheme::Light),
             ClassroomMode::highContrastPalette(TimelineTheme::Dark)}) {
        for (const MeaningColour m :
            {MeaningColour::IoBound, MeaningColour::CpuBound, MeaningColour::Warning, MeaningColour::Good}) {
            const QColor c = meaningColour(m, p);
            EXPECT_GE(wcag::contrast(c, p.color(QPalette::Window)), 4.5)
                << c.name().toStdString() << " on " << p.color(QPalette::Window).name().toStdString();
            EXPECT_GE(wcag::contrast(c, p.color(QPalette::Base)), 4.5)
                << c.name().toStdString() << " on " << p.color(QPalette::Base).name().toStdString();
        }
    }

    // The captions beside the charts are written in them, and a new theme rewrites them.
    const palettetest::AppPalette palette(light);
    QWidget tab; // as in the window: the view inside it
    const auto* view = new CompareView(&tab);
    const QString lightIo = meaningColour(MeaningColour::IoBound, light).name();
    const QString darkIo = meaningColour(MeaningColour::IoBound, dark).name();
    ASSERT_NE(lightIo, darkIo);
    EXPECT_TRUE(view->captions()->text().contains(lightIo)) << view->captions()->text().toStdString();
    palettetest::AppPalette::show(dark);
    EXPECT_TRUE(view->captions()->text().contains(darkIo)) << view->captions()->text().toStdString();
    EXPECT_FALSE(view->captions()->text().contains(lightIo));
}

TEST(CompareView, DISABLED_DefaultsForALook)
{
    CompareView view;
    view.setWorkerPath(QStringLiteral(INTERLEAVE_WORKER_PATH));
    view.resize(1280, 800);
    view.show();
    ASSERT_TRUE(view.runAllModels());
    ASSERT_TRUE(waitForRun(view, 600));
    saveShot(view, "compare-defaults-models.png");
    ASSERT_TRUE(view.runSweep());
    ASSERT_TRUE(waitForRun(view, 600));
    saveShot(view, "compare-defaults-sweep.png");
    const QByteArray dir = qgetenv("INTERLEAVE_SHOT_DIR");
    if (!dir.isEmpty())
        view.exportCsv(QDir(QString::fromLocal8Bit(dir)).filePath("compare-defaults.csv"));
}

} // namespace
} // namespace interleave
