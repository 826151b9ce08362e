// Recording must cost little more than reading the clock: BM_RecordStateChange is meant to
// stay within 1.5x of BM_ClockRead.
#include "trace/clock.h"
#include "trace/recorder.h"

#include <benchmark/benchmark.h>

namespace {

using namespace interleave;

void BM_ClockRead(benchmark::State& state)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(nowNs());
}
BENCHMARK(BM_ClockRead);

void BM_RecordStateChange(benchmark::State& state)
{
    // A fresh recorder per batch keeps memory bounded; the batch boundary is not timed.
    constexpr std::int64_t kBatch = 1 << 20;
    auto recorder = std::make_unique<Recorder>();
    LaneWriter writer = recorder->addLane({});
    std::int64_t inBatch = 0;
    for (auto _ : state) {
        writer.record(State::Running, 1);
        if (++inBatch == kBatch) [[unlikely]] {
            state.PauseTiming();
            recorder = std::make_unique<Recorder>();
            writer = recorder->addLane({});
            inBatch = 0;
            state.ResumeTiming();
        }
    }
}
BENCHMARK(BM_RecordStateChange);

} // namespace
