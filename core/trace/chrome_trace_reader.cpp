// Longer than 600 lines: one SAX handler whose callbacks share the state of the event being read.
#include "trace/chrome_trace_reader.h"

#include "trace/chrome_trace_io.h"
#include "trace/chrome_trace_lock_log_reader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace interleave {

namespace {

using chrome_trace_io::ChunkIterator;
using chrome_trace_io::ChunkReader;
using chrome_trace_lock_log::LockLogSaxReader;
using chrome_trace_lock_log::PendingLockLog;

// Times are bounded: see kChromeTraceMaxAbsTimeNs.
constexpr TimeNs kMaxAbsTimeNs = kChromeTraceMaxAbsTimeNs;
// A span may run from the earliest allowed time to the latest: an exported foreign trace can
// contain such spans (see the gap rule in ChromeTraceReader::buildLane).
constexpr TimeNs kMaxDurationNs = 2 * kMaxAbsTimeNs;

// The parser itself is iterative, but a cap turns a pathological file into a clear error and
// bounds the parser's own bookkeeping.
constexpr std::size_t kMaxNesting = 64;

bool fitsInt32(std::int64_t value) noexcept
{
    using Limits = std::numeric_limits<std::int32_t>;
    return value >= Limits::min() && value <= Limits::max();
}

// ---------------------------------------------------------------------------------------------
// Reading: numbers

// Microseconds, as the JSON number's text, to nanoseconds: exact (no binary floating point, so
// the three-decimal timestamps the writer writes come back to the nanosecond), rounded half away
// from zero like llround. The text is a valid JSON number except that the decimal point may be
// the C locale's (nlohmann substitutes it for strtod). nullopt when |result| > limit.
std::optional<TimeNs> microsTextToNs(std::string_view text, TimeNs limit)
{
    std::size_t i = 0;
    const bool negative = !text.empty() && text[0] == '-';
    if (negative)
        ++i;
    // value = 0.d1d2d3... * 10^point; only the first 20 significant digits can matter (the
    // limit has 19 digits, plus one for rounding).
    constexpr int kKeep = 21;
    char digits[kKeep];
    int kept = 0;
    std::int64_t point = 0;
    bool significant = false;
    bool fraction = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            if (!significant && c == '0') {
                if (fraction)
                    --point;
                continue;
            }
            significant = true;
            if (kept < kKeep)
                digits[kept++] = c;
            if (!fraction)
                ++point;
        } else if (c == 'e' || c == 'E') {
            ++i;
            break;
        } else {
            fraction = true; // the decimal point
        }
    }
    std::int64_t exponent = 0;
    bool exponentNegative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
        exponentNegative = text[i] == '-';
        ++i;
    }
    for (; i < text.size(); ++i) {
        // Saturate: any exponent this large is out of range (or rounds to 0) anyway.
        exponent = std::min<std::int64_t>(exponent * 10 + (text[i] - '0'), 1'000'000'000);
    }
    if (kept == 0)
        return 0;
    point += (exponentNegative ? -exponent : exponent) + 3; // microseconds -> nanoseconds
    if (point > 19)
        return std::nullopt;
    if (point < 0)
        return 0;
    std::uint64_t value = 0;
    for (int k = 0; k < point; ++k)
        value = value * 10 + static_cast<std::uint64_t>(k < kept ? digits[k] - '0' : 0);
    if (point < kept && digits[point] >= '5')
        ++value;
    if (value > static_cast<std::uint64_t>(limit))
        return std::nullopt;
    return negative ? -static_cast<TimeNs>(value) : static_cast<TimeNs>(value);
}

// A field's value, or what is wrong with it, kept until the event ends: which fields matter
// depends on "ph", which may come last, and an event we ignore may carry anything.
struct IntField {
    enum Status : std::uint8_t { Absent, Ok, NotInteger, TooLarge };
    Status status = Absent;
    std::int64_t value = 0;
};

struct TimeField {
    enum Status : std::uint8_t { Absent, Ok, NotNumber, OutOfRange };
    Status status = Absent;
    TimeNs ns = 0;
};

struct StringField {
    bool present = false;
    bool isString = false;
    std::string value; // reused from event to event: no allocation once warmed up

    void reset()
    {
        present = false;
        isString = false;
        value.clear();
    }
    bool is(std::string_view s) const { return isString && value == s; }
};

struct EventFields {
    StringField ph, name, scope;
    IntField pid, tid;
    TimeField ts, dur;
    StringField argName, argKind, argText;
    IntField argLane, argParent, argOsTid, argTask, argDetail, argSortIndex;

    void reset()
    {
        ph.reset();
        name.reset();
        scope.reset();
        argName.reset();
        argKind.reset();
        argText.reset();
        pid = tid = argLane = argParent = argOsTid = argTask = argDetail = argSortIndex = IntField{};
        ts = dur = TimeField{};
    }
};

// ---------------------------------------------------------------------------------------------
// Reading: the SAX handler

// What the value after the current key is for.
enum class Target : std::uint8_t {
    Skip,
    TraceEvents,
    OtherData,
    LockLog,
    OtherDataValue,
    Ph,
    Name,
    Scope,
    Pid,
    Tid,
    Ts,
    Dur,
    Args,
    ArgName,
    ArgKind,
    ArgText,
    ArgLane,
    ArgParent,
    ArgOsTid,
    ArgTask,
    ArgDetail,
    ArgSortIndex,
};

