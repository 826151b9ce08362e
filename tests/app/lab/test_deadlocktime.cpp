// The lab view and the command line say a deadlock's times the same way: both write them
// with core's durationText, one rounding rule.

#include "../../cli/commandline_testing.h"
#include "cli/commandline.h"
#include "labviews/deadlockview.h"
#include "trace/duration_text.h"
#include "trace/trace.h"

#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <string>

namespace interleave {
namespace {

// "4.2 ms" back to nanoseconds.
TimeNs deadlockTimeParse(const std::string& text)
{
    return static_cast<TimeNs>(std::llround(std::stod(text) * static_cast<double>(kNsPerMs)));
}

QString deadlockTimeShownByTheView(TimeNs detectedAfterNs, TimeNs latencyNs)
{
    DeadlockResult result;
    result.deadlocked = true;
    result.detectedAfterNs = detectedAfterNs;
    DeadlockReport report;
    report.cycle = {"worker-1", "lock-a", "worker-2", "lock-b"};
    report.formedAt = 1'000'000'000;
    report.detectedAt = report.formedAt + latencyNs;
    result.report = report;
    DeadlockConfig config;
    config.scenario = DeadlockScenario::TwoLocks;
    DeadlockView view;
    view.showRun(config, result, Trace());
    return view.resultText();
}

TEST(DeadlockTime, TheLabViewWritesTheTimesTheCommandLinePrinted)
{
    const cli::commandtest::Outcome r = cli::commandtest::runInterleave({"deadlock", "--two-locks"});
    ASSERT_EQ(r.result.status, cli::kExitOk) << r.err;
    std::smatch m;
    const std::regex sentence(
        R"(Deadlocked: detected (\S+ ms) after the start, (\S+ ms) after the cycle formed\.)");
    ASSERT_TRUE(std::regex_search(r.out, m, sentence)) << r.out;
    const std::string detected = m[1];
    const std::string latency = m[2];
    const QString shown = deadlockTimeShownByTheView(deadlockTimeParse(detected), deadlockTimeParse(latency));
    EXPECT_TRUE(shown.contains(QString::fromStdString(detected) + " after the start")) << shown.toStdString();
    EXPECT_TRUE(shown.contains("(" + QString::fromStdString(latency) + " after it formed)"))
        << shown.toStdString();
}

TEST(DeadlockTime, TiesAreRoundedTheSameWayInTheViewAsInCore)
{
    // 12.5 ms and 4.25 ms are ties at the digit shown: away from zero, "13 ms" and "4.3 ms".
    const QString shown = deadlockTimeShownByTheView(12'500'000, 4'250'000);
    EXPECT_EQ(durationText(12'500'000), "13 ms");
    EXPECT_EQ(durationText(4'250'000), "4.3 ms");
    EXPECT_TRUE(shown.contains("cycle 13 ms after the start (4.3 ms after it formed)"))
        << shown.toStdString();
}

} // namespace
} // namespace interleave
