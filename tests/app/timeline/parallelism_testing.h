#pragma once

// The parallelism strip's sample trace, shared by its geometry tests (Qt-free) and the
// painter's.

#include "trace/clock.h"
#include "trace/trace.h"

namespace interleave::paralleltest {

// A loop thread whose coroutine runs [0, 40) ms while the loop runs too, a thread running
// [20, 60) ms, and a pool task lane Running all along (a mirror, never counted).
inline Trace parallelismSampleTrace()
{
    TraceBuilder b;
    const LaneId loop = b.addLane({.kind = LaneKind::Process, .pid = 1, .tid = 1, .name = "MainProcess"});
    const LaneId coro = b.addLane({.parent = loop, .kind = LaneKind::Coroutine, .pid = 1, .name = "Task-1"});
    const LaneId thread = b.addLane({.parent = loop, .kind = LaneKind::Thread, .pid = 1, .tid = 2, .name = "T"});
    const LaneId task = b.addLane({.parent = loop, .kind = LaneKind::Task, .pid = 1, .name = "task 0"});
    b.append(loop, {.time = 0, .state = State::Running});
    b.append(loop, {.time = 40 * kNsPerMs, .state = State::BlockedIo, .detail = kBlockedInSelect});
    b.append(loop, {.time = 100 * kNsPerMs, .state = State::Done});
    b.append(coro, {.time = 0, .state = State::Running});
    b.append(coro, {.time = 40 * kNsPerMs, .state = State::Done});
    b.append(thread, {.time = 0, .state = State::BlockedIo});
    b.append(thread, {.time = 20 * kNsPerMs, .state = State::Running});
    b.append(thread, {.time = 60 * kNsPerMs, .state = State::Done});
    b.append(task, {.time = 0, .state = State::Running});
    b.append(task, {.time = 100 * kNsPerMs, .state = State::Done});
    return b.build();
}

} // namespace interleave::paralleltest
