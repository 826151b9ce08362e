#include "pytrace/stuck_threads.h"

#include "pytrace/python_trace_builder.h"

#include <map>

namespace interleave::pytrace {
namespace {

// A lane's wait must reach this close to the trace's end to count as still going: a stop's
// own ending, or a live snapshot taken a moment after the lane's last state change.
constexpr TimeNs kEndSlack = 50'000'000;
// A stretch the sampler missed (it fell behind) does not break a wait it saw on both sides.
constexpr TimeNs kUnseenGap = 50'000'000;
// What a lane does once it is told to stop: the signal wakes a thread blocked on a lock or in
// join(), which takes the GIL for a moment to look at it. Those last stretches are the stop's,
// not the program's, and do not count as the thread running again.
constexpr TimeNs kStopNoise = 20'000'000;

bool isWait(State s)
{
    return s == State::WaitingLock || s == State::BlockedIo;
}

} // namespace

std::vector<StuckOnLock> likelyDeadlock(const Trace& trace, TimeNs minWait)
{
    struct Process {
        std::vector<StuckOnLock> stuck;
        bool running = false;
    };
    std::map<std::int32_t, Process> processes;
    for (std::size_t i = 0; i < trace.laneCount(); ++i) {
        const auto id = static_cast<LaneId>(i);
        const LaneInfo& info = trace.lane(id);
        if (info.kind != LaneKind::Process && info.kind != LaneKind::Thread)
            continue;
        // The last span with a length: a stopped lane's final Failed or Done has none.
        std::size_t n = trace.spanCount(id);
        const bool stopped = n > 0 && trace.span(id, n - 1).state == State::Stopped;
        while (n > 0 && trace.span(id, n - 1).duration() <= 0)
            --n;
        if (stopped) {
            std::size_t k = n;
            while (k > 0 && !isWait(trace.span(id, k - 1).state))
                --k;
            if (k > 0 && k < n && trace.span(id, n - 1).end - trace.span(id, k).start < kStopNoise)
                n = k; // the wait, up to where the stop woke it
        }
        if (n == 0)
            continue;
        const Span last = trace.span(id, n - 1);
        if (last.end < trace.endTime() - kEndSlack)
            continue; // this thread ended before the trace did
        Process& p = processes[info.pid];
        if (last.state == State::Running || last.state == State::WaitingGil)
            p.running = true;
        if (last.state != State::WaitingLock)
            continue;
        // Back to where the wait began: the same wait, across stretches nobody saw.
        TimeNs since = last.start;
        for (std::size_t k = n - 1; k-- > 0;) {
            const Span s = trace.span(id, k);
            if (s.state == State::WaitingLock && s.detail == last.detail)
                since = s.start;
            else if (!(s.state == State::Unknown && s.duration() <= kUnseenGap))
                break;
        }
        if (last.end - since >= minWait)
            p.stuck.push_back({id, since, detailText(trace, last.detail)});
    }
    for (auto& [pid, p] : processes) {
        if (p.stuck.size() >= 2 && !p.running)
            return std::move(p.stuck);
    }
    return {};
}

} // namespace interleave::pytrace
