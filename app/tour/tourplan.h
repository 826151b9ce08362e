#pragma once

#include "teach/lesson.h"

#include <string>
#include <string_view>
#include <vector>

namespace interleave {

// What `interleave tour` draws, decided before anything runs: the file names, and the fixed
// parameters of every view, so two tours draw the same pictures (up to measured timings).

// The view name of the lesson panel itself, beside the lesson's own views (kLessonViewNames
// and "lab:<demo>").
inline constexpr std::string_view kTourLessonView = "lesson";
// The view name of a lesson's animation (tour --animate): the replay of its run, a GIF.
inline constexpr std::string_view kTourReplayView = "replay";

struct TourShot {
    std::string lessonId;
    std::string view; // kTourLessonView or one of the lesson's views
    std::string fileName; // "03-gil-cpu-threads-timeline.png"
};

// "NN-<lesson id>", NN the lesson's order (two digits), so a lesson's files keep their names
// when only some lessons are drawn. An id that already starts with its number
// ("03-gil-cpu-threads") is not numbered twice.
std::string tourFileStem(const Lesson& lesson);

// The lesson panel first, then one picture per view in the lesson's order; "lab:race" is
// written "lab-race". With animate, last an animation of the lesson's run
// ("NN-<id>-replay.gif") for each lesson that has a run (a lab-only lesson has none to replay).
// Lessons in the order given.
std::vector<TourShot> planTour(const std::vector<Lesson>& lessons, bool animate = false);

} // namespace interleave
