#include "cli/synthetictrace.h"

#include "trace/clock.h"

#include <random>
#include <string>
#include <vector>

namespace interleave::cli {
namespace {

constexpr int kSyntheticProcesses = 4; // each with a process lane and 15 threads

} // namespace

Trace syntheticTrace(std::int64_t spans)
{
    TraceBuilder builder;
    std::vector<LaneId> lanes;
    const int threadsPerProcess = kSyntheticTraceLanes / kSyntheticProcesses - 1;
    for (int p = 0; p < kSyntheticProcesses; ++p) {
        const std::int32_t pid = 1000 + p;
        const LaneId process = builder.addLane(
            {.kind = LaneKind::Process, .pid = pid, .tid = pid, .name = "python " + std::to_string(p + 1)});
        lanes.push_back(process);
        for (int t = 0; t < threadsPerProcess; ++t) {
            lanes.push_back(builder.addLane({.parent = process,
                .kind = LaneKind::Thread,
                .pid = pid,
                .tid = pid + t + 1,
                .name = "Thread-" + std::to_string(t + 1)}));
        }
    }
    std::mt19937_64 random(20261122);
    std::uniform_int_distribution<int> percent(0, 99);
    std::uniform_int_distribution<TimeNs> shortSpan(2'000, 200'000);
    std::uniform_int_distribution<TimeNs> ioWait(200'000, 3 * kNsPerMs);
    const TimeNs origin = 1'000'000 * kNsPerMs;
    for (std::size_t lane = 0; lane < lanes.size(); ++lane) {
        const std::int64_t count
            = spans / kSyntheticTraceLanes + (static_cast<std::int64_t>(lane) < spans % kSyntheticTraceLanes ? 1 : 0);
        TimeNs t = origin + static_cast<TimeNs>(lane) * 37'000;
        for (std::int64_t i = 0; i < count; ++i) {
            const int roll = percent(random);
            State state;
            TimeNs duration;
            if (roll < 20) {
                state = State::Running;
                duration = 5 * kNsPerMs; // a whole switch interval
            } else if (roll < 35) {
                state = State::WaitingGil;
                duration = shortSpan(random) * 10;
            } else if (roll < 45) {
                state = State::BlockedIo;
                duration = ioWait(random);
            } else if (roll < 50) {
                state = State::WaitingLock;
                duration = shortSpan(random);
            } else {
                state = roll % 2 == 0 ? State::Running : State::WaitingGil;
                duration = shortSpan(random) / 10;
            }
            builder.append(lanes[lane], {.time = t, .task = static_cast<std::int32_t>(lane), .state = state});
            t += duration;
        }
        builder.setLaneEnd(lanes[lane], t);
    }
    return builder.build();
}

} // namespace interleave::cli
