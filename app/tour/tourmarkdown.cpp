#include "tour/tourmarkdown.h"

#include "tour/tourplan.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace interleave {
namespace {

std::string numberText(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

// A file name as a Markdown link target: the tour's names are letters, digits, '-' and '.',
// but a space or parenthesis would end the link, so those are escaped.
std::string linkTarget(const std::string& name)
{
    std::string out;
    for (char c : name) {
        if (c == ' ')
            out += "%20";
        else if (c == '(' || c == ')')
            out += std::string("\\") + c;
        else
            out += c;
    }
    return out;
}

// Alt text on one line, without the brackets that would end it.
std::string altText(std::string text)
{
    std::replace(text.begin(), text.end(), '\n', ' ');
    std::replace(text.begin(), text.end(), '[', '(');
    std::replace(text.begin(), text.end(), ']', ')');
    return text;
}

// A fence longer than any run of backticks in the code, so the code cannot close it.
std::string fenceFor(const std::string& code)
{
    std::size_t longest = 0;
    std::size_t run = 0;
    for (char c : code) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

} // namespace

std::string tourCaption(const Lesson& lesson, const TourPageItem& item)
{
    const std::string& view = item.view;
    if (view == kTourLessonView)
        return "The lesson after its run: the question answered, and what this run measured.";
    if (view == "timeline")
        return "The run's timeline: one row per process, thread or coroutine, coloured by state; the strip "
               "above counts the threads running at each instant.";
    if (view == "lanes")
        return "Each lane's time in each state, above the timeline it adds up.";
    if (view == "compare")
        return "The same tasks under each model: the bars show the median run, the whiskers the range.";
    if (view == "explanation")
        return "What the model does, beside the equivalent Python.";
    if (view == "python")
        return "The lesson's example program, traced while a real CPython ran it.";
    if (view.starts_with("lab:"))
        return "The " + view.substr(4) + " lab after its run.";
    if (view == kTourReplayView)
        return "The replay of the run at " + numberText(item.replaySpeed)
            + "x: the playhead walks through the run, and what lies after it is faded.";
    return "The " + view + " view of " + lesson.title + ".";
}

std::string tourMarkdown(const std::vector<Lesson>& lessons, const std::vector<TourPageItem>& items,
    const std::map<std::string, std::string>& pythonByTopic, const TourPageSettings& settings)
{
    std::ostringstream md;
    md << "# Interleave: the lessons\n\n";
    md << "Drawn by `interleave tour` at " << settings.width << "x" << settings.height << " (scale "
       << numberText(settings.scale) << ", " << settings.theme
       << " theme). Every lesson ran for real: the layout, colours and captions are the same on every "
          "tour, the measured timings are this machine's.\n";
    for (const Lesson& lesson : lessons) {
        std::vector<const TourPageItem*> own;
        for (const TourPageItem& item : items) {
            if (item.lessonId == lesson.id)
                own.push_back(&item);
        }
        if (own.empty())
            continue; // not drawn (tour --lesson)
        md << "\n## " << lesson.order << ". " << lesson.title << "\n\n";
        md << lesson.text << "\n";
        if (!lesson.quiz.question.empty()) {
            md << "\n**Question:** " << lesson.quiz.question << "\n\n";
            for (std::size_t i = 0; i < lesson.quiz.choices.size(); ++i)
                md << "- " << lesson.quiz.choices[i]
                   << (static_cast<int>(i) == lesson.quiz.answer ? " (the answer)" : "") << "\n";
        }
        for (const TourPageItem* item : own) {
            const std::string caption = tourCaption(lesson, *item);
            md << "\n![" << altText(lesson.title + ": " + item->view) << "](" << linkTarget(item->fileName) << ")\n\n";
            md << "*" << caption << "*\n";
        }
        const auto python = pythonByTopic.find(lesson.topic);
        if (python != pythonByTopic.end() && !python->second.empty()) {
            std::string code = python->second;
            while (!code.empty() && code.back() == '\n')
                code.pop_back();
            const std::string fence = fenceFor(code);
            md << "\nThe equivalent Python:\n\n" << fence << "python\n" << code << "\n" << fence << "\n";
        }
    }
    return md.str();
}

} // namespace interleave
