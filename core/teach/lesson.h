#pragma once

#include "engine/engine.h"
#include "teach/scenario.h"
#include "trace/trace.h"

#include <array>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace interleave {

// Before the run the learner predicts its outcome: one question, two to five answers, one right.
struct Quiz {
    std::string question;
    std::vector<std::string> choices;
    int answer = 0; // index into choices

    friend bool operator==(const Quiz&, const Quiz&) = default;
};

// What a lesson claims about its run, checked by the tests on a real run (and available to a
// renderer that wants to say whether this machine showed it). Every bound is optional.
struct LessonExpectation {
    std::optional<double> speedupMin; // against the sequential time of the same tasks
    std::optional<double> speedupMax;
    std::optional<bool> gilWait; // true: some WaitingGil time; false: none at all
    std::optional<int> peakRunningMin; // sustainedPeakRunning() of the trace
    std::optional<int> peakRunningMax;

    friend bool operator==(const LessonExpectation&, const LessonExpectation&) = default;
};

// When a run contradicts the lesson, its explanation must not tell the story of the other
// outcome. A run contradicts it when a claim of `expect` fails, or when its speedup falls
// outside these bounds (stricter than `expect`'s, which the tests hold every real run to:
// here they mark where the lesson's story stops being true). The explanation then is this
// one (with bounds: only when one of them is crossed, the text is written for that), followed
// by the likely reasons (unexpectedReasons()).
struct LessonUnexpected {
    std::optional<double> speedupBelow;
    std::optional<double> speedupAbove;
    std::string explanation; // Markdown, with the placeholders of an explanation

    friend bool operator==(const LessonUnexpected&, const LessonUnexpected&) = default;
};

// The views a lesson asks to be shown, in the order a tour renders them. "lab:<demo>" names a
// lab view (e.g. "lab:race"); "python" the Python tab with the scenario's program traced.
inline constexpr std::array<std::string_view, 5> kLessonViewNames {
    "timeline", "lanes", "compare", "explanation", "python"};
bool isLessonViewName(std::string_view view) noexcept;

// How fast a lesson's replay runs by default: slow motion, so a class can follow each switch.
inline constexpr double kLessonReplaySpeed = 0.25;

struct Lesson {
    std::string id; // stable name, e.g. "03-gil-cpu-threads" (the file's stem)
    int order = 0; // position in the sequence; lessons are sorted by it
    std::string title;
    std::string text; // what to watch (Markdown)
    Quiz quiz;
    Scenario scenario;
    // Shown after the run (Markdown). Placeholders such as {speedup} are filled from the run:
    // see kExplanationPlaceholders.
    std::string explanation;
    std::vector<std::string> views;
    // The explanation panel's topic: a model name or a lab demo name (kLabDemoNames).
    std::string topic;
    double replaySpeed = kLessonReplaySpeed;
    LessonExpectation expect;
    std::optional<LessonUnexpected> unexpected;

    friend bool operator==(const Lesson&, const Lesson&) = default;
};

inline constexpr int kLessonFormatVersion = 1;

// The placeholders an explanation may use. Those about a run are only allowed in lessons whose
// scenario has one.
inline constexpr std::array<std::string_view, 10> kExplanationPlaceholders {"speedup", "wall_ms",
    "sequential_ms", "cpu_ms", "gil_wait_ms", "gil_wait_pct", "tasks", "workers", "cores", "peak_running"};

class LessonError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Strict, like scenario files: every problem is a LessonError naming the field. `id` is the
// lesson's name when the file does not give one (its file stem).
Lesson parseLesson(std::string_view json, const std::string& id);
// Every *.json file of the folder, sorted by order (then id). Throws LessonError naming the file
// for the first bad one, or when two lessons share an id or an order.
std::vector<Lesson> loadLessonsFromDirectory(const std::filesystem::path& directory);
// The same for texts already read (the GUI reads its resources with Qt): (file name, contents).
std::vector<Lesson> parseLessons(const std::vector<std::pair<std::string, std::string>>& files);

