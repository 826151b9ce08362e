#include "cli/commandline.h"
#include "cli/commands.h"
#include "drawcommands/drawingcommands.h"

#include "teachviews/teachresources.h"
#include "tour/tourmarkdown.h"
#include "tour/tourplan.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <gif_lib.h>

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace interleave {
namespace {

Lesson lessonNamed(const std::string& id)
{
    for (Lesson& lesson : loadBuiltInLessons()) {
        if (lesson.id == id)
            return lesson;
    }
    ADD_FAILURE() << "no lesson " << id;
    return {};
}

std::size_t occurrences(const std::string& text, const std::string& part)
{
    std::size_t count = 0;
    for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size()))
        ++count;
    return count;
}

TEST(TourMarkdown, EachLessonHasItsPicturesCaptionsAndPython)
{
    const Lesson gil = lessonNamed("03-gil-cpu-threads");
    const Lesson io = lessonNamed("02-threads-io");
    const std::vector<TourPageItem> items {
        {io.id, "lesson", "02-threads-io-lesson.png"},
        {io.id, "timeline", "02-threads-io-timeline.png"},
        {gil.id, "timeline", "03-gil-cpu-threads-timeline.png"},
        {gil.id, "replay", "03-gil-cpu-threads-replay.gif", 0.1},
    };
    const std::string page = tourMarkdown({io, gil}, items, {{"threads", "import threading\n"}},
        {.width = 1280, .height = 720, .scale = 2, .theme = "dark"});
    EXPECT_NE(page.find("at 1280x720 (scale 2, dark theme)"), std::string::npos) << page;
    EXPECT_NE(page.find("## 2. " + io.title + "\n"), std::string::npos) << page;
    EXPECT_NE(page.find("## 3. " + gil.title + "\n"), std::string::npos) << page;
    EXPECT_LT(page.find("## 2. "), page.find("## 3. "));
    EXPECT_NE(page.find(io.text), std::string::npos);
    EXPECT_NE(page.find("**Question:** " + gil.quiz.question), std::string::npos);
    EXPECT_NE(page.find("- " + gil.quiz.choices[static_cast<std::size_t>(gil.quiz.answer)] + " (the answer)"),
        std::string::npos);
    for (const TourPageItem& item : items)
        EXPECT_EQ(occurrences(page, "](" + item.fileName + ")"), 1u) << item.fileName;
    EXPECT_NE(page.find("![" + gil.title + ": replay](03-gil-cpu-threads-replay.gif)\n\n*The replay of the run at 0.1x"),
        std::string::npos)
        << page;
    // Both lessons are about threads: the same Python under each.
    EXPECT_EQ(occurrences(page, "The equivalent Python:\n\n```python\nimport threading\n```\n"), 2u) << page;
}

TEST(TourMarkdown, LessonsNotDrawnAreLeftOutAndCodeCannotCloseItsFence)
{
    const Lesson gil = lessonNamed("03-gil-cpu-threads");
    const Lesson io = lessonNamed("02-threads-io");
    const std::string page = tourMarkdown({io, gil}, {{gil.id, "timeline", "03-gil-cpu-threads-timeline.png"}},
        {{"threads", "s = '```'\n"}}, {.width = 800, .height = 600, .scale = 1, .theme = "light"});
    EXPECT_EQ(page.find("## 2. "), std::string::npos);
    EXPECT_NE(page.find("````python\ns = '```'\n````\n"), std::string::npos) << page;
}

TEST(TourMarkdown, TheSameTourWritesTheSamePage)
{
    const std::vector<Lesson> lessons = loadBuiltInLessons();
    std::vector<TourPageItem> items;
    for (const TourShot& shot : planTour(lessons, true))
        items.push_back({shot.lessonId, shot.view, shot.fileName, shot.view == "replay" ? 0.25 : 0});
    const TourPageSettings settings {.width = 1600, .height = 900, .scale = 1, .theme = "light"};
    EXPECT_EQ(tourMarkdown(lessons, items, {}, settings), tourMarkdown(lessons, items, {}, settings));
}

TEST(TourMarkdown, AnimateAddsOneReplayPerLessonWithARun)
{
    const std::vector<Lesson> lessons = loadBuiltInLessons();
    const std::vector<TourShot> still = planTour(lessons);
    const std::vector<TourShot> animated = planTour(lessons, true);
    std::size_t withRun = 0;
    for (const Lesson& lesson : lessons)
        withRun += lesson.scenario.run ? 1 : 0;
    ASSERT_GT(withRun, 0u);
    EXPECT_EQ(animated.size(), still.size() + withRun);
    for (const TourShot& shot : animated) {
        if (shot.view == kTourReplayView) {
            EXPECT_TRUE(shot.fileName.ends_with("-replay.gif")) << shot.fileName;
        }
    }
}

std::string readText(const QString& path)
{
    std::ifstream in(QFile::encodeName(path).toStdString());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(TourMarkdown, TheCommandWritesIndexMdAndOneAnimationPerLesson)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString out = dir.filePath(QStringLiteral("tour"));
    const std::string outText = out.toStdString();
    std::vector<const char*> argv {"interleave", "tour", "--out", outText.c_str(), "--lesson", "02-threads-io",
        "--size", "640x360", "--markdown", "--animate"};
    std::ostringstream stdoutText, stderrText;
    const cli::CommandLineResult r = cli::runCommandLine(
        static_cast<int>(argv.size()), argv.data(), stdoutText, stderrText, cli::drawingCommands());
    ASSERT_EQ(r.status, cli::kExitOk) << stderrText.str();
    EXPECT_NE(stdoutText.str().find("4 pictures (1 animation) and index.md of 1 lessons"), std::string::npos)
        << stdoutText.str();
    const std::string page = readText(QDir(out).filePath(QStringLiteral("index.md")));
    ASSERT_FALSE(page.empty());
    // Every picture the page shows is a file of the folder, and every file is on the page.
    const std::regex link(R"(!\[[^\]]*\]\(([^)]+)\))");
    std::set<std::string> linked;
    for (auto it = std::sregex_iterator(page.begin(), page.end(), link); it != std::sregex_iterator(); ++it)
        linked.insert((*it)[1].str());
    std::set<std::string> files;
    for (const QString& name : QDir(out).entryList(QDir::Files)) {
        if (name != QLatin1String("index.md"))
            files.insert(name.toStdString());
    }
    EXPECT_EQ(linked, files);
    EXPECT_TRUE(files.count("02-threads-io-replay.gif"));
    EXPECT_NE(page.find("```python\n"), std::string::npos);

    int error = 0;
    GifFileType* gif = DGifOpenFileName(QFile::encodeName(QDir(out).filePath(QStringLiteral("02-threads-io-replay.gif"))).constData(), &error);
    ASSERT_NE(gif, nullptr) << GifErrorString(error);
    EXPECT_EQ(DGifSlurp(gif), GIF_OK);
    EXPECT_EQ(gif->SWidth, 640);
    EXPECT_EQ(gif->SHeight, 360);
    EXPECT_GT(gif->ImageCount, 10);
    DGifCloseFile(gif, &error);
}

} // namespace
} // namespace interleave
