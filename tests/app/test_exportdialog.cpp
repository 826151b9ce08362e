#include "export/exportdialog.h"
#include "trace/chrome_trace_writer.h"
#include "window/mainwindow.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QDir>
#include <QFile>

#include <gtest/gtest.h>

namespace interleave {
namespace {

// A process and two threads over 80 ms.
Trace twoThreads()
{
    TraceBuilder builder;
    const TimeNs t0 = 5'000'000'000;
    const LaneId process = builder.addLane(
        {.id = 0, .parent = kNoLane, .kind = LaneKind::Process, .pid = 7, .tid = 7, .name = "MainProcess"});
    builder.append(process, {.time = t0, .state = State::Running});
    builder.append(process, {.time = t0 + 80 * kNsPerMs, .state = State::Done});
    for (int i = 0; i < 2; ++i) {
        const LaneId lane = builder.addLane({.id = static_cast<LaneId>(i + 1), .parent = process,
            .kind = LaneKind::Thread, .pid = 7, .tid = 8 + i, .name = "Thread-" + std::to_string(i + 1)});
        builder.append(lane, {.time = t0, .state = i == 0 ? State::Running : State::WaitingGil});
        builder.append(lane, {.time = t0 + 40 * kNsPerMs, .state = i == 0 ? State::WaitingGil : State::Running});
        builder.append(lane, {.time = t0 + 80 * kNsPerMs, .state = State::Done});
    }
    return builder.build();
}

template <typename T>
T* field(const ExportDialog& dialog, const char* name)
{
    T* widget = dialog.findChild<T*>(QString::fromLatin1(name));
    EXPECT_NE(widget, nullptr) << name;
    return widget;
}

TimelineExportRequest plain(const QString& path)
{
    return {path, QSize(800, 500), 1, TimelineFraming {}};
}

TEST(ExportDialog, OpensOnEveryLaneAndTheWholeRun)
{
    const ExportDialog dialog(twoThreads(), plain(QStringLiteral("/tmp/t.png")));
    EXPECT_EQ(field<QListWidget>(dialog, "exportLanes")->count(), 3);
    const TimelineExportRequest request = dialog.request();
    EXPECT_EQ(request.path, QStringLiteral("/tmp/t.png"));
    EXPECT_EQ(request.size, QSize(800, 500));
    EXPECT_EQ(request.framing, TimelineFraming {});
    EXPECT_EQ(dialog.problem(), QString());
}

TEST(ExportDialog, ItsFieldsAreTheFraming)
{
    ExportDialog dialog(twoThreads(), plain(QStringLiteral("/tmp/t.svg")));
    field<QDoubleSpinBox>(dialog, "exportFromMs")->setValue(10);
    field<QDoubleSpinBox>(dialog, "exportToMs")->setValue(50.5);
    field<QListWidget>(dialog, "exportLanes")->item(0)->setCheckState(Qt::Unchecked);
    field<QLineEdit>(dialog, "exportTitle")->setText(QStringLiteral("  Two threads "));
    field<QLineEdit>(dialog, "exportCaption")->setText(QStringLiteral("They take turns."));
    field<QCheckBox>(dialog, "exportLegend")->setChecked(false);
    field<QDoubleSpinBox>(dialog, "exportScale")->setValue(2);
    const TimelineExportRequest request = dialog.request();
    EXPECT_EQ(request.framing.from, 10 * kNsPerMs);
    EXPECT_EQ(request.framing.to, 50'500'000);
    EXPECT_EQ(request.framing.lanes, (std::vector<std::string> {"Thread-1", "Thread-2"}));
    EXPECT_EQ(request.framing.title, QStringLiteral("Two threads"));
    EXPECT_EQ(request.framing.caption, QStringLiteral("They take turns."));
    EXPECT_FALSE(request.framing.legend);
    EXPECT_DOUBLE_EQ(request.scale, 2);
    EXPECT_EQ(dialog.problem(), QString());

    // Opened again with that request, it shows the same choices.
    const ExportDialog again(twoThreads(), request);
    EXPECT_EQ(again.request().framing, request.framing);
}

TEST(ExportDialog, RefusesWhatCannotBeDrawnAndSaysWhy)
{
    ExportDialog dialog(twoThreads(), plain(QStringLiteral("/tmp/t.bmp")));
    EXPECT_NE(dialog.problem(), QString());
    dialog.accept();
    EXPECT_EQ(dialog.result(), QDialog::Rejected);
    EXPECT_FALSE(field<QLabel>(dialog, "exportProblem")->isHidden());

    field<QLineEdit>(dialog, "exportPath")->setText(QStringLiteral("/tmp/t.png"));
    QListWidget* lanes = field<QListWidget>(dialog, "exportLanes");
    for (int i = 0; i < lanes->count(); ++i)
        lanes->item(i)->setCheckState(Qt::Unchecked);
    EXPECT_EQ(dialog.problem(), QStringLiteral("Tick at least one lane."));
    lanes->item(1)->setCheckState(Qt::Checked);
    field<QDoubleSpinBox>(dialog, "exportFromMs")->setValue(60);
    field<QDoubleSpinBox>(dialog, "exportToMs")->setValue(20);
    EXPECT_EQ(dialog.problem(), QStringLiteral("The time window ends before it starts."));
}

TEST(ExportDialog, TheWindowWritesTheFramedPicture)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString tracePath = dir.filePath(QStringLiteral("run.json"));
    saveChromeTrace(twoThreads(), tracePath.toStdString());
    MainWindow window;
    QString error;
    ASSERT_TRUE(window.openTrace(tracePath, &error)) << error.toStdString();
    TimelineExportRequest request = window.exportRequestToOffer();
    EXPECT_EQ(request.framing, TimelineFraming {});
    request.path = dir.filePath(QStringLiteral("framed.png"));
    request.size = QSize(600, 300);
    request.scale = 2;
    request.framing.title = QStringLiteral("Two threads");
    request.framing.lanes = {"Thread-2"};
    ASSERT_TRUE(window.exportTimelineTo(request, &error)) << error.toStdString();
    EXPECT_EQ(QImage(request.path).size(), QSize(1200, 600));