// The run measured the way a lesson talks about it.
struct LessonMeasurement {
    double wallMs = 0;
    double cpuMs = 0;
    double gilWaitMs = 0;
    // The same tasks one after another: measured when a sequential run was made, else estimated
    // from the workload (tasks x the time of one task alone).
    double sequentialMs = 0;
    bool sequentialMeasured = false;
    double speedup = 0; // sequentialMs / wallMs; 0 when unknown
    int tasks = 0;
    int workers = 0; // the threads, processes or coroutines that ran tasks at once (at most)
    int cores = 0;
    std::optional<int> peakRunning; // known when a trace was given
    bool cancelled = false;
    // The share of the CPUs other programs used during the run (RunResult::busyOtherCpu).
    std::optional<double> busyOtherCpu;
    int runs = 1; // how many runs the figures come from (wallMs and speedup: their medians)
    double wallMsMin = 0; // the fastest and slowest of them; 0 for one run
    double wallMsMax = 0;
    double speedupLow = 0; // the speedup's range over the runs; 0 for one run
    double speedupHigh = 0;
    int sequentialRuns = 0; // the sequential runs sequentialMs is the median of, when measured
    double startupMs = 0; // what starting one worker costs by the config (a process's interpreter)
    double taskMs = 0; // one task's work and waits, alone
    bool computes = false; // the workload has CPU work
};

// Time the tasks of `config` take one after another, without any overhead: tasks x (work +
// latency) as the workload spends them. Deterministic, so two tours say the same.
double sequentialEstimateMs(const RunConfig& config) noexcept;

// The largest number of OS threads executing at the same time (ParallelismProfile, the count
// of the parallelism strip) for a real share of the run (at least 5 % of the trace): momentary
// overlaps do not count. Coroutine and pool task lanes are not threads: they run on one.
int sustainedPeakRunning(const Trace& trace);

LessonMeasurement measureLessonRun(const RunConfig& config, const RunResult& result,
    std::optional<TimeNs> measuredSequentialWallNs = std::nullopt, const Trace* trace = nullptr);

// The explanation with its placeholders filled; without a measurement (a lab lesson, or before
// a run) placeholders are replaced by "?".
std::string formatExplanation(const Lesson& lesson, const LessonMeasurement* measurement);

// Each claim of lesson.expect that the measurement contradicts, as a sentence; empty when the
// run showed what the lesson says. Claims the measurement cannot judge (peakRunning unknown)
// are skipped.
std::vector<std::string> checkExpectation(const Lesson& lesson, const LessonMeasurement& measurement);

// Why a run may not show what a lesson expects, judged from the measurement alone, most
// likely first: a busy machine, start-up costs as large as the work, a sequential time that
// was estimated rather than measured, fewer cores than workers, a single run. Sentences
// without a final full stop.
std::vector<std::string> unexpectedReasons(const LessonMeasurement& measurement);

// What the figures come from, in one sentence of Markdown: the wall time (the median and the
// range of several runs, or one run), the speedup with its range, and the time one after
// another with how it was known (measured, or estimated from the workload).
std::string measurementSentence(const LessonMeasurement& measurement);

// The explanation to show after a run, chosen from what was measured: the lesson's own when
// the run showed what it expects; otherwise a statement of what the run showed against the
// lesson, lesson.unexpected's explanation (when it has one) and the reasons. Never the text
// of the other outcome.
struct ChosenExplanation {
    bool asExpected = true;
    std::vector<std::string> contradictions; // what the run showed against the lesson
    std::vector<std::string> reasons; // unexpectedReasons(), when not as expected
    std::string text; // Markdown, placeholders filled, measurementSentence() last
};
ChosenExplanation chooseExplanation(const Lesson& lesson, const LessonMeasurement& measurement);

} // namespace interleave
