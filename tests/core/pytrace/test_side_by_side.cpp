// Both runs of one configuration in one trace: the emulated one and CPython's, grouped, each
// from 0, and the sentence that compares them.

#include "pytrace/side_by_side.h"
#include "pytrace/python_program.h"

#include <gtest/gtest.h>

#include <string>

namespace interleave::pytrace {
namespace {

// A process with one thread and, for a pool, one task lane run by that thread; all of it
// starting at `at` (an absolute clock time).
Trace sideBySidePoolTrace(TimeNs at, const std::string& processName)
{
    TraceBuilder b;
    const LaneId process = b.addLane({.kind = LaneKind::Process, .pid = 10, .name = processName});
    const LaneId worker = b.addLane({.parent = process, .kind = LaneKind::Thread, .name = "worker"});
    const LaneId task = b.addLane({.parent = process, .kind = LaneKind::Task, .name = "task 0"});
    b.append(process, {.time = at, .state = State::Running});
    b.append(process, {.time = at + 50, .state = State::Done});
    b.append(worker, {.time = at + 5, .state = State::Running});
    b.append(worker, {.time = at + 40, .state = State::Done});
    b.append(task, {.time = at, .task = 0, .state = State::Ready});
    b.append(task, {.time = at + 5, .task = 0, .state = State::Running, .detail = static_cast<std::uint16_t>(worker)});
    b.append(task, {.time = at + 40, .task = 0, .state = State::Done});
    b.addNote({worker, at + 10, "a note"});
    return b.build();
}

TEST(SideBySide, TwoGroupsOnOneAxisEachFromZero)
{
    const Trace emulated = sideBySidePoolTrace(1'000'000, "MainProcess");
    const Trace cpython = sideBySidePoolTrace(9'000'000, "pool.py");
    const Trace merged = sideBySideTrace(emulated, "Emulated", cpython, "CPython 3.11.2");

    ASSERT_EQ(merged.laneCount(), 8u);
    const SideBySideGroups groups = sideBySideGroups(merged);
    EXPECT_EQ(groups.emulated, 0);
    EXPECT_EQ(groups.cpython, 4);
    EXPECT_EQ(merged.lane(groups.emulated).name, "Emulated");
    EXPECT_EQ(merged.lane(groups.cpython).name, "CPython 3.11.2");
    EXPECT_EQ(merged.lane(groups.emulated).parent, kNoLane);
    EXPECT_EQ(merged.lane(groups.cpython).parent, kNoLane);
    // Each side's process under its group, its threads and tasks under its process.
    EXPECT_EQ(merged.lane(1).name, "MainProcess");
    EXPECT_EQ(merged.lane(1).parent, groups.emulated);
    EXPECT_EQ(merged.lane(2).parent, 1);
    EXPECT_EQ(merged.lane(5).name, "pool.py");
    EXPECT_EQ(merged.lane(5).parent, groups.cpython);
    EXPECT_EQ(merged.lane(6).parent, 5);

    // Both begin at 0 and keep their durations.
    EXPECT_EQ(merged.startTime(), 0);
    EXPECT_EQ(merged.span(1, 0).start, 0);
    EXPECT_EQ(merged.span(5, 0).start, 0);
    EXPECT_EQ(merged.laneEnd(5), 50);
    EXPECT_EQ(merged.endTime(), 50);

    // A task names its worker by lane id: the worker moved with it.
    EXPECT_EQ(merged.span(3, 1).detail, 2);
    EXPECT_EQ(merged.span(7, 1).detail, 6);
    ASSERT_EQ(merged.notes().size(), 2u);
    EXPECT_EQ(merged.notes()[1].lane, 6);
    EXPECT_EQ(merged.notes()[1].time, 10);
}

// CPython's process lane begins with its interpreter's start-up: the emulated side is drawn
// from where that ends, so both programs' first tasks line up.
TEST(SideBySide, TheEmulatedSideStartsWhereCPythonsInterpreterHadStarted)
{
    TraceBuilder b;
    const LaneId process = b.addLane({.kind = LaneKind::Process, .pid = 10, .name = "threads_io.py"});
    const LaneId thread = b.addLane({.parent = process, .kind = LaneKind::Thread, .name = "Thread-1"});
    b.append(process, {.time = 5'000, .state = State::Starting});
    b.append(process, {.time = 5'700, .state = State::Running});
    b.append(process, {.time = 5'900, .state = State::Done});
    b.append(thread, {.time = 5'710, .state = State::BlockedIo});
    b.append(thread, {.time = 5'810, .state = State::Done});
    const Trace cpython = b.build();
    EXPECT_EQ(interpreterStartUp(cpython), 700);

    const Trace merged = sideBySideTrace(sideBySidePoolTrace(1'000'000, "MainProcess"), "Emulated", cpython, "CPython");
    EXPECT_EQ(merged.startTime(), 0);
    // The emulated process (lane 1) starts at 700, CPython's (lane 5) at 0 with its start-up.
    EXPECT_EQ(merged.span(1, 0).start, 700);
    EXPECT_EQ(merged.laneEnd(1), 750);
    EXPECT_EQ(merged.span(5, 0).state, State::Starting);
    EXPECT_EQ(merged.span(5, 0).start, 0);
    EXPECT_EQ(merged.span(6, 0).start, 710);
    // The emulated notes moved with their lanes.
    EXPECT_EQ(merged.notes()[0].time, 710);

    // Without a start-up span, both sides start at 0.
    EXPECT_EQ(interpreterStartUp(sideBySidePoolTrace(9'000, "pool.py")), 0);
    EXPECT_EQ(interpreterStartUp(Trace()), 0);
}

// The program marks where its measured work starts, after its start-up and the calibration of
// its loop: the emulated side is drawn from that mark, so the first tasks line up.
TEST(SideBySide, TheEmulatedSideStartsWhereCPythonsProgramMarkedItsWork)
{
    TraceBuilder b;
    const LaneId process = b.addLane({.kind = LaneKind::Process, .pid = 10, .name = "threads_cpu.py"});
    const LaneId thread = b.addLane({.parent = process, .kind = LaneKind::Thread, .name = "Thread-1"});
    b.append(process, {.time = 5'000, .state = State::Starting});
    b.append(process, {.time = 5'700, .state = State::Running}); // calibrating its loop
    b.append(process, {.time = 6'200, .state = State::Done});
    b.append(thread, {.time = 5'905, .state = State::Running});
    b.append(thread, {.time = 6'100, .state = State::Done});
    b.addNote({process, 5'900, std::string(kWorkStartsMark)});
    const Trace cpython = b.build();
    EXPECT_EQ(interpreterStartUp(cpython), 700);
    ASSERT_TRUE(markedWorkStart(cpython));
    EXPECT_EQ(*markedWorkStart(cpython), 900);
    EXPECT_EQ(workStart(cpython), 900);

    const Trace merged = sideBySideTrace(sideBySidePoolTrace(1'000'000, "MainProcess"), "Emulated", cpython, "CPython");
    // The emulated process (lane 1) from 900, where CPython's program started its work.
    EXPECT_EQ(merged.span(1, 0).start, 900);
    EXPECT_EQ(merged.span(6, 0).start, 905);

    // Without the mark, the start-up's end; the summary says which.
    EXPECT_FALSE(markedWorkStart(sideBySidePoolTrace(9'000, "pool.py")));
    SideBySideFigures f;
    f.config.model = Model::Threads;
    f.config.workload = WorkloadKind::Cpu;
    f.emulatedWallMs = 200;
    f.cpythonWallMs = 210;
    f.cpythonStartUpMs = 20;
    f.cpythonWorkStartMs = 45;
    const std::string marked = sideBySideSummary(f);
    EXPECT_NE(marked.find("started its work 45 ms after it was launched"), std::string::npos) << marked;
    EXPECT_NE(marked.find("the calibration of its loop"), std::string::npos) << marked;
    f.cpythonWorkStartMs.reset();
    EXPECT_NE(sideBySideSummary(f).find("drawn from the moment it had"), std::string::npos) << sideBySideSummary(f);
}

TEST(SideBySide, AnEmptyCPythonSideStillHasItsGroup)
{
    const Trace merged = sideBySideTrace(sideBySidePoolTrace(500, "MainProcess"), "Emulated", Trace(), "CPython");
    EXPECT_EQ(sideBySideGroups(merged).cpython, 4);
    EXPECT_EQ(merged.startTime(), 0);
}

TEST(SideBySide, SummaryGivesBothWallsAndSpeedupsAndSaysHowFarApart)
{
    SideBySideFigures f;
    f.config.model = Model::Threads;
    f.config.workload = WorkloadKind::Io;
    f.pythonVersion = "3.11.2";
    f.emulatedWallMs = 100;
    f.emulatedSequentialMs = 400;
    f.cpythonWallMs = 150;
    f.cpythonSequentialMs = 420;
    f.cpythonOutsideMs = 60;
    std::string s = sideBySideSummary(f);
    EXPECT_EQ(s.find("interpreter took"), std::string::npos) << s;
    f.cpythonStartUpMs = 45;
    s = sideBySideSummary(f);
    EXPECT_NE(s.find("CPython's interpreter took 45 ms to start (grey): the emulated run is drawn from the moment it had"),
              std::string::npos)
        << s;
    EXPECT_NE(s.find("longer than its wall time: that start-up before the first task"), std::string::npos) << s;
    EXPECT_NE(s.find("Emulated: 100 ms, 4.0x against its sequential 400 ms."), std::string::npos) << s;
    EXPECT_NE(s.find("CPython 3.11.2: 150 ms, 2.8x against its sequential 420 ms."), std::string::npos) << s;
    EXPECT_NE(s.find("CPython took 50 % longer than the emulation."), std::string::npos) << s;
    EXPECT_NE(s.find("60 ms longer than its wall time"), std::string::npos) << s;

    f.cpythonWallMs = 104;
    EXPECT_NE(sideBySideSummary(f).find("within 10 %"), std::string::npos);

    f.config.model = Model::Processes;
    f.config.processStartMs = 45;
    EXPECT_NE(sideBySideSummary(f).find("fresh interpreter (spawn)"), std::string::npos);
    EXPECT_NE(sideBySideSummary(f).find("45 ms"), std::string::npos);

    f.cpythonWallMs.reset();
    EXPECT_NE(sideBySideSummary(f).find("no wall time"), std::string::npos);
}

} // namespace
} // namespace interleave::pytrace
