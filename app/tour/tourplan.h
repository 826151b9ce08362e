#pragma once

#include "compare/compareview.h"
#include "lab/deadlock.h"
#include "lab/lock_demos.h"
#include "lab/race.h"
#include "teach/lesson.h"

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace interleave {

// What `interleave tour` draws, decided before anything runs: the file names, and the fixed
// parameters of every view, so two tours draw the same pictures (up to measured timings).

// The view name of the lesson panel itself, beside the lesson's own views (kLessonViewNames
// and "lab:<demo>").
inline constexpr std::string_view kTourLessonView = "lesson";

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
// written "lab-race". Lessons in the order given.
std::vector<TourShot> planTour(const std::vector<Lesson>& lessons);

// One lab view's configuration, taken from the lesson's lab parameters.
using TourLabConfig = std::variant<RaceConfig, LockDemoConfig, DeadlockConfig>;

// The configuration for the lesson's view "lab:<demo>". The view starts from the values its
// screenshot uses (a race that loses updates, the lock lab's defaults per demo, five
// philosophers); when the lesson's lab is that demo, its parameters apply:
//   race:     threads, increments, lock (bool), atomic (bool), gil (bool), between ("none" or
//             "call"), widen_us, widen_by ("sleep" or "spin"), repeat
//   lock demos (lock, rlock, semaphore, event, condition, queue):
//             threads, consumers, limit, rounds, plain_lock (bool)
//   deadlock: philosophers, ordered (bool), meals, scenario ("two-locks" or "philosophers");
//             two philosophers without a scenario are the two-lock case (A then B, B then A).
// A lab view shown for another demo's lesson (the lock lab in a race lesson) takes its
// "threads" when it has one. Throws std::invalid_argument naming the lesson and parameter for
// an unknown parameter, a wrong type, a value the lab refuses, or a demo that is not a lab view.
TourLabConfig tourLabConfig(const Lesson& lesson, std::string_view demo);

} // namespace interleave
