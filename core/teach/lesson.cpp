#include "teach/lesson.h"

#include "teach/lab_config.h"

#include "analysis/other_cpu_load.h"
#include "trace/parallelism.h"

#include "teach/json_fields.h"
#include "teach/scenario_json.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

namespace interleave {

namespace {

using nlohmann::json;
using LessonFields = teach_detail::JsonFields<LessonError>;

constexpr std::size_t kMinChoices = 2;
constexpr std::size_t kMaxChoices = 5;
constexpr double kMinReplaySpeed = 0.01;
constexpr double kMaxReplaySpeed = 10;
// A lesson's run is watched in class: past this the wait is longer than the point.
constexpr double kMaxLessonSequentialMs = 60'000;
// A speedup past this is a typo (a machine has not that many cores); peak running threads are
// bounded by what a run may start; an order is a position in a list people read.
constexpr double kMaxSpeedup = 10'000;
constexpr int kMaxLessonOrder = 100'000;

bool isRunPlaceholder(std::string_view name)
{
    return name != "cores"; // every other placeholder is about a run
}

// Calls fn(name) for every {name} in text; a "{" without a closing "}" is left alone.
template <typename Fn> std::string replacePlaceholders(const std::string& text, Fn&& fn)
{
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t open = text.find('{', i);
        if (open == std::string::npos) {
            out.append(text, i, std::string::npos);
            break;
        }
        const std::size_t close = text.find('}', open + 1);
        const std::size_t space = text.find_first_of(" \n{", open + 1);
        if (close == std::string::npos || (space != std::string::npos && space < close)) {
            out.append(text, i, open + 1 - i);
            i = open + 1;
            continue;
        }
        out.append(text, i, open - i);
        out += fn(std::string_view(text).substr(open + 1, close - open - 1));
        i = close + 1;
    }
    return out;
}

void checkPlaceholders(const std::string& text, const std::string& field, bool hasRun)
{
    replacePlaceholders(text, [&](std::string_view name) -> std::string {
        const bool known = std::find(kExplanationPlaceholders.begin(), kExplanationPlaceholders.end(), name)
            != kExplanationPlaceholders.end();
        if (!known) {
            std::string list;
            for (std::string_view p : kExplanationPlaceholders)
                list += (list.empty() ? "{" : ", {") + std::string(p) + "}";
            LessonFields::fail(field + " uses {" + std::string(name) + "}, which is not one of: " + list);
        }
        if (!hasRun && isRunPlaceholder(name))
            LessonFields::fail(field + " uses {" + std::string(name) + "}, but the lesson's scenario has no run");
        return {};
    });
}

std::vector<std::string> stringList(LessonFields& fields, std::string_view key)
{
    const json& value = fields.required(key);
    if (!value.is_array())
        LessonFields::fail(fields.pathOf(key) + " must be an array, not " + teach_detail::describeJsonType(value));
    std::vector<std::string> out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_string() || value[i].get<std::string>().empty())
            LessonFields::fail(fields.pathOf(key) + "[" + std::to_string(i) + "] must be a non-empty string");
        out.push_back(value[i].get<std::string>());
    }
    return out;
}

Quiz quizFromJson(const json& object)
{
    LessonFields fields(object, "quiz");
    Quiz quiz;
    quiz.question = fields.string("question");
    if (quiz.question.empty())
        LessonFields::fail("quiz.question must not be empty");
    quiz.choices = stringList(fields, "choices");
    if (quiz.choices.size() < kMinChoices || quiz.choices.size() > kMaxChoices)
        LessonFields::fail("quiz.choices must have between 2 and 5 answers");
    quiz.answer = fields.integer("answer");
    if (quiz.answer < 0 || quiz.answer >= static_cast<int>(quiz.choices.size()))
        LessonFields::fail("quiz.answer must be the index of one of the choices (0 to "
            + std::to_string(quiz.choices.size() - 1) + ")");
    fields.rejectUnknown();
    return quiz;
}