    request.framing.lanes = {"Thread-9"};
    EXPECT_FALSE(window.exportTimelineTo(request, &error));
    EXPECT_TRUE(error.contains(QStringLiteral("no lane is named 'Thread-9'"))) << error.toStdString();
}

} // namespace
} // namespace interleave

namespace interleave {
namespace {

TEST(ExportDialog, ABareNameGoesInTheOfferedFolderAndNothingIsReplacedUnasked)
{
    const QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    ExportDialog dialog(twoThreads(), plain(dir.filePath(QStringLiteral("timeline.png"))));
    // A name typed without a folder: in the folder offered, never the program's working folder.
    field<QLineEdit>(dialog, "exportPath")->setText(QStringLiteral("mine.png"));
    EXPECT_EQ(dialog.request().path, dir.filePath(QStringLiteral("mine.png")));

    // An existing file: asked first; No keeps the dialog open and the file as it was.
    {
        QFile existing(dir.filePath(QStringLiteral("mine.png")));
        ASSERT_TRUE(existing.open(QIODevice::WriteOnly));
        existing.write("keep");
    }
    QStringList asked;
    bool replace = false;
    dialog.setReplaceQuestion([&](const QString& path) {
        asked << path;
        return replace;
    });
    dialog.show();
    dialog.accept();
    ASSERT_EQ(asked.size(), 1);
    EXPECT_EQ(asked.front(), dir.filePath(QStringLiteral("mine.png")));
    EXPECT_TRUE(dialog.isVisible());
    EXPECT_EQ(dialog.result(), 0);
    replace = true;
    dialog.accept();
    EXPECT_EQ(dialog.result(), static_cast<int>(QDialog::Accepted));

    // A new file: no question.
    ExportDialog fresh(twoThreads(), plain(dir.filePath(QStringLiteral("new.png"))));
    bool freshAsked = false;
    fresh.setReplaceQuestion([&](const QString&) { return freshAsked = true; });
    fresh.accept();
    EXPECT_FALSE(freshAsked);
    EXPECT_EQ(fresh.result(), static_cast<int>(QDialog::Accepted));

    // Offered a bare name, the home folder.
    const ExportDialog bare(twoThreads(), plain(QStringLiteral("timeline.png")));
    EXPECT_EQ(bare.request().path, QDir::home().filePath(QStringLiteral("timeline.png")));
}

} // namespace
} // namespace interleave
