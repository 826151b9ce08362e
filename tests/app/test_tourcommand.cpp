#include "cli/commandline.h"
#include "cli/commands.h"
#include "drawcommands/drawingcommands.h"

#include "compare/compareview.h"
#include "teachviews/teachresources.h"
#include "tour/tour.h"
#include "tour/tourplan.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QSet>
#include <QTemporaryDir>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace interleave {
namespace {

struct Outcome {
    int status = 0;
    std::string out;
    std::string err;
};

Outcome run(std::vector<std::string> args)
{
    std::vector<const char*> argv {"interleave"};
    for (const std::string& a : args)
        argv.push_back(a.c_str());
    std::ostringstream out, err;
    const cli::CommandLineResult r
        = cli::runCommandLine(static_cast<int>(argv.size()), argv.data(), out, err, cli::drawingCommands());
    return {r.status, out.str(), err.str()};
}

int distinctColours(const QImage& image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    return static_cast<int>(colours.size());
}

std::set<std::string> filesIn(const QString& dir)
{
    std::set<std::string> names;
    for (const QString& name : QDir(dir).entryList(QDir::Files))
        names.insert(name.toStdString());
    return names;
}

TEST(TourPlan, OneLessonPictureAndOnePerViewNamedByOrder)
{
    const std::vector<Lesson> lessons = loadBuiltInLessons();
    const std::vector<TourShot> shots = planTour(lessons);
    std::size_t expected = 0;
    for (const Lesson& lesson : lessons)
        expected += 1 + lesson.views.size();
    ASSERT_EQ(shots.size(), expected);
    EXPECT_EQ(shots.front().fileName, "01-sequential-lesson.png");
    std::set<std::string> names;
    for (const TourShot& shot : shots)
        names.insert(shot.fileName);
    EXPECT_EQ(names.size(), shots.size());
    EXPECT_TRUE(names.contains("08-race-condition-lab-race.png"));
    EXPECT_TRUE(names.contains("11-choosing-a-model-compare.png"));
    Lesson plain;
    plain.id = "intro";
    plain.order = 3;
    EXPECT_EQ(tourFileStem(plain), "03-intro");
}

TEST(TourPlan, CompareIsCappedToSeconds)
{
    RunConfig many;
    many.model = Model::Asyncio;
    many.tasks = 200;
    many.latencyMs = 250;
    const CompareView::CompareSettings s = CompareView::settingsFor(many);
    EXPECT_EQ(s.tasks, 8);
    EXPECT_EQ(s.latencyMs, 250);
    EXPECT_TRUE(s.io);
    EXPECT_TRUE(s.cpu);
}

TEST(TourCommand, UnwritableFolderExits1AndWritesNothing)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("plain-file"));
    QFile f(file);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.close();
    const Outcome a = run({"tour", "--out", file.toStdString()});
    EXPECT_EQ(a.status, 1) << a.err;
    EXPECT_NE(a.err.find("not a folder"), std::string::npos) << a.err;
    const Outcome b = run({"tour", "--out", (file + QStringLiteral("/below")).toStdString()});
    EXPECT_EQ(b.status, 1) << b.err;
    EXPECT_EQ(a.out + b.out, "");
    EXPECT_EQ(filesIn(dir.path()), std::set<std::string> {"plain-file"});
}

TEST(TourCommand, OneLessonAsJsonAtSizeTimesScale)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString out = dir.filePath(QStringLiteral("new/tour"));
    const Outcome r = run({"tour", "--out", out.toStdString(), "--lesson", "02-threads-io", "--size",
        "640x360", "--scale", "2", "--theme", "dark", "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    const nlohmann::json list = nlohmann::json::parse(r.out);
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0]["lesson"], "02-threads-io");
    EXPECT_EQ(list[0]["view"], "lesson");
    EXPECT_EQ(list[1]["view"], "timeline");
    EXPECT_EQ(list[2]["view"], "explanation");
    for (const auto& item : list) {
        const QImage image(QString::fromStdString(item["path"].get<std::string>()));
        ASSERT_FALSE(image.isNull()) << item["path"];
        EXPECT_EQ(image.size(), QSize(1280, 720));
        EXPECT_GT(distinctColours(image), 20) << item["path"];
    }
    EXPECT_EQ(filesIn(out),
        (std::set<std::string> {
            "02-threads-io-lesson.png", "02-threads-io-timeline.png", "02-threads-io-explanation.png"}));
    EXPECT_EQ(run({"tour", "--out", out.toStdString(), "--lesson", "nope"}).status, cli::kExitUsage);
}

std::vector<std::string> builtInLessonIds()
{
    std::vector<std::string> ids;
    for (const Lesson& lesson : loadBuiltInLessons())
        ids.push_back(lesson.id);
    return ids;
}

// The whole tour, as `interleave tour` draws it (the process worker named by its build path),
// a lesson at a time: each lesson's pictures, no more and no fewer.
class TourLesson : public testing::TestWithParam<std::string> {};

TEST_P(TourLesson, WritesExactlyItsPictures)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    std::vector<Lesson> lessons;
    for (Lesson& lesson : loadBuiltInLessons())
        if (lesson.id == GetParam())
            lessons.push_back(std::move(lesson));
    ASSERT_EQ(lessons.size(), 1u);
    TourSettings settings;
    settings.size = QSize(800, 450);
    settings.workerPath = INTERLEAVE_WORKER_PATH;
    // One run per model: the comparison's pictures are drawn all the same, in a third of the
    // time (its spread is pinned by the compare view's own tests).
    settings.compareRepeat = 1;
    const TourOutcome outcome = runTour(lessons, dir.path(), settings);
    EXPECT_FALSE(outcome.stopped);
    std::set<std::string> expected;
    for (const TourShot& shot : planTour(lessons))
        expected.insert(shot.fileName);
    EXPECT_FALSE(expected.empty());
    EXPECT_EQ(filesIn(dir.path()), expected);
    EXPECT_EQ(outcome.written.size(), expected.size());
    for (const TourPicture& picture : outcome.written) {
        const QImage image(picture.path);
        EXPECT_EQ(image.size(), QSize(800, 450)) << picture.path.toStdString();
        EXPECT_GT(distinctColours(image), 20) << picture.path.toStdString();
    }
}

// Every built-in lesson, named by its id ("03-gil-cpu-threads" as 03_gil_cpu_threads).
INSTANTIATE_TEST_SUITE_P(Tour, TourLesson, testing::ValuesIn(builtInLessonIds()),
                         [](const testing::TestParamInfo<std::string>& info) {
                             std::string name = info.param;
                             for (char& c : name)
                                 if (!std::isalnum(static_cast<unsigned char>(c)))
                                     c = '_';
                             return name;
                         });

} // namespace
} // namespace interleave
