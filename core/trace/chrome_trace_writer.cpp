#include "trace/chrome_trace_writer.h"

#include "trace/chrome_trace_io.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace interleave {

namespace {

// Linux's pid_max is at most 2^22, so tids from here up can't be real threads.
constexpr std::int64_t kSyntheticTidBase = 0x40000000;
constexpr std::int64_t kSyntheticTidCount = std::int64_t{0x80000000} - kSyntheticTidBase;

// Length of the well-formed UTF-8 sequence starting at s[i] (i < s.size()), or 0. The ranges
// are RFC 3629's, the same nlohmann's lexer accepts, so whatever is written can be read back.
std::size_t utf8SequenceLength(std::string_view s, std::size_t i) noexcept
{
    const auto byteIn = [&](std::size_t k, unsigned lo, unsigned hi) {
        if (i + k >= s.size())
            return false;
        const auto b = static_cast<unsigned char>(s[i + k]);
        return b >= lo && b <= hi;
    };
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return byteIn(1, 0x80, 0xBF) ? 2 : 0;
    if (c == 0xE0)
        return byteIn(1, 0xA0, 0xBF) && byteIn(2, 0x80, 0xBF) ? 3 : 0;
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
        return byteIn(1, 0x80, 0xBF) && byteIn(2, 0x80, 0xBF) ? 3 : 0;
    if (c == 0xED) // excludes the UTF-16 surrogates
        return byteIn(1, 0x80, 0x9F) && byteIn(2, 0x80, 0xBF) ? 3 : 0;
    if (c == 0xF0)
        return byteIn(1, 0x90, 0xBF) && byteIn(2, 0x80, 0xBF) && byteIn(3, 0x80, 0xBF) ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3)
        return byteIn(1, 0x80, 0xBF) && byteIn(2, 0x80, 0xBF) && byteIn(3, 0x80, 0xBF) ? 4 : 0;
    if (c == 0xF4) // nothing above U+10FFFF
        return byteIn(1, 0x80, 0x8F) && byteIn(2, 0x80, 0xBF) && byteIn(3, 0x80, 0xBF) ? 4 : 0;
    return 0;
}

// Formats into a buffer that is handed to the stream in large chunks: a million events cost
// a few hundred thousand small appends, not as many stream calls.
class JsonWriter {
public:
    JsonWriter(std::ostream& out, const ChromeTraceProgress& progress, std::size_t events)
        : m_out(out), m_progress(progress), m_events(events)
    {
        m_buffer.reserve(kChromeTraceChunkBytes + 4096);
    }

    // Writing ends early when the stream fails or the progress callback asks to stop.
    bool failed() const { return !m_out || m_stopped; }
    bool stopped() const { return m_stopped; }

    void raw(std::string_view text) { m_buffer.append(text); }

    void integer(std::int64_t value)
    {
        char digits[24];
        const auto result = std::to_chars(digits, digits + sizeof digits, value);
        m_buffer.append(digits, result.ptr);
    }

    // Integer nanoseconds as microseconds with exactly three decimals. Done in integers so the
    // text is exact: a reader converting it back gets the same nanoseconds.
    void micros(TimeNs ns)
    {
        // Negate in unsigned arithmetic: -INT64_MIN does not exist as an int64.
        const auto raw = static_cast<std::uint64_t>(ns);
        const std::uint64_t magnitude = ns < 0 ? 0 - raw : raw;
        if (ns < 0)
            m_buffer.push_back('-');
        char digits[24];
        const auto result = std::to_chars(digits, digits + sizeof digits, magnitude / 1000);
        m_buffer.append(digits, result.ptr);
        const auto fraction = static_cast<unsigned>(magnitude % 1000);
        const char decimals[4] = {'.', static_cast<char>('0' + fraction / 100),
                                  static_cast<char>('0' + fraction / 10 % 10),
                                  static_cast<char>('0' + fraction % 10)};
        m_buffer.append(decimals, sizeof decimals);
    }

