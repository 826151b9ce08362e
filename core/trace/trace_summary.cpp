#include "trace/trace_summary.h"

#include "trace/duration_text.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace interleave {
namespace {

// The states a lane spends time in, in the order a reader asks about them: is it working,
// and if not, what is it waiting for. Done and Failed are instants, not stretches of time.
constexpr std::array kSummaryStates{
    State::Running, State::WaitingGil, State::BlockedIo, State::WaitingLock,
    State::Ready,   State::Suspended,  State::Starting,   State::Unknown,
};

constexpr int kIndentPerLevel = 2;
constexpr std::string_view kColumnGap = "  ";

std::string plural(std::size_t n, std::string_view word)
{
    std::string text = std::to_string(n);
    text += ' ';
    text += word;
    if (n != 1)
        text += 's';
    return text;
}

// Names come from imports too: a control character would break the table's rows.
std::string printableName(const std::string& name)
{
    std::string text = name;
    for (char& c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f)
            c = '?';
    }
    return text;
}

// Width on a terminal, counting a UTF-8 sequence as one column.
std::size_t displayWidth(std::string_view text)
{
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

struct Row {
    LaneId lane = kNoLane;
    int depth = 0;
};

// Depth-first from the top-level lanes, keeping the recorded order among siblings. A lane whose
// parent is unknown is shown at the top level; lanes caught in a parent cycle (a malformed
// import) are still listed, after the rest.
std::vector<Row> rowsInTreeOrder(const Trace& trace)
{
    const auto count = static_cast<LaneId>(trace.laneCount());
    std::vector<std::vector<LaneId>> children(static_cast<std::size_t>(count));
    std::vector<LaneId> roots;
    for (LaneId id = 0; id < count; ++id) {
        const LaneId parent = trace.lane(id).parent;
        if (parent >= 0 && parent < count && parent != id)
            children[static_cast<std::size_t>(parent)].push_back(id);
        else
            roots.push_back(id);
    }

    std::vector<Row> rows;
    rows.reserve(static_cast<std::size_t>(count));
    std::vector<bool> visited(static_cast<std::size_t>(count), false);
    std::vector<Row> stack;
    auto visit = [&](LaneId start) {
        stack.push_back({start, 0});
        while (!stack.empty()) {
            const Row row = stack.back();
            stack.pop_back();
            if (visited[static_cast<std::size_t>(row.lane)])
                continue;
            visited[static_cast<std::size_t>(row.lane)] = true;
            rows.push_back(row);
            const auto& kids = children[static_cast<std::size_t>(row.lane)];
            for (auto it = kids.rbegin(); it != kids.rend(); ++it)
                stack.push_back({*it, row.depth + 1});
        }
    };
    for (LaneId root : roots)
        visit(root);
    for (LaneId id = 0; id < count; ++id)
        visit(id);
    return rows;
}

enum class Align { Left, Right };

struct Column {
    std::string title;
    Align align = Align::Left;
    std::vector<std::string> cells;
    std::size_t width = 0;
};

void appendCell(std::string& line, const std::string& text, const Column& column, bool last)
{
    const std::size_t pad = column.width - std::min(column.width, displayWidth(text));
    if (column.align == Align::Right)
        line.append(pad, ' ');
    line += text;
    if (column.align == Align::Left && !last)
        line.append(pad, ' ');
}

} // namespace

std::string formatTraceSummary(const Trace& trace)
{
    std::string out = "Trace: " + millisecondsText(trace.duration(), 1) + " ms, " + plural(trace.laneCount(), "lane")
        + ", " + plural(trace.totalSpanCount(), "span");
    if (const std::size_t dropped = trace.droppedSpanCount(); dropped > 0)
        out += " kept, " + std::to_string(dropped) + " more dropped past the span budget (--max-spans): "
            + "the totals count them, the detail does not";
    if (trace.laneCount() == 0)
        return out + "\n";
    out += "; times in ms\n";

    const std::vector<Row> rows = rowsInTreeOrder(trace);

    std::array<bool, kStateCount> occurs{};
    for (const Row& row : rows) {
        for (std::size_t i = 0; i < trace.spanCount(row.lane); ++i)
            occurs[static_cast<std::size_t>(trace.span(row.lane, i).state)] = true;
        const DroppedRecords& dropped = trace.dropped(row.lane);
        for (std::size_t s = 0; s < kStateCount && dropped.count > 0; ++s)
            occurs[s] = occurs[s] || dropped.entered[s] > 0;
    }

    std::vector<Column> columns;
    columns.push_back({"Lane", Align::Left, {}, 0});
    columns.push_back({"Kind", Align::Left, {}, 0});
    columns.push_back({"pid/tid", Align::Left, {}, 0});
    columns.push_back({"Spans", Align::Right, {}, 0});
    std::vector<State> shownStates;
    for (State s : kSummaryStates) {
        if (occurs[static_cast<std::size_t>(s)]) {
            shownStates.push_back(s);
            columns.push_back({std::string(stateLabel(s)), Align::Right, {}, 0});
        }
    }

    for (const Row& row : rows) {
        const LaneInfo& info = trace.lane(row.lane);
        columns[0].cells.push_back(std::string(static_cast<std::size_t>(row.depth * kIndentPerLevel), ' ')
                                   + printableName(info.name));
        columns[1].cells.emplace_back(laneKindName(info.kind));
        columns[2].cells.push_back(std::to_string(info.pid) + "/" + std::to_string(info.tid));
        columns[3].cells.push_back(std::to_string(trace.spanCount(row.lane)));
        const StateTotals totals = trace.stateTotals(row.lane);
        for (std::size_t i = 0; i < shownStates.size(); ++i) {
            const TimeNs t = totalFor(totals, shownStates[i]);
            // A dash, not 0.0, for a state the lane never spent time in: 0.0 means "briefly".
            columns[4 + i].cells.push_back(t > 0 ? millisecondsText(t, 1) : "-");
        }
    }

    for (Column& column : columns) {
        column.width = displayWidth(column.title);
        for (const std::string& cell : column.cells)
            column.width = std::max(column.width, displayWidth(cell));
    }

    auto appendLine = [&](auto cellOf) {
        std::string line;
        for (std::size_t c = 0; c < columns.size(); ++c) {
            if (c > 0)
                line += kColumnGap;
            appendCell(line, cellOf(columns[c]), columns[c], c + 1 == columns.size());
        }
        out += line;
        out += '\n';
    };
    appendLine([](const Column& column) { return column.title; });
    for (std::size_t r = 0; r < rows.size(); ++r)
        appendLine([r](const Column& column) { return column.cells[r]; });
    return out;
}

} // namespace interleave