// The containers the handler understands. Anything else is skipped wholesale by depth count.
enum class Context : std::uint8_t { TopObject, Events, Event, Args, OtherData };

struct PendingSpan {
    TimeNs start = 0;
    TimeNs end = 0;
    std::int32_t task = kNoTask;
    std::uint16_t detail = 0;
    State state = State::Running;
};

// One (pid, tid) track of the file: a lane of the result.
struct LaneSlot {
    std::int32_t pid = 0;
    std::int32_t tid = 0;
    std::size_t firstSeen = 0;

    // thread_name metadata as this file writes it ("ours"); absent in foreign files.
    bool ours = false;
    std::int32_t laneValue = 0;
    std::int32_t parentValue = kNoLane;
    std::int32_t osTid = 0;
    LaneKind kind = LaneKind::Thread;
    std::size_t metaEvent = 0;
    std::uint64_t metaOffset = 0;
    std::uint32_t parentSlot = 0; // resolved parentValue, when it isn't kNoLane

    bool hasName = false;
    std::string name;

    std::vector<PendingSpan> spans;
    // B/E zones: only the outermost becomes a span (nested zones are dropped anyway).
    std::uint64_t openDepth = 0;
    PendingSpan open;

    LaneId id = kNoLane;
};

struct PendingNote {
    bool onLane = false;
    std::uint64_t key = 0;
    TimeNs time = 0;
    std::string text;
};

class ChromeTraceReader {
public:
    explicit ChromeTraceReader(ChunkReader& reader) : m_reader(reader) {}

    Trace read();