// A speedup bound of an "expect" or "unexpected" object: nullopt when the field is absent.
std::optional<double> optionalSpeedup(LessonFields& fields, std::string_view key)
{
    if (!fields.has(key))
        return std::nullopt;
    return fields.numberIn(key, 0, kMaxSpeedup);
}

// Refuses a pair of speedup bounds whose lower one is above the upper one.
void checkSpeedupOrder(const LessonFields& fields, std::string_view lowKey, std::optional<double> low,
    std::string_view highKey, std::optional<double> high)
{
    if (low && high && *low > *high)
        LessonFields::fail(fields.pathOf(lowKey) + " is above " + fields.pathOf(highKey));
}

LessonExpectation expectationFromJson(const json& object)
{
    LessonFields fields(object, "expect");
    LessonExpectation e;
    e.speedupMin = optionalSpeedup(fields, "speedup_min");
    e.speedupMax = optionalSpeedup(fields, "speedup_max");
    if (fields.has("gil_wait")) {
        const std::string v = fields.string("gil_wait");
        if (v != "some" && v != "none")
            LessonFields::fail("expect.gil_wait must be \"some\" or \"none\"");
        e.gilWait = v == "some";
    }
    if (fields.has("peak_running_min"))
        e.peakRunningMin = fields.integerIn("peak_running_min", 0, kMaxThreads);
    if (fields.has("peak_running_max"))
        e.peakRunningMax = fields.integerIn("peak_running_max", 0, kMaxThreads);
    fields.rejectUnknown();
    checkSpeedupOrder(fields, "speedup_min", e.speedupMin, "speedup_max", e.speedupMax);
    return e;
}

LessonUnexpected unexpectedFromJson(const json& object)
{
    LessonFields fields(object, "unexpected");
    LessonUnexpected u;
    u.speedupBelow = optionalSpeedup(fields, "speedup_below");
    u.speedupAbove = optionalSpeedup(fields, "speedup_above");
    u.explanation = fields.string("explanation");
    if (u.explanation.empty())
        LessonFields::fail("unexpected.explanation must not be empty");
    fields.rejectUnknown();
    checkSpeedupOrder(fields, "speedup_below", u.speedupBelow, "speedup_above", u.speedupAbove);
    return u;
}

bool isTopic(std::string_view topic)
{
    return modelFromName(topic).has_value() || isLabDemoName(topic);
}

std::string formatNumber(double value, int decimals)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

int workersOf(const RunConfig& c)
{
    switch (c.model) {
    case Model::Sequential:
        return 1;
    case Model::ThreadPool:
        return std::min(c.tasks, effectiveThreadWorkers(c));
    case Model::ProcessPool:
        return std::min(c.tasks, effectiveProcessWorkers(c));
    case Model::Threads:
    case Model::Processes:
    case Model::Asyncio:
        return c.tasks;
    }
    return 1;
}

std::string readFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw LessonError("cannot read " + path.string());
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

} // namespace

bool isLessonViewName(std::string_view view) noexcept
{
    if (std::find(kLessonViewNames.begin(), kLessonViewNames.end(), view) != kLessonViewNames.end())
        return true;
    constexpr std::string_view lab = "lab:";
    return view.substr(0, lab.size()) == lab && isLabDemoName(view.substr(lab.size()));
}

