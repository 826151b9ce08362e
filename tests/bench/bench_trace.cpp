// Recording must cost little more than reading the clock: BM_RecordStateChange is meant to
// stay within 1.5x of BM_ClockRead, first touch of fresh memory included (a real run pays it
// too). Run them in one process and compare there: on a shared machine two runs differ more
// than the figures do.
//
// The variants say where the time goes:
//   BM_RecordNoClock           the store alone (a constant time instead of a clock read)
//   BM_ClockIntoFaultedArray   the clock and a 16-byte write into memory already faulted in,
//                              without the store's bookkeeping: the floor
//   BM_RecordStateChange/8 threads   eight writers at once, each its own lane
//   BM_RecordWhileSnapshotting       one writer while a reader takes snapshots at 60 Hz
// Counters: faults_per_1k (minor page faults of the recording thread per 1000 records) and
// bytes_per_span (what the records add to the resident set, per record kept).
#include "trace/clock.h"
#include "trace/recorder.h"
#include "trace/trace.h"

#include <benchmark/benchmark.h>

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

namespace {

using namespace interleave;

// A fresh recorder per batch keeps memory bounded; the batch boundary is not timed.
constexpr std::int64_t kBenchTraceBatch = 1 << 20;

long benchTraceMinorFaults()
{
    rusage usage {};
    getrusage(RUSAGE_THREAD, &usage);
    return usage.ru_minflt;
}

// Records into fresh recorders, one batch at a time, and sets the counters.
template <typename RecordOne>
void benchTraceRecordLoop(benchmark::State& state, RecordOne recordOne)
{
    auto recorder = std::make_unique<Recorder>();
    LaneWriter writer = recorder->addLane({});
    std::int64_t inBatch = 0;
    double residentBytes = 0;
    double kept = 0;
    const long faultsBefore = benchTraceMinorFaults();
    for (auto _ : state) {
        recordOne(writer);
        if (++inBatch == kBenchTraceBatch) [[unlikely]] {
            state.PauseTiming();
            const RecorderSnapshot snap = recorder->snapshot();
            residentBytes += static_cast<double>(snap.lanes[0].store->residentBytes(snap.lanes[0].count));
            kept += static_cast<double>(snap.lanes[0].count);
            recorder = std::make_unique<Recorder>();
            writer = recorder->addLane({});
            inBatch = 0;
            state.ResumeTiming();
        }
    }
    const long faults = benchTraceMinorFaults() - faultsBefore;
    const RecorderSnapshot snap = recorder->snapshot();
    residentBytes += static_cast<double>(snap.lanes[0].store->residentBytes(snap.lanes[0].count));
    kept += static_cast<double>(snap.lanes[0].count);
    // Averaged over threads: each thread reports its own lane's figures.
    state.counters["faults_per_1k"] = benchmark::Counter(
        1000.0 * static_cast<double>(faults) / static_cast<double>(state.iterations()), benchmark::Counter::kAvgThreads);
    state.counters["bytes_per_span"]
        = benchmark::Counter(kept > 0 ? residentBytes / kept : 0, benchmark::Counter::kAvgThreads);
    state.SetItemsProcessed(state.iterations());
}

void BM_ClockRead(benchmark::State& state)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(nowNs());
}
BENCHMARK(BM_ClockRead);

void BM_RecordStateChange(benchmark::State& state)
{
    benchTraceRecordLoop(state, [](LaneWriter& writer) { writer.record(State::Running, 1); });
}
BENCHMARK(BM_RecordStateChange);
// Eight writers, each with its own recorder and lane: page faults of one process contend in
// the kernel, and on fewer cores than threads the wall time is shared; compare CPU time.
BENCHMARK(BM_RecordStateChange)->Threads(8);

void BM_RecordNoClock(benchmark::State& state)
{
    TimeNs t = 0;
    benchTraceRecordLoop(state, [&t](LaneWriter& writer) { writer.recordAt(++t, State::Running, 1); });
}
BENCHMARK(BM_RecordNoClock);

void BM_ClockIntoFaultedArray(benchmark::State& state)
{
    constexpr std::size_t kSize = std::size_t {1} << 16;
    std::vector<StateChange> records(kSize); // value-initialised: every page is faulted in
    std::size_t i = 0;
    for (auto _ : state) {
        records[i] = StateChange {nowNs(), 1, State::Running, 0, 0};
        i = (i + 1) & (kSize - 1);
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ClockIntoFaultedArray);

// The GUI's polling: a snapshot, and a trace built from it, every 16.7 ms while the writer
// records. The writer's cost per record must stay within 20 % of BM_RecordStateChange.
void BM_RecordWhileSnapshotting(benchmark::State& state)
{
    auto recorder = std::make_shared<Recorder>();
    LaneWriter writer = recorder->addLane({});
    std::atomic<std::shared_ptr<Recorder>> shown {recorder};
    std::atomic<bool> stop {false};
    std::atomic<long> snapshots {0};
    std::thread reader([&] {
        auto next = std::chrono::steady_clock::now();
        while (!stop.load(std::memory_order_relaxed)) {
            const Trace trace = Trace::fromSnapshot(shown.load()->snapshot());
            benchmark::DoNotOptimize(trace.totalSpanCount());
            snapshots.fetch_add(1, std::memory_order_relaxed);
            next += std::chrono::microseconds(16'667);
            std::this_thread::sleep_until(next);
        }
    });
    std::int64_t inBatch = 0;
    const long faultsBefore = benchTraceMinorFaults();
    for (auto _ : state) {
        writer.record(State::Running, 1);
        if (++inBatch == kBenchTraceBatch) [[unlikely]] {
            state.PauseTiming();
            recorder = std::make_shared<Recorder>();
            writer = recorder->addLane({});
            shown.store(recorder); // the old one lives on in the reader's hands while it reads
            inBatch = 0;
            state.ResumeTiming();
        }
    }
    stop.store(true);
    reader.join();
    state.counters["faults_per_1k"]
        = 1000.0 * static_cast<double>(benchTraceMinorFaults() - faultsBefore) / static_cast<double>(state.iterations());
    state.counters["snapshots"] = static_cast<double>(snapshots.load());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RecordWhileSnapshotting);

} // namespace