    // nlohmann SAX interface.
    bool null()
    {
        if (m_lockLogReader)
            m_lockLogReader->null();
        return otherScalar();
    }
    bool boolean(bool value)
    {
        if (m_lockLogReader) {
            m_lockLogReader->boolean(value);
            return true;
        }
        return otherScalar();
    }
    bool number_integer(std::int64_t value)
    {
        if (m_lockLogReader)
            m_lockLogReader->integer(value);
        else if (fieldValue())
            setInteger(value);
        return true;
    }
    bool number_unsigned(std::uint64_t value)
    {
        if (m_lockLogReader) {
            if (value <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                m_lockLogReader->integer(static_cast<std::int64_t>(value));
            else
                m_lockLogReader->integerTooLarge();
            return true;
        }
        if (!fieldValue())
            return true;
        if (value <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            setInteger(static_cast<std::int64_t>(value));
        else
            markTarget(IntField::TooLarge, TimeField::OutOfRange);
        return true;
    }
    bool number_float(double, const std::string& text)
    {
        if (m_lockLogReader) {
            m_lockLogReader->fraction(microsTextToNs(text, kMaxAbsTimeNs));
            return true;
        }
        if (!fieldValue())
            return true;
        if (TimeField* field = timeTarget()) {
            const std::optional<TimeNs> ns = microsTextToNs(text, kMaxDurationNs);
            field->status = ns ? TimeField::Ok : TimeField::OutOfRange;
            field->ns = ns.value_or(0);
        } else {
            markWrongType();
        }
        return true;
    }
    bool string(std::string& value)
    {
        if (m_lockLogReader) {
            m_lockLogReader->string(value);
            return true;
        }
        if (m_skip == 0 && !m_stack.empty() && m_stack.back() == Context::OtherData) {
            if (m_target == Target::OtherDataValue)
                m_metadata[m_otherKey] = value;
            return true;
        }
        if (!fieldValue())
            return true;
        if (StringField* field = stringTarget()) {
            field->present = true;
            field->isString = true;
            field->value.assign(value);
        } else {
            markWrongType();
        }
        return true;
    }
    bool binary(nlohmann::json::binary_t&) { return otherScalar(); }

    bool start_object(std::size_t);
    bool start_array(std::size_t);
    bool end_object() { return endContainer(); }
    bool end_array() { return endContainer(); }
    bool key(std::string& key);
    bool parse_error(std::size_t position, const std::string& lastToken,
                     const nlohmann::json::exception& error);

private:
    // The last byte the parser consumed: the bracket of a container just opened, the end of a
    // scalar (or the byte after a number, which the parser reads to see the number end).
    std::uint64_t lastByte() const { return m_reader.position() - 1; }

    // Inside an event, problems are located at the event's start: that is what a user can find.
    [[noreturn]] void fail(const std::string& what) const
    {
        if (m_inEvent)
            failEvent(what);
        failAt(lastByte(), what);
    }
    [[noreturn]] void failEvent(const std::string& what) const
    {
        failEventAt(m_eventIndex, m_eventStart, what);
    }
    // A problem with one field of the event: "\"name\" problem".
    [[noreturn]] void failField(std::string_view name, const std::string& problem) const
    {
        failEvent("\"" + std::string(name) + "\" " + problem);
    }
    [[noreturn]] void failLockLogNotObject() const
    {
        fail("\"" + std::string(kChromeTraceLockLogKey) + "\" is not an object");
    }
    [[noreturn]] void failNotAnObject() const { failEventAt(m_eventIndex, lastByte(), "not an object"); }
    [[noreturn]] void failAt(std::uint64_t offset, const std::string& what) const
    {
        if (m_inEvent)
            failEventAt(m_eventIndex, offset, what);
        throw ChromeTraceError("at byte " + std::to_string(offset) + ": " + what, offset);
    }
    [[noreturn]] static void failEventAt(std::size_t index, std::uint64_t offset, const std::string& what)
    {
        throw ChromeTraceError("event " + std::to_string(index) + " at byte " + std::to_string(offset) + ": "
                                   + what,
                               offset, index);
    }

    // For a container that starts: enforces the nesting cap and says whether the container is
    // inside a value being skipped (it is then skipped too).
    bool enterSkipped()
    {
        if (m_stack.size() + m_skip >= kMaxNesting)
            fail("JSON nested deeper than " + std::to_string(kMaxNesting) + " levels");
        if (m_skip == 0)
            return false;
        ++m_skip;
        return true;
    }
    bool endContainer();

    // For a scalar value: handles the structural cases and says whether the value belongs to
    // a field of the current event.
    bool fieldValue();
    bool otherScalar()
    {
        if (fieldValue())
            markWrongType();
        return true;
    }
    // Sets the status of the field the value is for: intStatus or timeStatus for a number
    // field, "present, not a string" for a string field.
    void markTarget(IntField::Status intStatus, TimeField::Status timeStatus);
    void markWrongType() { markTarget(IntField::NotInteger, TimeField::NotNumber); }
    void setInteger(std::int64_t value);
    // A container inside an event where no container is read: the field it is the value of, if
    // any, has the wrong type, and the container is skipped.
    void skipWrongType()
    {
        markWrongType();
        ++m_skip;
    }

    IntField* intTarget();
    TimeField* timeTarget();
    StringField* stringTarget();

    void beginEvent();
    void finishEvent();
    void completeEvent();
    void openZone(std::int32_t pid, std::int32_t tid, TimeNs ts);
    void closeZone(std::int32_t pid, std::int32_t tid, TimeNs ts);
    void metadataEvent();
    void instantEvent();

    std::int32_t requireInt32(const IntField& field, std::string_view name) const;
    TimeNs requireTime(const TimeField& field, std::string_view name, TimeNs limit = kMaxAbsTimeNs) const;
    // The event's "pid" and "tid", checked in that order.
    std::pair<std::int32_t, std::int32_t> requireTrack() const;
    PendingSpan spanFields(TimeNs start, TimeNs end) const;

    std::uint32_t slotFor(std::int32_t pid, std::int32_t tid);
    std::optional<std::uint32_t> findSlot(std::uint64_t key) const;

    Trace build();
    std::vector<std::uint32_t> laneOrder();
    // The lock log's events name lanes by the file's "lane" values: to the lanes' ids.
    LockLog resolvedLockLog();
    void buildLane(TraceBuilder& builder, LaneSlot& slot);

    ChunkReader& m_reader;

    std::vector<Context> m_stack;
    std::size_t m_skip = 0; // depth inside a value being skipped
    Target m_target = Target::Skip;
    bool m_objectForm = false;
    bool m_sawTraceEvents = false;

    bool m_inEvent = false;
    std::size_t m_eventIndex = 0;
    std::uint64_t m_eventStart = 0;
    EventFields m_event;

    std::vector<LaneSlot> m_slots;
    std::unordered_map<std::uint64_t, std::uint32_t> m_slotByKey;
    // Events of one lane usually come together: most lookups hit this.
    std::uint64_t m_lastKey = 0;
    std::uint32_t m_lastSlot = 0;
    bool m_hasLast = false;
    std::unordered_map<std::int32_t, std::size_t> m_pidRank;
    std::unordered_map<std::int32_t, std::string> m_processNames;
    std::unordered_map<std::uint64_t, std::int64_t> m_sortIndex;

    std::vector<PendingNote> m_notes;
    // Inside "interleave_lock_log" every SAX event goes to its reader.
    std::optional<LockLogSaxReader> m_lockLogReader;
    std::optional<PendingLockLog> m_lockLog;
    std::string m_otherKey;
    std::map<std::string, std::string> m_metadata;
};

bool ChromeTraceReader::fieldValue()
{
    if (m_skip > 0)
        return false;
    if (m_stack.empty())
        fail("the top-level JSON value is neither an object nor an array");
    switch (m_stack.back()) {
    case Context::TopObject:
        if (m_target == Target::TraceEvents)
            fail("\"traceEvents\" is not an array");
        if (m_target == Target::LockLog)
            failLockLogNotObject();
        return false;
    case Context::Events:
        failNotAnObject();
    case Context::OtherData:
        return false; // only string values become metadata
    case Context::Event:
    case Context::Args:
        return true;
    }
    return false;
}

IntField* ChromeTraceReader::intTarget()
{
    switch (m_target) {
    case Target::Pid: return &m_event.pid;
    case Target::Tid: return &m_event.tid;
    case Target::ArgLane: return &m_event.argLane;
    case Target::ArgParent: return &m_event.argParent;
    case Target::ArgOsTid: return &m_event.argOsTid;
    case Target::ArgTask: return &m_event.argTask;
    case Target::ArgDetail: return &m_event.argDetail;
    case Target::ArgSortIndex: return &m_event.argSortIndex;
    default: return nullptr;
    }
}

TimeField* ChromeTraceReader::timeTarget()
{
    switch (m_target) {
    case Target::Ts: return &m_event.ts;
    case Target::Dur: return &m_event.dur;
    default: return nullptr;
    }
}

StringField* ChromeTraceReader::stringTarget()
{
    switch (m_target) {
    case Target::Ph: return &m_event.ph;
    case Target::Name: return &m_event.name;
    case Target::Scope: return &m_event.scope;
    case Target::ArgName: return &m_event.argName;
    case Target::ArgKind: return &m_event.argKind;
    case Target::ArgText: return &m_event.argText;
    default: return nullptr;
    }
}

void ChromeTraceReader::markTarget(IntField::Status intStatus, TimeField::Status timeStatus)
{
    if (IntField* field = intTarget()) {
        field->status = intStatus;
    } else if (TimeField* field = timeTarget()) {
        field->status = timeStatus;
    } else if (StringField* field = stringTarget()) {
        field->present = true;
        field->isString = false;
    }
}

void ChromeTraceReader::setInteger(std::int64_t value)
{
    if (IntField* field = intTarget()) {
        field->status = IntField::Ok;
        field->value = value;
    } else if (TimeField* field = timeTarget()) {
        constexpr std::int64_t kLimitUs = kMaxDurationNs / 1000;
        const bool inRange = value >= -kLimitUs && value <= kLimitUs;
        field->status = inRange ? TimeField::Ok : TimeField::OutOfRange;
        field->ns = inRange ? value * 1000 : 0;
    } else {
        markWrongType();
    }
}

bool ChromeTraceReader::start_object(std::size_t)
{
    if (m_lockLogReader) {
        m_lockLogReader->startObject();
        return true;
    }
    if (enterSkipped())
        return true;
    if (m_stack.empty()) {
        m_objectForm = true;
        m_stack.push_back(Context::TopObject);
        return true;
    }
    switch (m_stack.back()) {
    case Context::TopObject:
        if (m_target == Target::TraceEvents)
            fail("\"traceEvents\" is not an array");
        if (m_target == Target::OtherData) {
            m_stack.push_back(Context::OtherData);
        } else if (m_target == Target::LockLog) {
            if (m_lockLog)
                fail("\"" + std::string(kChromeTraceLockLogKey) + "\" appears twice");
            m_lockLogReader.emplace([this] { return lastByte(); });
        } else {
            ++m_skip;
        }
        break;
    case Context::Events:
        beginEvent();
        m_stack.push_back(Context::Event);
        break;
    case Context::Event:
        if (m_target == Target::Args)
            m_stack.push_back(Context::Args);
        else
            skipWrongType();
        break;
    case Context::Args: skipWrongType(); break;
    case Context::OtherData:
        ++m_skip;
        break;
    }
    return true;
}

bool ChromeTraceReader::start_array(std::size_t)
{
    if (m_lockLogReader) {
        m_lockLogReader->startArray();
        return true;
    }
    if (enterSkipped())
        return true;
    if (m_stack.empty()) { // the bare array form
        m_stack.push_back(Context::Events);
        return true;
    }
    switch (m_stack.back()) {
    case Context::TopObject:
        if (m_target == Target::TraceEvents) {
            m_sawTraceEvents = true;
            m_stack.push_back(Context::Events);
        } else if (m_target == Target::LockLog) {
            failLockLogNotObject();
        } else {
            ++m_skip;
        }
        break;
    case Context::Events:
        failNotAnObject();
    case Context::Event:
    case Context::Args: skipWrongType(); break;
    case Context::OtherData:
        ++m_skip;
        break;
    }
    return true;
}

bool ChromeTraceReader::endContainer()
{
    if (m_lockLogReader) {
        if (m_lockLogReader->endContainer()) {
            m_lockLog = m_lockLogReader->finish();
            m_lockLogReader.reset();
        }
        return true;
    }
    if (m_skip > 0) {
        --m_skip;
        return true;
    }
    const Context ended = m_stack.back();
    m_stack.pop_back();
    if (ended == Context::Event) {
        finishEvent();
        m_inEvent = false;
        ++m_eventIndex;
    }
    return true;
}

// The keys the handler reads, by container; any other key's value is skipped.
struct KeyTarget {
    std::string_view key;
    Target target;
};

constexpr KeyTarget kTopKeys[] = {{"traceEvents", Target::TraceEvents}, {"otherData", Target::OtherData},
    {kChromeTraceLockLogKey, Target::LockLog}};
constexpr KeyTarget kEventKeys[] = {
    {"ph", Target::Ph},   {"ts", Target::Ts},     {"pid", Target::Pid}, {"tid", Target::Tid},
    {"dur", Target::Dur}, {"name", Target::Name}, {"args", Target::Args}, {"s", Target::Scope}};
constexpr KeyTarget kArgKeys[] = {
    {"task", Target::ArgTask},     {"name", Target::ArgName},   {"text", Target::ArgText},
    {"lane", Target::ArgLane},     {"kind", Target::ArgKind},   {"detail", Target::ArgDetail},
    {"parent", Target::ArgParent}, {"os_tid", Target::ArgOsTid},
    {"sort_index", Target::ArgSortIndex}};

Target targetOf(std::span<const KeyTarget> keys, std::string_view key)
{
    for (const KeyTarget& entry : keys) {
        if (entry.key == key)
            return entry.target;
    }
    return Target::Skip;
}

bool ChromeTraceReader::key(std::string& key)
{
    if (m_lockLogReader) {
        m_lockLogReader->key(key);
        return true;
    }
    if (m_skip > 0)
        return true;
    switch (m_stack.back()) {
    case Context::TopObject: m_target = targetOf(kTopKeys, key); break;
    case Context::Event: m_target = targetOf(kEventKeys, key); break;
    case Context::Args: m_target = targetOf(kArgKeys, key); break;
    case Context::OtherData:
        if (key == kChromeTraceFormatKey) {
            m_target = Target::Skip;
        } else {
            m_otherKey.assign(key);
            m_target = Target::OtherDataValue;
        }
        break;
    case Context::Events: break; // arrays have no keys
    }
    return true;
}

bool ChromeTraceReader::parse_error(std::size_t, const std::string&, const nlohmann::json::exception& error)
{
    if (!m_reader.sawContent())
        throw ChromeTraceError("empty input: no JSON value", 0);
    // nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 1,
    // column 5: "; the id is noise to a user, the line and column are kept.
    std::string_view detail = error.what();
    if (detail.starts_with("[json.exception.")) {
        const std::size_t close = detail.find("] ");
        if (close != std::string_view::npos)
            detail.remove_prefix(close + 2);
    }
    // The parser's line and column miss the whitespace the reader passed over: use the reader's.
    std::string located;
    if (const std::size_t at = detail.find(" at line "); at != std::string_view::npos) {
        const std::size_t colon = detail.find(": ", at);
        if (colon != std::string_view::npos) {
            located = std::string(detail.substr(0, at)) + " at line " + std::to_string(m_reader.line()) + ", column "
                + std::to_string(m_reader.column()) + std::string(detail.substr(colon));
            detail = located;
        }
    }
    // 406: a number too large for a double (1e999); the JSON itself is well-formed.
    std::string what = m_reader.exhausted() ? "the input ends too early (truncated file?): "
                       : error.id == 406      ? "number out of range: "
                                              : "invalid JSON: ";
    what.append(detail);
    // The byte the parser stopped at.
    failAt(m_reader.lastConsumed(), what);
}

void ChromeTraceReader::beginEvent()
{
    m_inEvent = true;
    // The parser has just consumed the '{'.
    m_eventStart = m_reader.position() - 1;
    m_event.reset();
}

std::int32_t ChromeTraceReader::requireInt32(const IntField& field, std::string_view name) const
{
    switch (field.status) {
    case IntField::Absent: failField(name, "is missing");
    case IntField::NotInteger: failField(name, "is not an integer");
    case IntField::TooLarge: failField(name, "is out of range");
    case IntField::Ok: break;
    }
    if (!fitsInt32(field.value))
        failField(name, "is out of range (" + std::to_string(field.value) + " does not fit 32 bits)");
    return static_cast<std::int32_t>(field.value);
}

TimeNs ChromeTraceReader::requireTime(const TimeField& field, std::string_view name, TimeNs limit) const
{
    switch (field.status) {
    case TimeField::Absent: failField(name, "is missing");
    case TimeField::NotNumber: failField(name, "is not a number");
    case TimeField::OutOfRange: break;
    case TimeField::Ok:
        if (field.ns >= -limit && field.ns <= limit)
            return field.ns;
        break;
    }
    failField(name, "is out of range (more than " + std::to_string(limit / 1'000'000'000'000'000)
                        + "e15 microseconds)");
}

std::pair<std::int32_t, std::int32_t> ChromeTraceReader::requireTrack() const
{
    const std::int32_t pid = requireInt32(m_event.pid, "pid");
    return {pid, requireInt32(m_event.tid, "tid")};
}

PendingSpan ChromeTraceReader::spanFields(TimeNs start, TimeNs end) const
{
    PendingSpan span;
    span.start = start;
    span.end = end;
    // Names that are not ours come from other profilers (function names, zones): the lane was
    // busy, which is what Running means.
    if (m_event.name.isString)
        span.state = stateFromName(m_event.name.value).value_or(State::Running);
    // task and detail are our args; in a foreign file the same names may mean anything, so a
    // value that doesn't fit is dropped rather than rejected.
    const IntField& task = m_event.argTask;
    if (task.status == IntField::Ok && fitsInt32(task.value))
        span.task = static_cast<std::int32_t>(task.value);
    const IntField& detail = m_event.argDetail;
    if (detail.status == IntField::Ok && detail.value >= 0
        && detail.value <= std::numeric_limits<std::uint16_t>::max())
        span.detail = static_cast<std::uint16_t>(detail.value);
    return span;
}

std::optional<std::uint32_t> ChromeTraceReader::findSlot(std::uint64_t key) const
{
    if (m_hasLast && key == m_lastKey)
        return m_lastSlot;
    const auto it = m_slotByKey.find(key);
    if (it == m_slotByKey.end())
        return std::nullopt;
    return it->second;
}

std::uint32_t ChromeTraceReader::slotFor(std::int32_t pid, std::int32_t tid)
{
    const std::uint64_t key = chromeTraceLaneKey(pid, tid);
    std::optional<std::uint32_t> slot = findSlot(key);
    if (!slot) {
        if (m_slots.size() >= kMaxChromeTraceLanes)
            failEvent("more than " + std::to_string(kMaxChromeTraceLanes)
                + " lanes (distinct pid/tid pairs); Interleave opens traces of at most "
                + std::to_string(kMaxChromeTraceLanes) + " threads");
        slot = static_cast<std::uint32_t>(m_slots.size());
        LaneSlot& created = m_slots.emplace_back();
        created.pid = pid;
        created.tid = tid;
        created.firstSeen = *slot;
        m_slotByKey.emplace(key, *slot);
        m_pidRank.try_emplace(pid, m_pidRank.size());
    }
    m_lastKey = key;
    m_lastSlot = *slot;
    m_hasLast = true;
    return *slot;
}

void ChromeTraceReader::finishEvent()
{
    // Every phase we read has a one-letter name.
    if (!m_event.ph.isString || m_event.ph.value.size() != 1)
        return;
    switch (m_event.ph.value[0]) {
    case 'X': completeEvent(); break;
    case 'B':
    case 'E': {
        const TimeNs ts = requireTime(m_event.ts, "ts");
        const auto [pid, tid] = requireTrack();
        if (m_event.ph.value[0] == 'B')
            openZone(pid, tid, ts);
        else
            closeZone(pid, tid, ts);
        break;
    }
    case 'M': metadataEvent(); break;
    case 'i':
    case 'I': instantEvent(); break;
    default: break;
    }
}

void ChromeTraceReader::completeEvent()
{
    const TimeNs ts = requireTime(m_event.ts, "ts");
    TimeNs dur = 0;
    if (m_event.dur.status != TimeField::Absent) {
        if (m_event.dur.status == TimeField::Ok && m_event.dur.ns < 0)
            failEvent("\"dur\" is negative");
        dur = requireTime(m_event.dur, "dur", kMaxDurationNs);
    }
    const auto [pid, tid] = requireTrack();
    m_slots[slotFor(pid, tid)].spans.push_back(spanFields(ts, ts + dur));
}

void ChromeTraceReader::openZone(std::int32_t pid, std::int32_t tid, TimeNs ts)
{
    LaneSlot& slot = m_slots[slotFor(pid, tid)];
    if (slot.openDepth++ == 0)
        slot.open = spanFields(ts, ts);
}

void ChromeTraceReader::closeZone(std::int32_t pid, std::int32_t tid, TimeNs ts)
{
    const std::optional<std::uint32_t> index = findSlot(chromeTraceLaneKey(pid, tid));
    if (!index)
        return; // an E without its B: nothing to close
    LaneSlot& slot = m_slots[*index];
    if (slot.openDepth == 0 || --slot.openDepth > 0)
        return;
    if (ts < slot.open.start)
        failEvent("\"E\" event ends before its \"B\" event began");
    slot.open.end = ts;
    slot.spans.push_back(slot.open);
}

void ChromeTraceReader::metadataEvent()
{
    if (m_event.name.is("process_name")) {
        const std::int32_t pid = requireInt32(m_event.pid, "pid");
        if (m_event.argName.present) {
            if (!m_event.argName.isString)
                failEvent("\"args.name\" is not a string");
            m_processNames[pid] = m_event.argName.value;
        }
    } else if (m_event.name.is("thread_name")) {
        const auto [pid, tid] = requireTrack();
        if (m_event.argName.present && !m_event.argName.isString)
            failEvent("\"args.name\" is not a string");
        std::optional<LaneKind> kind;
        std::int32_t lane = 0;
        std::int32_t parent = kNoLane;
        std::int32_t osTid = tid;
        const bool ours = m_event.argLane.status != IntField::Absent;
        if (ours) {
            lane = requireInt32(m_event.argLane, "args.lane");
            if (lane < 0)
                failEvent("\"args.lane\" is negative");
            if (!m_event.argKind.present)
                failEvent("\"args.kind\" is missing");
            if (m_event.argKind.isString)
                kind = laneKindFromName(m_event.argKind.value);
            if (!kind)
                failEvent("\"args.kind\" is not one of \"process\", \"thread\", \"coroutine\"");
            if (m_event.argParent.status != IntField::Absent)
                parent = requireInt32(m_event.argParent, "args.parent");
            if (m_event.argOsTid.status != IntField::Absent)
                osTid = requireInt32(m_event.argOsTid, "args.os_tid");
        }
        LaneSlot& slot = m_slots[slotFor(pid, tid)];
        if (m_event.argName.present) {
            slot.hasName = true;
            slot.name = m_event.argName.value;
        }
        if (ours) {
            if (slot.ours && slot.laneValue != lane)
                failEvent("lanes " + std::to_string(slot.laneValue) + " and " + std::to_string(lane)
                          + " have the same pid and tid");
            slot.ours = true;
            slot.laneValue = lane;
            slot.parentValue = parent;
            slot.osTid = osTid;
            slot.kind = *kind;
            slot.metaEvent = m_eventIndex;
            slot.metaOffset = m_eventStart;
        }
    } else if (m_event.name.is("thread_sort_index")) {
        const auto [pid, tid] = requireTrack();
        // Only a hint for ordering foreign lanes: a strange value is ignored.
        if (m_event.argSortIndex.status == IntField::Ok)
            m_sortIndex[chromeTraceLaneKey(pid, tid)] = m_event.argSortIndex.value;
    }
}

void ChromeTraceReader::instantEvent()
{
    // Other instant events are some profiler's markers, not notes.
    if (!m_event.name.is("note") || !m_event.argText.isString)
        return;
    PendingNote note;
    note.time = requireTime(m_event.ts, "ts");
    // A global instant ("s":"g", how notes without a lane are written) belongs to no lane.
    const bool hasTrack = m_event.pid.status != IntField::Absent && m_event.tid.status != IntField::Absent;
    if (!m_event.scope.is("g") && hasTrack) {
        note.onLane = true;
        note.key = chromeTraceLaneKey(requireInt32(m_event.pid, "pid"), requireInt32(m_event.tid, "tid"));
    }
    note.text = m_event.argText.value;
    m_notes.push_back(std::move(note));
}

Trace ChromeTraceReader::read()
{
    nlohmann::json::sax_parse(ChunkIterator(&m_reader), ChunkIterator(), this);
    // The parser reports every failure through parse_error, which throws; getting here means
    // the input was one well-formed JSON value.
    if (m_objectForm && !m_sawTraceEvents)
        throw ChromeTraceError("not a trace: the top-level object has no \"traceEvents\" array");
    return build();
}

// Lanes described by our own thread_name metadata come first, in the order of their "lane"
// value, so a file this code wrote gets its lane ids back. Foreign lanes follow, grouped by
// process in order of appearance, the process's own lane (tid == pid) first.
std::vector<std::uint32_t> ChromeTraceReader::laneOrder()
{
    std::vector<std::uint32_t> ours;
    std::vector<std::uint32_t> foreign;
    for (std::uint32_t i = 0; i < m_slots.size(); ++i)
        (m_slots[i].ours ? ours : foreign).push_back(i);

    std::stable_sort(ours.begin(), ours.end(), [this](std::uint32_t a, std::uint32_t b) {
        return m_slots[a].laneValue < m_slots[b].laneValue;
    });
    for (std::size_t i = 1; i < ours.size(); ++i) {
        const LaneSlot& slot = m_slots[ours[i]];
        if (slot.laneValue == m_slots[ours[i - 1]].laneValue)
            failEventAt(slot.metaEvent, slot.metaOffset,
                        "lane id " + std::to_string(slot.laneValue) + " is used by two lanes");
    }
    // Parent values refer to "lane" values; map them to positions in `ours`.
    std::vector<std::size_t> parentOf(ours.size(), SIZE_MAX);
    for (std::size_t i = 0; i < ours.size(); ++i) {
        const LaneSlot& slot = m_slots[ours[i]];
        if (slot.parentValue == kNoLane)
            continue;
        const auto byLaneValue = [this](std::uint32_t s, LaneId v) { return m_slots[s].laneValue < v; };
        const auto it = std::lower_bound(ours.begin(), ours.end(), slot.parentValue, byLaneValue);
        const std::string lane = "lane " + std::to_string(slot.laneValue);
        if (it == ours.end() || m_slots[*it].laneValue != slot.parentValue)
            failEventAt(slot.metaEvent, slot.metaOffset,
                        lane + " has parent " + std::to_string(slot.parentValue)
                            + ", which is not a lane of this file");
        parentOf[i] = static_cast<std::size_t>(it - ours.begin());
        if (parentOf[i] == i)
            failEventAt(slot.metaEvent, slot.metaOffset, lane + " is its own parent");
        m_slots[ours[i]].parentSlot = *it;
    }
    // A parent chain must end: walk each chain once, marking lanes as done when it does.
    enum : std::uint8_t { Unvisited, OnPath, Done };
    std::vector<std::uint8_t> mark(ours.size(), Unvisited);
    std::vector<std::size_t> path;
    for (std::size_t start = 0; start < ours.size(); ++start) {
        std::size_t at = start;
        while (at != SIZE_MAX && mark[at] == Unvisited) {
            mark[at] = OnPath;
            path.push_back(at);
            at = parentOf[at];
        }
        if (at != SIZE_MAX && mark[at] == OnPath) {
            const LaneSlot& slot = m_slots[ours[at]];
            failEventAt(slot.metaEvent, slot.metaOffset,
                        "the parents of lane " + std::to_string(slot.laneValue) + " form a cycle");
        }
        for (std::size_t p : path)
            mark[p] = Done;
        path.clear();
    }

    const auto sortIndex = [this](const LaneSlot& slot) {
        const auto it = m_sortIndex.find(chromeTraceLaneKey(slot.pid, slot.tid));
        return it == m_sortIndex.end() ? std::numeric_limits<std::int64_t>::max() : it->second;
    };
    std::stable_sort(foreign.begin(), foreign.end(), [&](std::uint32_t a, std::uint32_t b) {
        const LaneSlot& x = m_slots[a];
        const LaneSlot& y = m_slots[b];
        const auto key = [&](const LaneSlot& s) {
            return std::make_tuple(m_pidRank.at(s.pid), s.tid != s.pid, sortIndex(s), s.firstSeen);
        };
        return key(x) < key(y);
    });

    std::vector<std::uint32_t> order = std::move(ours);
    order.insert(order.end(), foreign.begin(), foreign.end());
    for (std::size_t i = 0; i < order.size(); ++i)
        m_slots[order[i]].id = static_cast<LaneId>(i);
    return order;
}

void ChromeTraceReader::buildLane(TraceBuilder& builder, LaneSlot& slot)
{
    std::vector<PendingSpan>& spans = slot.spans;
    const auto byStart = [](const PendingSpan& a, const PendingSpan& b) { return a.start < b.start; };
    if (!std::is_sorted(spans.begin(), spans.end(), byStart))
        std::stable_sort(spans.begin(), spans.end(), byStart);
    // A lane is in one state at a time, so of overlapping spans (nested zones in a foreign
    // trace) only the outermost are kept. A gap between spans (also foreign only: this file's
    // spans always touch) is not filled with a made-up state: the earlier span runs on until
    // the next begins.
    TimeNs keptEnd = std::numeric_limits<TimeNs>::min();
    bool any = false;
    for (const PendingSpan& span : spans) {
        if (any && span.start < keptEnd)
            continue;
        builder.append(slot.id, StateChange{span.start, span.task, span.state, 0, span.detail});
        keptEnd = span.end;
        any = true;
    }
    if (any)
        builder.setLaneEnd(slot.id, keptEnd);
    // Release as we go: the records now live in the builder.
    std::vector<PendingSpan>().swap(spans);
}

Trace ChromeTraceReader::build()
{
    const std::vector<std::uint32_t> order = laneOrder();
    TraceBuilder builder;
    for (std::uint32_t index : order) {
        LaneSlot& slot = m_slots[index];
        LaneInfo info;
        info.pid = slot.pid;
        if (slot.ours) {
            info.kind = slot.kind;
            info.tid = slot.osTid;
            if (slot.parentValue != kNoLane)
                info.parent = m_slots[slot.parentSlot].id;
            info.name = slot.name;
        } else {
            info.tid = slot.tid;
            const bool isProcess = slot.tid == slot.pid;
            info.kind = isProcess ? LaneKind::Process : LaneKind::Thread;
            if (!isProcess) {
                if (const auto process = findSlot(chromeTraceLaneKey(slot.pid, slot.pid)))
                    info.parent = m_slots[*process].id;
            }
            const auto processName = m_processNames.find(slot.pid);
            if (isProcess && processName != m_processNames.end())
                info.name = processName->second;
            else if (slot.hasName)
                info.name = slot.name;
            else
                info.name = (isProcess ? "process " : "thread ") + std::to_string(slot.tid);
        }
        builder.addLane(std::move(info));
    }
    for (std::uint32_t index : order)
        buildLane(builder, m_slots[index]);
    for (PendingNote& note : m_notes) {
        LaneId lane = kNoLane;
        if (note.onLane) {
            if (const auto slot = findSlot(note.key))
                lane = m_slots[*slot].id;
        }
        builder.addNote({lane, note.time, std::move(note.text)});
    }
    for (auto& [key, value] : m_metadata)
        builder.setMetadata(key, std::move(value));
    if (m_lockLog)
        builder.setLockLog(resolvedLockLog());
    return builder.build();
}

LockLog ChromeTraceReader::resolvedLockLog()
{
    std::unordered_map<std::int32_t, LaneId> laneOf;
    for (const LaneSlot& slot : m_slots) {
        if (slot.ours)
            laneOf.emplace(slot.laneValue, slot.id);
    }
    LockLog log = std::move(m_lockLog->log);
    for (std::size_t i = 0; i < log.events.size(); ++i) {
        LockEvent& e = log.events[i];
        if (e.lane == kNoLane)
            continue;
        const auto it = laneOf.find(e.lane);
        if (it == laneOf.end()) {
            const std::uint64_t offset = m_lockLog->eventOffsets[i];
            throw ChromeTraceError("\"" + std::string(kChromeTraceLockLogKey) + "\" at byte "
                    + std::to_string(offset) + ": \"events\"[" + std::to_string(i) + "] \"lane\" is "
                    + std::to_string(e.lane) + ", which is not a lane of this file",
                offset);
        }
        e.lane = it->second;
    }
    return log;
}

} // namespace

Trace readChromeTrace(std::istream& in)
{
    chrome_trace_io::StreamSource source(in);
    ChunkReader reader(source);
    return ChromeTraceReader(reader).read();
}

Trace loadChromeTrace(const std::string& path)
{
    chrome_trace_io::FileSource source(path);
    ChunkReader reader(source);
    try {
        return ChromeTraceReader(reader).read();
    } catch (const ChromeTraceError& e) {
        throw ChromeTraceError(path + ": " + e.what(), e.byteOffset(), e.eventIndex());
    }
}

} // namespace interleave