Lesson parseLesson(std::string_view text, const std::string& id)
{
    std::string problem;
    const std::optional<json> parsed = teach_detail::parseJsonDocument(text, problem);
    if (!parsed)
        throw LessonError(problem);
    const json& document = *parsed;
    LessonFields fields(document, "");
    const int version = fields.integer("version");
    if (version < 1 || version > kLessonFormatVersion)
        LessonFields::fail("version must be 1 (this Interleave reads lesson format 1)");

    Lesson lesson;
    lesson.id = fields.string("id", id);
    if (lesson.id.empty())
        LessonFields::fail("id must not be empty");
    lesson.order = fields.integerIn("order", 0, kMaxLessonOrder);
    lesson.title = fields.string("title");
    if (lesson.title.empty())
        LessonFields::fail("title must not be empty");
    lesson.text = fields.string("text");
    lesson.quiz = quizFromJson(fields.required("quiz"));
    try {
        lesson.scenario = teach_detail::scenarioFromJson(fields.required("scenario"), "scenario", false);
    } catch (const ScenarioError& e) {
        throw LessonError(e.what());
    }
    const bool hasRun = lesson.scenario.run.has_value();
    if (hasRun && sequentialEstimateMs(*lesson.scenario.run) > kMaxLessonSequentialMs)
        LessonFields::fail(
            "scenario.run is too long for a lesson: its tasks take more than 60 s one after another");
    lesson.explanation = fields.string("explanation");
    checkPlaceholders(lesson.text, "text", hasRun);
    checkPlaceholders(lesson.explanation, "explanation", hasRun);

    lesson.views = stringList(fields, "views");
    if (lesson.views.empty())
        LessonFields::fail("views must name at least one view");
    for (std::size_t i = 0; i < lesson.views.size(); ++i) {
        if (!isLessonViewName(lesson.views[i]))
            LessonFields::fail("views[" + std::to_string(i) + "] is \"" + lesson.views[i]
                + "\", which is not timeline, lanes, compare, explanation, python or lab:<demo>");
        if ((lesson.views[i] == "timeline" || lesson.views[i] == "lanes" || lesson.views[i] == "compare")
            && !hasRun)
            LessonFields::fail("views[" + std::to_string(i) + "] needs a run, but the scenario has none");
        if (lesson.views[i] == "python" && !lesson.scenario.python)
            LessonFields::fail("views[" + std::to_string(i) + "] needs scenario.python, a program to trace");
    }
    // The lab views as the window and the tour will set them up (the scenario's own lab was
    // checked with the scenario): a value a lab refuses is refused here, with the field's name,
    // and not when the view is shown.
    try {
        for (const std::string& view : lesson.views) {
            if (view.starts_with("lab:"))
                labConfigFor(lesson.scenario.lab, view, "scenario.");
        }
    } catch (const std::invalid_argument& e) {
        LessonFields::fail(e.what());
    }

    // A Python program's topic is its own to say; threads are what most of them show.
    const std::string fallbackTopic = hasRun ? std::string(modelName(lesson.scenario.run->model))
        : lesson.scenario.lab                ? lesson.scenario.lab->name
                                             : std::string("threads");
    lesson.topic = fields.string("topic", fallbackTopic);
    if (!isTopic(lesson.topic))
        LessonFields::fail("topic is \"" + lesson.topic + "\", which is neither a model nor a lab demo");
    lesson.replaySpeed = fields.number("replay_speed", kLessonReplaySpeed);
    if (!(lesson.replaySpeed >= kMinReplaySpeed && lesson.replaySpeed <= kMaxReplaySpeed))
        LessonFields::fail("replay_speed must be between 0.01 and 10");
    if (const json* expect = fields.find("expect")) {
        lesson.expect = expectationFromJson(*expect);
        if (!hasRun && lesson.expect != LessonExpectation {})
            LessonFields::fail("expect needs a run, but the scenario has none");
    }
    if (const json* unexpected = fields.find("unexpected")) {
        if (!hasRun)
            LessonFields::fail("unexpected needs a run, but the scenario has none");
        lesson.unexpected = unexpectedFromJson(*unexpected);
        checkPlaceholders(lesson.unexpected->explanation, "unexpected.explanation", hasRun);
    }
    fields.rejectUnknown();
    return lesson;
}

std::vector<Lesson> parseLessons(const std::vector<std::pair<std::string, std::string>>& files)
{
    std::vector<Lesson> lessons;
    std::map<std::string, std::string> idToFile;
    std::map<int, std::string> orderToFile;
    for (const auto& [name, text] : files) {
        const std::string stem = std::filesystem::path(name).stem().string();
        Lesson lesson;
        try {
            lesson = parseLesson(text, stem);
        } catch (const LessonError& e) {
            throw LessonError(name + ": " + e.what());
        }
        if (const auto [it, fresh] = idToFile.emplace(lesson.id, name); !fresh)
            throw LessonError(name + ": id \"" + lesson.id + "\" is also used by " + it->second);
        if (const auto [it, fresh] = orderToFile.emplace(lesson.order, name); !fresh)
            throw LessonError(
                name + ": order " + std::to_string(lesson.order) + " is also used by " + it->second);
        lessons.push_back(std::move(lesson));
    }
    std::sort(
        lessons.begin(), lessons.end(), [](const Lesson& a, const Lesson& b) { return a.order < b.order; });
    return lessons;
}

