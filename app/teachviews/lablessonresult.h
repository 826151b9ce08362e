#pragma once

#include "lab/deadlock.h"
#include "lab/race.h"
#include "teach/lesson.h"

#include <QString>

#include <string>
#include <variant>
#include <vector>

namespace interleave {

// What a lab lesson's demo measured, handed from the lab view that ran it to the lesson panel.

// The race lab's runs, with the configuration they ran with.
struct RaceLessonOutcome {
    RaceConfig config;
    std::vector<RaceRunResult> runs; // fewer than config.repeat when it was stopped
};

// The deadlock lab's run.
struct DeadlockLessonOutcome {
    DeadlockConfig config;
    DeadlockResult result;
    std::string error; // the run could not be made
};

using LabLessonOutcome = std::variant<RaceLessonOutcome, DeadlockLessonOutcome>;

// Whether the run showed what its configuration makes likely: updates lost without a lock
// where a switch can fall between the load and the store (no GIL, or a call there), none lost
// otherwise; a deadlock when the locks are taken in opposite orders, none with one order.
// A stopped run shows nothing either way: false.
bool labOutcomeAsExpected(const LabLessonOutcome& outcome);

// The text the lesson panel shows after the demo (Markdown): what was measured, in numbers,
// and what it means. When the run showed what the lesson predicts, the lesson's own
// explanation follows (withLessonExplanation; a lesson that also has an engine run explains
// that run in its own words); when it did not, it says what happened and why that can happen,
// and the lesson's explanation, written for the other outcome, is left out.
QString labLessonResultMarkdown(
    const Lesson& lesson, const LabLessonOutcome& outcome, bool withLessonExplanation = true);

} // namespace interleave
