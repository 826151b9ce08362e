#pragma once

#include "engine/engine.h"
#include "teach/lesson.h"
#include "trace/trace.h"

#include <stop_token>
#include <string>
#include <vector>

namespace interleave {

// A lesson's engine run, made headless on the calling thread: what a tour renderer needs to
// draw the lesson's views and what the tests need to check its claims.
struct LessonRun {
    RunConfig config;
    RunResult result;
    Trace trace;
    LessonMeasurement measurement;
    std::string explanation; // chooseExplanation(): the numbers filled in, true to the outcome
    std::vector<std::string> unmetClaims; // checkExpectation(): empty when the run showed it
};

// Runs lesson.scenario.run to its end (blocking). workerPath is the interleave-worker program
// for the process models (empty: beside this program). Throws std::invalid_argument for a lesson
// without a run. Deterministic in everything but the measured timings.
LessonRun runLessonScenario(
    const Lesson& lesson, const std::string& workerPath = {}, std::stop_token stop = {});

} // namespace interleave