std::vector<Lesson> loadLessonsFromDirectory(const std::filesystem::path& directory)
{
    std::error_code ec;
    std::filesystem::directory_iterator it(directory, ec);
    if (ec)
        throw LessonError("cannot list " + directory.string() + ": " + ec.message());
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : it) {
        if (entry.is_regular_file() && entry.path().extension() == ".json")
            paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& path : paths)
        files.emplace_back(path.filename().string(), readFile(path));
    return parseLessons(files);
}

double sequentialEstimateMs(const RunConfig& c) noexcept
{
    double perTask = 0;
    switch (c.workload) {
    case WorkloadKind::Cpu:
        perTask = c.workMs;
        break;
    case WorkloadKind::Io:
        perTask = c.latencyMs;
        break;
    case WorkloadKind::Mixed:
        perTask = c.workMs + c.latencyMs;
        break;
    }
    return perTask * c.tasks;
}

int sustainedPeakRunning(const Trace& trace)
{
    // The count the parallelism strip draws: OS threads executing at once.
    const ParallelismProfile profile(trace);
    const TimeNs threshold = std::max<TimeNs>(1, trace.duration() / 20);
    // The largest k such that k or more threads executed for at least the threshold.
    for (int level = profile.peak(); level > 0; --level) {
        if (profile.timeAtLeast(level) >= threshold)
            return level;
    }
    return 0;
}

LessonMeasurement measureLessonRun(const RunConfig& config, const RunResult& result,
    std::optional<TimeNs> measuredSequentialWallNs, const Trace* trace)
{
    LessonMeasurement m;
    m.wallMs = static_cast<double>(result.wallNs) / 1e6;
    m.cpuMs = static_cast<double>(result.cpuNs) / 1e6;
    m.gilWaitMs = static_cast<double>(result.gilWaitNs) / 1e6;
    m.sequentialMeasured = measuredSequentialWallNs.has_value() && *measuredSequentialWallNs > 0;
    m.sequentialMs = m.sequentialMeasured ? static_cast<double>(*measuredSequentialWallNs) / 1e6
                                          : sequentialEstimateMs(config);
    m.speedup = m.wallMs > 0 ? m.sequentialMs / m.wallMs : 0;
    m.tasks = config.tasks;
    m.workers = workersOf(config);
    m.cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    if (trace != nullptr)
        m.peakRunning = sustainedPeakRunning(*trace);
    m.cancelled = result.cancelled;
    m.busyOtherCpu = result.busyOtherCpu;
    m.startupMs = usesProcesses(config.model) && config.processStart == ProcessStart::Python ? config.processStartMs : 0;
    m.taskMs = config.tasks > 0 ? sequentialEstimateMs(config) / config.tasks : 0;
    m.computes = config.workload != WorkloadKind::Io && config.workMs > 0;
    return m;
}

namespace {

std::string fillPlaceholders(const std::string& text, const LessonMeasurement* m);

} // namespace

std::string formatExplanation(const Lesson& lesson, const LessonMeasurement* m)
{
    return fillPlaceholders(lesson.explanation, m);
}

namespace {

std::string fillPlaceholders(const std::string& text, const LessonMeasurement* m)
{
    const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    return replacePlaceholders(text, [&](std::string_view name) -> std::string {
        if (name == "cores")
            return std::to_string(cores);
        if (m == nullptr)
            return "?";
        if (name == "speedup")
            return formatNumber(m->speedup, m->speedup < 10 ? 1 : 0);
        if (name == "wall_ms")
            return formatNumber(m->wallMs, 0);
        if (name == "sequential_ms")
            return formatNumber(m->sequentialMs, 0);
        if (name == "cpu_ms")
            return formatNumber(m->cpuMs, 0);
        if (name == "gil_wait_ms")
            return formatNumber(m->gilWaitMs, 0);
        if (name == "gil_wait_pct")
            return formatNumber(
                m->wallMs > 0 ? 100.0 * m->gilWaitMs / (m->wallMs * std::max(1, m->workers)) : 0, 0);
        if (name == "tasks")
            return std::to_string(m->tasks);
        if (name == "workers")
            return std::to_string(m->workers);
        if (name == "peak_running")
            return m->peakRunning ? std::to_string(*m->peakRunning) : std::string("?");
        return "{" + std::string(name) + "}";
    });
}

} // namespace

