#include "pytrace/accuracy.h"
#include "trace/clock.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace interleave::pytrace {
namespace {

constexpr TimeNs kAccuracyUs = kNsPerUs;

// Two threads that hand the GIL over every 5 ms for 20 ms: A holds [0, 5), B [5, 10), ...
// Each notes the time every 10 us while it holds it.
Truth accuracyAlternatingTruth()
{
    Truth truth;
    truth.threads = {{.name = "cpu-0", .tid = 11}, {.name = "cpu-1", .tid = 12}};
    for (TimeNs t = 0; t < 20 * kNsPerMs; t += 10 * kAccuracyUs)
        truth.threads[(t / (5 * kNsPerMs)) % 2].stamps.push_back(t);
    return truth;
}

// The tracer's picture of those threads: Running while holding, WaitingGil otherwise, each
// change seen `lateNs` after it happened.
Trace accuracyPicture(TimeNs lateNs)
{
    TraceBuilder b;
    const LaneId p = b.addLane({.kind = LaneKind::Process, .pid = 10, .tid = 10, .name = "python"});
    const LaneId a = b.addLane({.parent = p, .kind = LaneKind::Thread, .pid = 10, .tid = 11, .name = "cpu-0"});
    const LaneId c = b.addLane({.parent = p, .kind = LaneKind::Thread, .pid = 10, .tid = 12, .name = "cpu-1"});
    for (int slice = 0; slice < 4; ++slice) {
        const TimeNs at = slice == 0 ? 0 : slice * 5 * kNsPerMs + lateNs;
        b.append(slice % 2 ? c : a, {at, kNoTask, State::Running});
        b.append(slice % 2 ? a : c, {at, kNoTask, State::WaitingGil});
    }
    b.setLaneEnd(a, 20 * kNsPerMs);
    b.setLaneEnd(c, 20 * kNsPerMs);
    b.setLaneEnd(p, 20 * kNsPerMs);
    return b.build();
}

TEST(PytraceAccuracy, AnExactPictureAgreesEverywhere)
{
    const GilAgreement g = compareGilHolder(accuracyPicture(0), accuracyAlternatingTruth(), kNsPerMs / 10,
                                            100 * kAccuracyUs);
    EXPECT_GT(g.compared, 150u); // 20 ms every 0.1 ms, hand-overs skipped
    EXPECT_EQ(g.agreed, g.compared);
    EXPECT_EQ(g.slices, 4u);
    EXPECT_EQ(g.handOvers, 3u);
}

TEST(PytraceAccuracy, ALatePictureDisagreesForAsLongAsItIsLate)
{
    // 1 ms late at each of 3 hand-overs: 3 of the 20 ms are drawn wrong.
    const GilAgreement g = compareGilHolder(accuracyPicture(kNsPerMs), accuracyAlternatingTruth(),
                                            kNsPerMs / 10, 100 * kAccuracyUs);
    EXPECT_NEAR(g.share(), 17.0 / 20.0, 0.02);
}

TEST(PytraceAccuracy, AThreadMissingFromTheTraceDisagreesWhileItHolds)
{
    Truth truth = accuracyAlternatingTruth();
    truth.threads[1].tid = 99;
    const GilAgreement g = compareGilHolder(accuracyPicture(0), truth, kNsPerMs / 10, 100 * kAccuracyUs);
    // Right while thread 11 holds; wrong while 99 (not in the trace) does, when lane 12 runs.
    EXPECT_NEAR(g.share(), 0.5, 0.02);
}

TEST(PytraceAccuracy, SwitchesAreCountedBetweenTwoInstants)
{
    const std::vector<std::pair<TimeNs, std::uint64_t>> series{{10, 5}, {20, 7}, {30, 12}, {40, 13}};
    EXPECT_EQ(switchesBetween(series, 10, 40), 8u);
    EXPECT_EQ(switchesBetween(series, 15, 35), 7u); // 5 seen at 15, 12 at 35
    EXPECT_EQ(switchesBetween(series, 0, 100), 8u); // before the first reading: the first value
    EXPECT_EQ(switchesBetween({}, 0, 100), 0u);
}

TEST(PytraceAccuracy, SleepsAreMatchedToTheirBlockedSpans)
{
    TraceBuilder b;
    const LaneId p = b.addLane({.kind = LaneKind::Process, .pid = 10, .tid = 10, .name = "python"});
    const LaneId t = b.addLane({.parent = p, .kind = LaneKind::Thread, .pid = 10, .tid = 11, .name = "io-0"});
    b.append(t, {0, kNoTask, State::Running});
    b.append(t, {1 * kNsPerMs + 300 * kAccuracyUs, kNoTask, State::BlockedIo}); // 0.3 ms late
    b.append(t, {21 * kNsPerMs + 100 * kAccuracyUs, kNoTask, State::Running});  // 0.1 ms late
    b.append(t, {22 * kNsPerMs, kNoTask, State::BlockedIo});                     // exact
    b.append(t, {42 * kNsPerMs + 900 * kAccuracyUs, kNoTask, State::Running});  // 0.9 ms late
    b.setLaneEnd(t, 50 * kNsPerMs);
    b.setLaneEnd(p, 50 * kNsPerMs);
    Truth truth;
    truth.threads = {{.name = "io-0", .tid = 11}};
    truth.threads[0].sleeps = {{1 * kNsPerMs, 21 * kNsPerMs}, {22 * kNsPerMs, 42 * kNsPerMs},
                               {45 * kNsPerMs, 46 * kNsPerMs}}; // the last one was not seen
    const SleepAccuracy s = compareSleeps(b.build(), truth);
    EXPECT_EQ(s.sleeps, 3u);
    EXPECT_EQ(s.matched, 2u);
    EXPECT_EQ(s.startErrorMax, 300 * kAccuracyUs);
    EXPECT_EQ(s.endErrorMax, 900 * kAccuracyUs);
}

TEST(PytraceAccuracy, TruthFilesAreParsedOrRefusedWithAReason)
{
    const Truth truth = parseTruth(
        R"({"threads": [{"name": "cpu-0", "tid": 5, "stamps": [1, 2, 3]},
                        {"name": "io-0", "tid": 6, "sleeps": [[10, 20]]}]})");
    ASSERT_EQ(truth.threads.size(), 2u);
    EXPECT_EQ(truth.threads[0].stamps.size(), 3u);
    EXPECT_EQ(truth.threads[1].sleeps.front(), (std::pair<TimeNs, TimeNs>{10, 20}));
    EXPECT_THROW(parseTruth("[]"), std::runtime_error);
    EXPECT_THROW(parseTruth(R"({"threads": [{"tid": 5}]})"), std::runtime_error);
    EXPECT_THROW(parseTruth(R"({"threads": [{"name": "a", "tid": 5, "stamps": [3, 1]}]})"), std::runtime_error);
}

} // namespace
} // namespace interleave::pytrace
