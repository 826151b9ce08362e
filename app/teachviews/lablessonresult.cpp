#include "teachviews/lablessonresult.h"

#include "qtext.h"
#include "trace/duration_text.h"

#include <QCoreApplication>

#include <algorithm>

namespace interleave {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("LabLessonResult", text);
}

QString percent(double part, double whole)
{
    return percentFigure(whole > 0 ? part / whole : 0.0);
}

// Where a switch can fall between a thread's load and its store: without a GIL anywhere, with
// it only at a call (or a sleep, which releases it).
bool raceCanLose(const RaceConfig& c)
{
    if (c.mode != RaceMode::Unsafe)
        return false;
    return !c.gil || c.between == RaceBetween::Call || (c.widenUs > 0 && c.widenBy == WidenMethod::Sleep);
}

QString raceCode(const RaceConfig& c)
{
    const QString line = c.between == RaceBetween::Call ? QStringLiteral("`counter = counter + one()`")
                                                        : QStringLiteral("`counter += 1`");
    switch (c.mode) {
    case RaceMode::Lock: return tr("%1 inside `with lock:`").arg(line);
    case RaceMode::Atomic: return tr("one atomic fetch-add");
    case RaceMode::Unsafe: break;
    }
    return line;
}

QString raceWhere(const RaceConfig& c)
{
    return c.gil ? tr("under the GIL (CPython 3.10+)") : tr("without a GIL (free-threaded)");
}

bool raceCompleted(const RaceLessonOutcome& o)
{
    return !o.runs.empty() && static_cast<int>(o.runs.size()) >= o.config.repeat
        && std::all_of(o.runs.begin(), o.runs.end(), [](const RaceRunResult& r) { return r.completed; });
}

bool deadlockCompleted(const DeadlockLessonOutcome& o)
{
    return o.error.empty() && !o.result.stopped;
}

// The numbers: how many runs, what was expected, where the counter ended, what was lost.
QString raceNumbers(const RaceLessonOutcome& o)
{
    const RaceConfig& c = o.config;
    const RaceSummary s = summarize(o.runs);
    TimeNs wall = 0;
    for (const RaceRunResult& r : o.runs)
        wall += r.wallNs;
    const TimeNs meanWall = o.runs.empty() ? 0 : wall / static_cast<TimeNs>(o.runs.size());
    const std::int64_t expected = o.runs.front().expected;
    QString text = s.runs == 1
        ? tr("**Measured:** %1 threads × %2 of %3, %4: expected **%5**, the counter ended at **%6**")
              .arg(c.threads)
              .arg(groupedNumber(c.increments), raceCode(c), raceWhere(c), groupedNumber(expected),
                  groupedNumber(s.minActual))
        : s.minActual == s.maxActual
        ? tr("**Measured:** %1 runs of %2 threads × %3 of %4, %5: expected **%6**, the counter ended at "
             "**%7** every time")
              .arg(s.runs)
              .arg(c.threads)
              .arg(groupedNumber(c.increments), raceCode(c), raceWhere(c), groupedNumber(expected),
                  groupedNumber(s.minActual))
        : tr("**Measured:** %1 runs of %2 threads × %3 of %4, %5: expected **%6**, the counter ended "
             "between **%7** and **%8**")
              .arg(s.runs)
              .arg(c.threads)
              .arg(groupedNumber(c.increments), raceCode(c), raceWhere(c), groupedNumber(expected),
                  groupedNumber(s.minActual), groupedNumber(s.maxActual));
    if (s.runsThatLost == 0)
        text += tr(": **no update lost**");
    else if (s.runs == 1)
        text += tr(": **%1 updates lost** (%2 %)")
                    .arg(groupedNumber(o.runs.front().lost()), percent(static_cast<double>(o.runs.front().lost()),
                                                                   static_cast<double>(expected)));
    else
        text += tr(": updates were lost in **%1 of %2** runs, **%3** on average (%4 %)")
                    .arg(s.runsThatLost)
                    .arg(s.runs)
                    .arg(groupedNumber(static_cast<std::int64_t>(s.meanLost + 0.5)),
                        percent(s.meanLost, static_cast<double>(expected)));
    text += s.runs == 1 ? tr(", in %1.").arg(durationLabel(meanWall)) : tr(", %1 a run.").arg(durationLabel(meanWall));
    return text;
}