std::vector<std::string> checkExpectation(const Lesson& lesson, const LessonMeasurement& m)
{
    std::vector<std::string> failures;
    const LessonExpectation& e = lesson.expect;
    if (e.speedupMin && !(m.speedup >= *e.speedupMin))
        failures.push_back("speedup " + formatNumber(m.speedup, 2) + " is below the lesson's "
            + formatNumber(*e.speedupMin, 2));
    if (e.speedupMax && !(m.speedup <= *e.speedupMax))
        failures.push_back("speedup " + formatNumber(m.speedup, 2) + " is above the lesson's "
            + formatNumber(*e.speedupMax, 2));
    if (e.gilWait && *e.gilWait && !(m.gilWaitMs > 0))
        failures.push_back("no lane waited for the GIL, but the lesson says some do");
    if (e.gilWait && !*e.gilWait && m.gilWaitMs > 0)
        failures.push_back(
            "lanes waited " + formatNumber(m.gilWaitMs, 1) + " ms for the GIL, but the lesson says none do");
    if (m.peakRunning) {
        if (e.peakRunningMin && *m.peakRunning < *e.peakRunningMin)
            failures.push_back("at most " + std::to_string(*m.peakRunning)
                + " lanes ran at once, the lesson says " + std::to_string(*e.peakRunningMin) + " or more");
        if (e.peakRunningMax && *m.peakRunning > *e.peakRunningMax)
            failures.push_back(std::to_string(*m.peakRunning) + " lanes ran at once, the lesson says at most "
                + std::to_string(*e.peakRunningMax));
    }
    return failures;
}

} // namespace interleave