    void string(std::string_view s)
    {
        m_buffer.push_back('"');
        std::size_t i = 0;
        while (i < s.size()) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                m_buffer.push_back(static_cast<char>(c));
                ++i;
                continue;
            }
            if (c < 0x80) {
                escape(c);
                ++i;
                continue;
            }
            const std::size_t length = utf8SequenceLength(s, i);
            if (length == 0) {
                m_buffer.append("\xEF\xBF\xBD"); // U+FFFD REPLACEMENT CHARACTER
                ++i;
            } else {
                m_buffer.append(s.substr(i, length));
                i += length;
            }
        }
        m_buffer.push_back('"');
    }

    // Starts the next element of traceEvents; one event per line keeps files diffable.
    void nextEvent()
    {
        m_buffer.append(m_firstEvent ? "\n" : ",\n");
        m_firstEvent = false;
        countEvent();
    }

    // One more event (of traceEvents or of the lock log) is being written.
    void countEvent()
    {
        ++m_written;
        if (m_buffer.size() >= kChromeTraceChunkBytes) {
            flush();
            // Asked once per chunk: often enough to stop within milliseconds, rarely enough to
            // cost nothing.
            if (m_progress && !m_progress(std::min(m_written - 1, m_events), m_events))
                m_stopped = true;
        }
    }

    void flush()
    {
        if (!m_buffer.empty() && m_out)
            m_out.write(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
        m_buffer.clear();
    }

private:
    void escape(unsigned char c)
    {
        switch (c) {
        case '"': m_buffer.append("\\\""); return;
        case '\\': m_buffer.append("\\\\"); return;
        case '\b': m_buffer.append("\\b"); return;
        case '\f': m_buffer.append("\\f"); return;
        case '\n': m_buffer.append("\\n"); return;
        case '\r': m_buffer.append("\\r"); return;
        case '\t': m_buffer.append("\\t"); return;
        default: break;
        }
        static constexpr char kHex[] = "0123456789abcdef";
        const char escaped[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        m_buffer.append(escaped, sizeof escaped);
    }

    std::ostream& m_out;
    const ChromeTraceProgress& m_progress;
    std::size_t m_events;
    std::size_t m_written = 0;
    std::string m_buffer;
    bool m_firstEvent = true;
    bool m_stopped = false;
};

// The tid each lane is exported under: unique within its pid, because viewers (and our reader)
// make one track per (pid, tid).
std::vector<std::int32_t> exportTids(const Trace& trace)
{
    std::vector<std::int32_t> tids;
    tids.reserve(trace.laneCount());
    std::unordered_set<std::uint64_t> used;
    for (std::size_t i = 0; i < trace.laneCount(); ++i) {
        const LaneInfo& info = trace.lane(static_cast<LaneId>(i));
        std::int32_t tid = info.tid;
        // Coroutines share their loop thread's OS tid; two lanes may also claim the same tid
        // (a reused tid, lanes built by hand). Those get a synthetic one.
        if (info.kind == LaneKind::Coroutine || used.contains(chromeTraceLaneKey(info.pid, tid))) {
            std::int64_t offset = static_cast<std::int64_t>(i) % kSyntheticTidCount;
            do {
                tid = static_cast<std::int32_t>(kSyntheticTidBase + offset);
                offset = (offset + 1) % kSyntheticTidCount;
            } while (used.contains(chromeTraceLaneKey(info.pid, tid)));
        }
        used.insert(chromeTraceLaneKey(info.pid, tid));
        tids.push_back(tid);
    }
    return tids;
}

// The parent each lane is exported with. A Trace can be handed any LaneInfo, but the reader
// rejects parents that are not lanes or that form a cycle, so those are written as "no parent"
// rather than producing a file that can't be opened again.
std::vector<LaneId> exportParents(const Trace& trace)
{
    const std::size_t count = trace.laneCount();
    std::vector<LaneId> parents(count, kNoLane);
    for (std::size_t i = 0; i < count; ++i) {
        const LaneId parent = trace.lane(static_cast<LaneId>(i)).parent;
        if (parent >= 0 && static_cast<std::size_t>(parent) < count && static_cast<std::size_t>(parent) != i)
            parents[i] = parent;
    }
    enum : std::uint8_t { Unvisited, OnPath, Done };
    std::vector<std::uint8_t> mark(count, Unvisited);
    std::vector<std::size_t> path;
    for (std::size_t start = 0; start < count; ++start) {
        std::size_t at = start;
        while (mark[at] == Unvisited) {
            mark[at] = OnPath;
            path.push_back(at);
            if (parents[at] == kNoLane)
                break;
            const auto next = static_cast<std::size_t>(parents[at]);
            if (mark[next] == OnPath) {
                parents[at] = kNoLane; // closes a cycle: cut it here
                break;
            }
            at = next;
        }
        for (std::size_t p : path)
            mark[p] = Done;
        path.clear();
    }
    return parents;
}

void writeLaneMetadata(JsonWriter& w, const LaneInfo& info, LaneId lane, LaneId parent, std::int32_t tid)
{
    const auto head = [&](std::string_view name) {
        w.nextEvent();
        w.raw(R"({"ph":"M","name":")");
        w.raw(name);
        w.raw(R"(","pid":)");
        w.integer(info.pid);
        w.raw(R"(,"tid":)");
        w.integer(tid);
        w.raw(R"(,"args":{)");
    };
    if (info.kind == LaneKind::Process) {
        head("process_name");
        w.raw(R"("name":)");
        w.string(info.name);
        w.raw("}}");
        head("process_sort_index");
        w.raw(R"("sort_index":)");
        w.integer(lane);
        w.raw("}}");
    }
    head("thread_name");
    w.raw(R"("name":)");
    w.string(info.name);
    w.raw(R"(,"lane":)");
    w.integer(lane);
    w.raw(R"(,"parent":)");
    w.integer(parent);
    w.raw(R"(,"kind":")");
    w.raw(laneKindName(info.kind));
    w.raw(R"(","os_tid":)");
    w.integer(info.tid);
    w.raw("}}");
    // Viewers otherwise sort threads by tid or name; lane order is the order the run created them.
    head("thread_sort_index");
    w.raw(R"("sort_index":)");
    w.integer(lane);
    w.raw("}}");
}

void writeSpans(JsonWriter& w, const Trace& trace, LaneId lane, std::int32_t tid)
{
    const LaneInfo& info = trace.lane(lane);
    const std::size_t count = trace.spanCount(lane);
    for (std::size_t i = 0; i < count; ++i) {
        const Span span = trace.span(lane, i);
        w.nextEvent();
        w.raw(R"({"ph":"X","name":")");
        w.raw(stateName(span.state));
        w.raw(R"(","cat":"state","pid":)");
        w.integer(info.pid);
        w.raw(R"(,"tid":)");
        w.integer(tid);
        w.raw(R"(,"ts":)");
        w.micros(span.start);
        w.raw(R"(,"dur":)");
        w.micros(span.duration());
        if (span.task != kNoTask || span.detail != 0) {
            w.raw(R"(,"args":{)");
            if (span.task != kNoTask) {
                w.raw(R"("task":)");
                w.integer(span.task);
            }
            if (span.detail != 0) {
                w.raw(span.task != kNoTask ? R"(,"detail":)" : R"("detail":)");
                w.integer(span.detail);
                // Words for what the number means, for a viewer that knows nothing of it: a
                // pool task's worker, an event loop idle in its selector.
                if (info.kind == LaneKind::Task && !isTerminal(span.state) && span.state != State::Ready
                    && static_cast<std::size_t>(span.detail) < trace.laneCount()
                    && isExecutionLane(trace.lane(static_cast<LaneId>(span.detail)).kind)) {
                    w.raw(R"(,"worker":)");
                    w.string(trace.lane(static_cast<LaneId>(span.detail)).name);
                } else if (info.kind != LaneKind::Task && span.state == State::BlockedIo
                    && span.detail == kBlockedInSelect) {
                    w.raw(R"(,"waiting_in":"select")");
                }
            }
            w.raw("}");
        }
        w.raw("}");
        if (w.failed())
            return;
    }
}

void writeNote(JsonWriter& w, const Trace& trace, const std::vector<std::int32_t>& tids,
               const TraceNote& note)
{
    const bool onLane = note.lane >= 0 && static_cast<std::size_t>(note.lane) < trace.laneCount();
    w.nextEvent();
    // A note that belongs to no lane is a global instant: viewers draw it across all tracks.
    w.raw(onLane ? R"({"ph":"i","s":"t","name":"note","pid":)" : R"({"ph":"i","s":"g","name":"note","pid":)");
    w.integer(onLane ? trace.lane(note.lane).pid : 0);
    w.raw(R"(,"tid":)");
    w.integer(onLane ? tids[static_cast<std::size_t>(note.lane)] : 0);
    w.raw(R"(,"ts":)");
    w.micros(note.time);
    w.raw(R"(,"args":{"text":)");
    w.string(note.text);
    w.raw("}}");
}

// What of a lock log a reader takes: events whose thread and lock are in the log, in time order
// (an event before the one written last is left out), and lanes that are lanes of the trace
// (written as none otherwise). A recorded run's log is all of that already; one built by hand
// may not be, and the file must still open.
void writeLockLog(JsonWriter& w, const Trace& trace)
{
    const LockLog& log = trace.lockLog();
    w.raw(",\n\"");
    w.raw(kChromeTraceLockLogKey);
    w.raw(R"(":{"version":)");
    w.integer(kChromeTraceLockLogVersion);
    w.raw(R"(,"threads":[)");
    for (std::size_t i = 0; i < log.threads.size(); ++i) {
        if (i > 0)
            w.raw(",");
        w.string(log.threads[i]);
    }
    w.raw(R"(],"locks":[)");
    for (std::size_t i = 0; i < log.locks.size(); ++i) {
        w.raw(i > 0 ? R"(,{"name":)" : R"({"name":)");
        w.string(log.locks[i].name);
        w.raw(log.locks[i].recursive ? R"(,"recursive":true})" : R"(,"recursive":false})");
    }
    w.raw(R"(],"events":[)");
    bool first = true;
    TimeNs last = std::numeric_limits<TimeNs>::min();
    for (const LockEvent& e : log.events) {
        if (w.failed())
            return;
        const bool known = e.thread >= 0 && static_cast<std::size_t>(e.thread) < log.threads.size() && e.lock >= 0
            && static_cast<std::size_t>(e.lock) < log.locks.size();
        if (!known || e.time < last)
            continue;
        last = e.time;
        w.raw(first ? "\n" : ",\n");
        first = false;
        w.countEvent();
        w.raw(R"({"ts":)");
        w.micros(e.time);
        w.raw(R"(,"thread":)");
        w.integer(e.thread);
        w.raw(R"(,"lock":)");
        w.integer(e.lock);
        w.raw(R"(,"kind":")");
        w.raw(lockEventKindName(e.kind));
        w.raw("\"");
        if (e.lane >= 0 && static_cast<std::size_t>(e.lane) < trace.laneCount()) {
            w.raw(R"(,"lane":)");
            w.integer(e.lane);
        }
        w.raw("}");
    }
    w.raw("\n]}");
}

} // namespace

void writeChromeTrace(const Trace& trace, std::ostream& out, const ChromeTraceProgress& progress)
{
    // Each lane has at most three metadata events (process_name, thread_name, sort index).
    std::size_t total = 3 * trace.laneCount() + trace.notes().size() + trace.lockLog().events.size();
    for (std::size_t i = 0; i < trace.laneCount(); ++i)
        total += trace.spanCount(static_cast<LaneId>(i));
    JsonWriter w(out, progress, total);
    w.raw(R"({"displayTimeUnit":"ns","otherData":{)");
    for (const auto& [key, value] : trace.metadata()) {
        if (key == kChromeTraceFormatKey)
            continue;
        w.string(key);
        w.raw(":");
        w.string(value);
        w.raw(",");
    }
    w.raw("\"");
    w.raw(kChromeTraceFormatKey);
    w.raw("\":");
    w.integer(kChromeTraceFormatVersion);
    w.raw(R"(},"traceEvents":[)");

    const std::vector<std::int32_t> tids = exportTids(trace);
    const std::vector<LaneId> parents = exportParents(trace);
    // Metadata first: a viewer streaming the file names tracks before filling them. Lanes are
    // identified by their index, which is what a Trace's lane ids are.
    for (std::size_t i = 0; i < trace.laneCount() && !w.failed(); ++i) {
        const auto lane = static_cast<LaneId>(i);
        writeLaneMetadata(w, trace.lane(lane), lane, parents[i], tids[i]);
    }
    for (std::size_t i = 0; i < trace.laneCount() && !w.failed(); ++i)
        writeSpans(w, trace, static_cast<LaneId>(i), tids[i]);
    for (std::size_t i = 0; i < trace.notes().size() && !w.failed(); ++i)
        writeNote(w, trace, tids, trace.notes()[i]);
    w.raw("\n]");
    // After traceEvents: Perfetto stops reading at the first top-level key it does not know.
    if (!trace.lockLog().empty() && !w.failed())
        writeLockLog(w, trace);
    if (w.stopped())
        throw ChromeTraceStopped();
    w.raw("}\n");
    w.flush();
    out.flush();
}

void saveChromeTrace(const Trace& trace, const std::string& path, const ChromeTraceProgress& progress)
{
    // Until commit() any way out (an error, a stop, an exception from the writer) removes the
    // temporary file: a failed save leaves the target as it was.
    OutputFile file(path);
    chrome_trace_io::OutputFileSink sink(file);
    std::ostream out(&sink);
    writeChromeTrace(trace, out, progress);
    if (sink.error())
        throw *sink.error();
    if (!out)
        throw OutputFileError("cannot write " + path + ": " + outputErrorText(EIO), EIO);
    file.commit();
}

} // namespace interleave
