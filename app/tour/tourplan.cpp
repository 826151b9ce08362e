#include "tour/tourplan.h"

#include <algorithm>
#include <cstdio>

namespace interleave {

namespace {

constexpr std::string_view kLabPrefix = "lab:";

} // namespace

std::string tourFileStem(const Lesson& lesson)
{
    char number[16];
    std::snprintf(number, sizeof number, "%02d-", lesson.order);
    if (lesson.id.starts_with(number))
        return lesson.id;
    return number + lesson.id;
}

std::vector<TourShot> planTour(const std::vector<Lesson>& lessons, bool animate)
{
    std::vector<TourShot> shots;
    for (const Lesson& lesson : lessons) {
        const std::string stem = tourFileStem(lesson);
        const auto add = [&](const std::string& view) {
            std::string suffix = view;
            std::replace(suffix.begin(), suffix.end(), ':', '-');
            shots.push_back({lesson.id, view, stem + "-" + suffix + ".png"});
        };
        add(std::string(kTourLessonView));
        for (const std::string& view : lesson.views)
            add(view);
        if (animate && lesson.scenario.run)
            shots.push_back({lesson.id, std::string(kTourReplayView), stem + "-replay.gif"});
    }
    return shots;
}

} // namespace interleave