// Why the runs came out as they did, in the words of what was measured.
QString raceMeaning(const RaceLessonOutcome& o)
{
    const RaceConfig& c = o.config;
    const RaceSummary s = summarize(o.runs);
    std::int64_t switches = 0;
    std::int64_t inWindow = 0;
    for (const RaceRunResult& r : o.runs) {
        switches += r.switches;
        inWindow += r.switchesInWindow;
    }
    const bool lost = s.runsThatLost > 0;
    if (raceCanLose(c) && lost) {
        if (!c.gil)
            return tr("Without a GIL the threads ran at the same time on different cores, and one thread's "
                      "store landed between another's load and store: that update was overwritten.");
        if (c.widenUs > 0 && c.widenBy == WidenMethod::Sleep)
            return tr("The sleep between the load and the store released the GIL, so another thread ran "
                      "right there.");
        return tr("The GIL changed hands %1 times, %2 of them at the call between a thread's load and its "
                  "store: the thread switched out there later stored a value older than everything the "
                  "others had added meanwhile.")
            .arg(groupedNumber(switches), groupedNumber(inWindow));
    }
    if (!raceCanLose(c) && !lost) {
        if (c.mode == RaceMode::Lock)
            return tr("With the lock, only one thread at a time was between its load and its store; the "
                      "others waited for the lock (*Waiting for lock* on the timeline).");
        if (c.mode == RaceMode::Atomic)
            return tr("Each fetch-add read, added and wrote in one indivisible step.");
        return tr("The GIL changed hands %1 times, never between a load and its store: `counter += 1` has "
                  "no call and no backward jump there, and CPython 3.10+ switches only at those.")
            .arg(groupedNumber(switches));
    }
    if (raceCanLose(c)) {
        // A lossy mode that lost nothing: rare, and it happens.
        QString why = !c.gil
            ? tr("Without a GIL an update is lost only when two threads load and store at the same moment "
                 "on two cores; on a busy machine the threads may have run one after another instead.")
            : tr("With the GIL a thread is switched out only after another has waited a switch interval "
                 "(%1) for it, and only at a call or a backward jump; the GIL changed hands %2 times, %3 of "
                 "them at the call between a load and its store.")
                  .arg(durationLabel(kRaceSwitchIntervalNs), groupedNumber(switches), groupedNumber(inWindow));
        return tr("This time nothing was lost, although this code can lose updates. That can happen: %1 "
                  "A race depends on timing, so it can hide in one run and show in the next: show the demo "
                  "again.")
            .arg(why);
    }
    // A safe mode that lost updates: the demo itself went wrong.
    return tr("Updates were lost although this code should lose none: with %1 nothing can come between "
              "the load and the store. This is a fault of the demo, not of Python.")
        .arg(raceCode(c));
}

QString deadlockMeaning(const DeadlockLessonOutcome& o)
{
    const DeadlockResult& r = o.result;
    if (r.deadlocked && r.report) {
        QString text = tr("**Measured:** deadlock. %1 after the start the watchdog found the cycle: %2. "
                          "Neither can go on, so each waits for the other forever. The watchdog saw the "
                          "cycle %3 after it closed, left it standing and then stopped the run.")
                           .arg(durationLabel(r.detectedAfterNs), toQString(r.report->description),
                               durationLabel(r.report->latencyNs()));
        if (o.config.ordered)
            text += tr(" This should not happen with one lock order: it is a fault of the demo.");
        return text;
    }
    const QString rounds = tr("all %1 rounds done in %2").arg(r.mealsPlanned).arg(durationLabel(r.wallNs));
    if (o.config.ordered)
        return tr("**Measured:** no deadlock, %1: every thread took its locks in the same order, so the "
                  "cycle could not close.")
            .arg(rounds);
    return tr("**Measured:** this time no deadlock, %1. That can happen: the cycle closes only when each "
              "thread holds its first lock at the moment the other asks for it; if one thread takes both "
              "locks before the other takes its first, nobody waits in a circle. The demo pauses %2 "
              "between the two locks to make that rare: show the demo again.")
        .arg(rounds, durationLabel(o.config.pauseNs));
}

} // namespace

bool labOutcomeAsExpected(const LabLessonOutcome& outcome)
{
    if (const auto* race = std::get_if<RaceLessonOutcome>(&outcome)) {
        if (!raceCompleted(*race))
            return false;
        return raceCanLose(race->config) == (summarize(race->runs).runsThatLost > 0);
    }
    const auto& deadlock = std::get<DeadlockLessonOutcome>(outcome);
    return deadlockCompleted(deadlock) && deadlock.result.deadlocked != deadlock.config.ordered;
}

QString labLessonResultMarkdown(const Lesson& lesson, const LabLessonOutcome& outcome, bool withLessonExplanation)
{
    QString text;
    if (const auto* race = std::get_if<RaceLessonOutcome>(&outcome)) {
        if (race->runs.empty())
            return tr("The demo was stopped before its first run ended: show it again to see the result.");
        text = raceNumbers(*race) + QLatin1Char(' ') + raceMeaning(*race);
        if (!raceCompleted(*race))
            return text
                + tr("\n\nThe demo was stopped after %1 of %2 runs: show it again to see it whole.")
                      .arg(race->runs.size())
                      .arg(race->config.repeat);
    } else {
        const auto& deadlock = std::get<DeadlockLessonOutcome>(outcome);
        if (!deadlock.error.empty())
            return tr("The demo could not run: %1").arg(toQString(deadlock.error));
        if (deadlock.result.stopped)
            return tr("The demo was stopped before it ended (%1 of %2 rounds done): show it again to see the "
                      "result.")
                .arg(deadlock.result.meals)
                .arg(deadlock.result.mealsPlanned);
        text = deadlockMeaning(deadlock);
    }
    if (withLessonExplanation && labOutcomeAsExpected(outcome))
        text += QStringLiteral("\n\n") + toQString(formatExplanation(lesson, nullptr));
    return text;
}

} // namespace interleave
