#include "trace/trace_summary.h"
#include "trace/clock.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace interleave {
namespace {


// main (process)         Starting 0-1, Running 1-3, WaitingLock 3-10, Done at 10
//   Thread-1 (thread)    Starting 1-1.25, Running 1.25-4, BlockedIo 4-6, Running 6-8, Done at 8
//     fetch (coroutine)  Suspended 2-5, Running 5-5.04, Done at 5.04
//   Thread-2 (thread)    WaitingGil 1.5-2, Running 2-12 (still open when the trace ends)
// The coroutine is added last, so tree order differs from insertion order.
Trace summaryTrace()
{
    TraceBuilder b;
    const LaneId main = b.addLane({.kind = LaneKind::Process, .pid = 100, .tid = 100, .name = "main"});
    const LaneId t1 = b.addLane({.parent = main, .kind = LaneKind::Thread, .pid = 100, .tid = 101, .name = "Thread-1"});
    const LaneId t2 = b.addLane({.parent = main, .kind = LaneKind::Thread, .pid = 100, .tid = 102, .name = "Thread-2"});
    const LaneId co = b.addLane({.parent = t1, .kind = LaneKind::Coroutine, .pid = 100, .tid = 101, .name = "fetch"});
    b.append(main, {0, kNoTask, State::Starting});
    b.append(main, {1 * kNsPerMs, kNoTask, State::Running});
    b.append(main, {3 * kNsPerMs, kNoTask, State::WaitingLock});
    b.append(main, {10 * kNsPerMs, kNoTask, State::Done});
    b.append(t1, {1 * kNsPerMs, 0, State::Starting});
    b.append(t1, {1'250'000, 0, State::Running});
    b.append(t1, {4 * kNsPerMs, 0, State::BlockedIo});
    b.append(t1, {6 * kNsPerMs, 0, State::Running});
    b.append(t1, {8 * kNsPerMs, 0, State::Done});
    b.append(co, {2 * kNsPerMs, 1, State::Suspended});
    b.append(co, {5 * kNsPerMs, 1, State::Running});
    b.append(co, {5'040'000, 1, State::Done});
    b.append(t2, {1'500'000, 2, State::WaitingGil});
    b.append(t2, {2 * kNsPerMs, 2, State::Running});
    b.setLaneEnd(t2, 12 * kNsPerMs);
    return b.build();
}

std::vector<std::string> linesOf(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

// The cells of a table line, split on runs of two or more spaces (names have single spaces at most).
std::vector<std::string> cellsOf(const std::string& line)
{
    std::vector<std::string> cells;
    std::size_t pos = line.find_first_not_of(' ');
    while (pos != std::string::npos) {
        const std::size_t gap = line.find("  ", pos);
        cells.push_back(line.substr(pos, gap == std::string::npos ? std::string::npos : gap - pos));
        pos = gap == std::string::npos ? gap : line.find_first_not_of(' ', gap);
    }
    return cells;
}

TEST(TraceSummary, HeaderGivesDurationAndCounts)
{
    const std::vector<std::string> lines = linesOf(formatTraceSummary(summaryTrace()));
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines[0], "Trace: 12.0 ms, 4 lanes, 14 spans; times in ms");
}

TEST(TraceSummary, ColumnsAreTheStatesThatOccurInReadingOrder)
{
    const std::vector<std::string> lines = linesOf(formatTraceSummary(summaryTrace()));
    ASSERT_GE(lines.size(), 2u);
    // No lane is ever Ready, so there is no Ready column; Done is an instant, not a column.
    // The columns are named in the words users read (stateLabel), not the enum's spelling.
    EXPECT_EQ(cellsOf(lines[1]), (std::vector<std::string>{"Lane", "Kind", "pid/tid", "Spans", "Running",
                                                           "Waiting for the GIL", "Blocked on I/O",
                                                           "Waiting for lock", "Suspended at await",
                                                           "Starting"}));
}

TEST(TraceSummary, LanesInTreeOrderIndentedByNesting)
{
    const std::vector<std::string> lines = linesOf(formatTraceSummary(summaryTrace()));
    ASSERT_EQ(lines.size(), 6u);
    EXPECT_EQ(lines[2].rfind("main ", 0), 0u);
    EXPECT_EQ(lines[3].rfind("  Thread-1 ", 0), 0u);
    EXPECT_EQ(lines[4].rfind("    fetch ", 0), 0u);
    EXPECT_EQ(lines[5].rfind("  Thread-2 ", 0), 0u);
}

TEST(TraceSummary, RowsGiveKindIdsSpansAndMilliseconds)
{
    const std::vector<std::string> lines = linesOf(formatTraceSummary(summaryTrace()));
    ASSERT_EQ(lines.size(), 6u);
    using Cells = std::vector<std::string>;
    //                                                  Run    Gil  Io     Lock   Susp   Start
    EXPECT_EQ(cellsOf(lines[2]), (Cells{"main", "process", "100/100", "4", "2.0", "-", "-", "7.0", "-", "1.0"}));
    // 2.75 + 2.0 ms running rounds to 4.8; 0.25 ms starting to 0.3.
    EXPECT_EQ(cellsOf(lines[3]), (Cells{"Thread-1", "thread", "100/101", "5", "4.8", "-", "2.0", "-", "-", "0.3"}));
    // 40 us of running shows as 0.0: it happened, briefly; a dash means it did not happen at all.
    EXPECT_EQ(cellsOf(lines[4]), (Cells{"fetch", "coroutine", "100/101", "3", "0.0", "-", "-", "-", "3.0", "-"}));
    // An open lane counts up to where the trace ends.
    EXPECT_EQ(cellsOf(lines[5]), (Cells{"Thread-2", "thread", "100/102", "2", "10.0", "0.5", "-", "-", "-", "-"}));
}

TEST(TraceSummary, ColumnsLineUp)
{
    const std::string expected = "Trace: 12.0 ms, 4 lanes, 14 spans; times in ms\n"
                                 "Lane        Kind       pid/tid  Spans  Running  Waiting for the GIL  "
                                 "Blocked on I/O  Waiting for lock  Suspended at await  Starting\n"
                                 "main        process    100/100      4      2.0                    -  "
                                 "             -               7.0                   -       1.0\n"
                                 "  Thread-1  thread     100/101      5      4.8                    -  "
                                 "           2.0                 -                   -       0.3\n"
                                 "    fetch   coroutine  100/101      3      0.0                    -  "
                                 "             -                 -                 3.0         -\n"
                                 "  Thread-2  thread     100/102      2     10.0                  0.5  "
                                 "             -                 -                   -         -\n";
    EXPECT_EQ(formatTraceSummary(summaryTrace()), expected);
}

TEST(TraceSummary, EmptyTrace)
{
    EXPECT_EQ(formatTraceSummary(Trace{}), "Trace: 0.0 ms, 0 lanes, 0 spans\n");
}

TEST(TraceSummary, LaneWithoutRecordsHasOnlyItsIdentity)
{
    TraceBuilder b;
    b.addLane({.kind = LaneKind::Process, .pid = 7, .tid = 7, .name = "idle"});
    EXPECT_EQ(formatTraceSummary(b.build()), "Trace: 0.0 ms, 1 lane, 0 spans; times in ms\n"
                                             "Lane  Kind     pid/tid  Spans\n"
                                             "idle  process  7/7          0\n");
}

TEST(TraceSummary, UnknownParentsAndOddNamesStillGiveOneRowPerLane)
{
    TraceBuilder b;
    // An imported trace can name a parent that is not there, or a name with a line break.
    b.addLane({.parent = 42, .kind = LaneKind::Thread, .pid = 1, .tid = 2, .name = "orphan"});
    const LaneId odd = b.addLane({.kind = LaneKind::Process, .pid = 1, .tid = 1, .name = "two\nlines"});
    b.append(odd, {0, kNoTask, State::Running});
    b.append(odd, {2 * kNsPerMs, kNoTask, State::Done});
    const std::vector<std::string> lines = linesOf(formatTraceSummary(b.build()));
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(cellsOf(lines[2]), (std::vector<std::string>{"orphan", "thread", "1/2", "0", "-"}));
    EXPECT_EQ(cellsOf(lines[3]), (std::vector<std::string>{"two?lines", "process", "1/1", "2", "2.0"}));
}

} // namespace
} // namespace interleave