namespace interleave {

std::vector<std::string> unexpectedReasons(const LessonMeasurement& m)
{
    std::vector<std::string> reasons;
    if (machineWasBusy(m.busyOtherCpu))
        reasons.push_back("The machine was busy: " + formatNumber(*m.busyOtherCpu * 100.0, 0)
            + " % of the CPUs went to other programs while this ran, so it got less CPU than it asked for");
    if (m.startupMs > 0 && m.taskMs > 0 && m.startupMs * 2 >= m.taskMs)
        reasons.push_back("Starting a process costs about " + formatNumber(m.startupMs, 0) + " ms here, "
            + (m.startupMs >= m.taskMs ? "more than" : "a large part of") + " the " + formatNumber(m.taskMs, 0)
            + " ms of work it then does: the start-up cost is larger than what parallel work can win back");
    else if (m.startupMs > 0)
        reasons.push_back("Each process first starts an interpreter (about " + formatNumber(m.startupMs, 0)
            + " ms), and starting one takes CPU too: on a loaded machine the starts themselves queue up");
    if (m.computes && m.workers > m.cores)
        reasons.push_back("This machine has " + std::to_string(m.cores) + " cores for " + std::to_string(m.workers)
            + " workers: at most " + std::to_string(m.cores) + " can compute at once, the others take turns");
    if (!m.sequentialMeasured && m.computes)
        reasons.push_back("The sequential time (" + formatNumber(m.sequentialMs, 0)
            + " ms) is not measured but estimated from a measurement of this CPU's speed taken earlier: if "
              "the machine was busier or quieter then, the estimate and the speedup are off");
    if (m.runs <= 1)
        reasons.push_back("This is one run, and one run is one sample: a busy moment can swing it. Run it "
                          "again, or compare the models in the Compare tab, which repeats each run and shows the "
                          "median with the range");
    return reasons;
}

namespace {

std::string millisecondsFigure(double ms)
{
    return formatNumber(ms, ms < 10 ? 1 : 0) + " ms";
}

std::string speedupFigure(double speedup)
{
    return formatNumber(speedup, speedup < 10 ? 1 : 0);
}

} // namespace

std::string measurementSentence(const LessonMeasurement& m)
{
    std::string s = "*Measured:* ";
    if (m.runs > 1 && m.wallMsMax > 0)
        s += "the median of " + std::to_string(m.runs) + " runs, **" + millisecondsFigure(m.wallMs) + "** (from "
            + millisecondsFigure(m.wallMsMin) + " to " + millisecondsFigure(m.wallMsMax) + ")";
    else
        s += "one run, **" + millisecondsFigure(m.wallMs) + "**";
    if (m.speedup > 0) {
        s += ", **" + speedupFigure(m.speedup) + "x**";
        if (m.runs > 1 && m.speedupLow > 0 && m.speedupHigh > 0) {
            const std::string low = speedupFigure(m.speedupLow);
            const std::string high = speedupFigure(m.speedupHigh);
            s += low == high ? " in every run" : " (from " + low + "x to " + high + "x)";
        }
        s += ",";
    }
    s += " against " + millisecondsFigure(m.sequentialMs) + " for the same tasks one after another";
    if (m.sequentialMeasured)
        s += m.sequentialRuns > 1 ? " (the median of " + std::to_string(m.sequentialRuns) + " sequential runs)"
                                  : " (a sequential run)";
    else if (m.computes)
        s += " (estimated from this machine's speed, measured once when the program started)";
    else
        s += " (their waits added up)";
    return s + ".";
}

ChosenExplanation chooseExplanation(const Lesson& lesson, const LessonMeasurement& m)
{
    ChosenExplanation chosen;
    chosen.contradictions = checkExpectation(lesson, m);
    // The lesson's text for the other outcome is written for its bounds: with bounds it is
    // shown only when one of them is crossed, without for any failed claim of `expect`.
    bool ownText = lesson.unexpected && !lesson.unexpected->speedupBelow && !lesson.unexpected->speedupAbove;
    if (lesson.unexpected) {
        const LessonUnexpected& u = *lesson.unexpected;
        ownText = ownText || (u.speedupBelow && m.speedup < *u.speedupBelow) || (u.speedupAbove && m.speedup > *u.speedupAbove);
        if (u.speedupBelow && m.speedup < *u.speedupBelow)
            chosen.contradictions.push_back("the speedup " + formatNumber(m.speedup, 2) + "x is below the "
                + formatNumber(*u.speedupBelow, 2) + "x this lesson's explanation needs");
        if (u.speedupAbove && m.speedup > *u.speedupAbove)
            chosen.contradictions.push_back("the speedup " + formatNumber(m.speedup, 2) + "x is above the "
                + formatNumber(*u.speedupAbove, 2) + "x this lesson's explanation allows");
    }
    if (chosen.contradictions.empty()) {
        chosen.text = formatExplanation(lesson, &m) + "\n\n" + measurementSentence(m);
        return chosen;
    }
    chosen.asExpected = false;
    chosen.reasons = unexpectedReasons(m);
    std::string text = m.runs > 1 ? "**These " + std::to_string(m.runs) + " runs did not show what the lesson expects:** "
                                  : std::string("**This run did not show what the lesson expects:** ");
    for (std::size_t i = 0; i < chosen.contradictions.size(); ++i)
        text += (i == 0 ? "" : "; ") + chosen.contradictions[i];
    text += ".\n\n";
    if (ownText)
        text += fillPlaceholders(lesson.unexpected->explanation, &m) + "\n\n";
    if (!chosen.reasons.empty()) {
        text += m.runs > 1 ? "**Why these runs can differ:**\n\n" : "**Why this run can differ:**\n\n";
        for (const std::string& reason : chosen.reasons)
            text += "- " + reason + ".\n";
        text += "\n";
    }
    chosen.text = text + measurementSentence(m);
    return chosen;
}

} // namespace interleave
