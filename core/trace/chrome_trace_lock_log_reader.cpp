#include "trace/chrome_trace_lock_log_reader.h"

#include <limits>
#include <span>
#include <utility>

namespace interleave::chrome_trace_lock_log {

namespace {

constexpr std::uint32_t bitOf(auto field) noexcept
{
    return std::uint32_t {1} << static_cast<unsigned>(field);
}

std::string quoted(std::string_view s)
{
    return "\"" + std::string(s) + "\"";
}

} // namespace

LockLogSaxReader::LockLogSaxReader(std::function<std::uint64_t()> lastByte)
    : m_lastByte(std::move(lastByte))
{
    m_stack.push_back(Where::Log);
    m_logStart = m_lastByte();
}

void LockLogSaxReader::failAt(std::uint64_t offset, const std::string& what) const
{
    throw ChromeTraceError(
        quoted(kChromeTraceLockLogKey) + " at byte " + std::to_string(offset) + ": " + what, offset);
}

void LockLogSaxReader::failValue(const std::string& what) const
{
    failAt(m_lastByte(), placeOfValue() + " " + what);
}

std::string LockLogSaxReader::placeOfObject() const
{
    switch (m_stack.back()) {
    case Where::Lock:
        return quoted("locks") + "[" + std::to_string(m_result.log.locks.size()) + "]";
    case Where::Event:
        return quoted("events") + "[" + std::to_string(m_result.log.events.size()) + "]";
    default:
        return {};
    }
}

std::string LockLogSaxReader::placeOfValue() const
{
    switch (m_stack.back()) {
    case Where::Log:
        return quoted(m_key);
    case Where::Threads:
        return quoted("threads") + "[" + std::to_string(m_result.log.threads.size()) + "]";
    case Where::Locks:
        return quoted("locks") + "[" + std::to_string(m_result.log.locks.size()) + "]";
    case Where::Events:
        return quoted("events") + "[" + std::to_string(m_result.log.events.size()) + "]";
    case Where::Lock:
    case Where::Event:
        return placeOfObject() + " " + quoted(m_key);
    }
    return {};
}

LockLogSaxReader::Field LockLogSaxReader::valueField() const
{
    switch (m_stack.back()) {
    case Where::Locks:
    case Where::Events:
        failValue("is not an object");
    default:
        return m_field;
    }
}

void LockLogSaxReader::failType(std::string_view got) const
{
    std::string expected;
    if (m_stack.back() == Where::Threads) {
        expected = "a string (a thread's name)";
    } else {
        switch (valueField()) {
        case Field::Version:
        case Field::Thread:
        case Field::LockIndex:
        case Field::Lane:
            expected = "an integer";
            break;
        case Field::Threads:
        case Field::Locks:
        case Field::Events:
            expected = "an array";
            break;
        case Field::LockName:
        case Field::Kind:
            expected = "a string";
            break;
        case Field::LockRecursive:
            expected = "true or false";
            break;
        case Field::Ts:
            expected = "a number (microseconds)";
            break;
        case Field::None:
            expected = "anything";
            break;
        }
    }
    failValue("is " + std::string(got) + ", not " + expected);
}

void LockLogSaxReader::startObject()
{
    switch (m_stack.back()) {
    case Where::Locks:
        if (m_result.log.locks.size() >= kMaxChromeTraceLocks)
            failAt(m_lastByte(), "more than " + std::to_string(kMaxChromeTraceLocks) + " locks");
        m_stack.push_back(Where::Lock);
        m_itemSeen = 0;
        m_itemStart = m_lastByte();
        m_lock = {};
        m_field = Field::None;
        return;
    case Where::Events:
        if (m_result.log.events.size() >= kMaxChromeTraceLockEvents)
            failAt(m_lastByte(), "more than " + std::to_string(kMaxChromeTraceLockEvents) + " events");
        m_stack.push_back(Where::Event);
        m_itemSeen = 0;
        m_itemStart = m_lastByte();
        m_event = {};
        m_event.lane = kNoLane;
        m_field = Field::None;
        return;
    default:
        failType("an object");
    }
}

void LockLogSaxReader::startArray()
{
    if (m_stack.back() == Where::Log) {
        switch (m_field) {
        case Field::Threads:
            m_stack.push_back(Where::Threads);
            return;
        case Field::Locks:
            m_stack.push_back(Where::Locks);
            return;
        case Field::Events:
            m_stack.push_back(Where::Events);
            return;
        default:
            break;
        }
    }
    failType("an array");
}

void LockLogSaxReader::requireSeen(std::uint32_t seen, Field field, std::string_view name, std::uint64_t offset,
    const std::string& where) const
{
    if ((seen & bitOf(field)) == 0)
        failAt(offset, where + quoted(name) + " is missing");
}

bool LockLogSaxReader::endContainer()
{
    const Where ended = m_stack.back();
    switch (ended) {
    case Where::Lock:
        requireSeen(m_itemSeen, Field::LockName, "name", m_itemStart, placeOfObject() + " ");
        m_result.log.locks.push_back(std::move(m_lock));
        break;
    case Where::Event:
    {
        const std::string event = placeOfObject() + " ";
        requireSeen(m_itemSeen, Field::Ts, "ts", m_itemStart, event);
        requireSeen(m_itemSeen, Field::Thread, "thread", m_itemStart, event);
        requireSeen(m_itemSeen, Field::LockIndex, "lock", m_itemStart, event);
        requireSeen(m_itemSeen, Field::Kind, "kind", m_itemStart, event);
        m_result.log.events.push_back(m_event);
        m_result.eventOffsets.push_back(m_itemStart);
        break;
    }
    default:
        break;
    }
    m_stack.pop_back();
    m_field = Field::None;
    // Back in the log's object, or at the end of the log itself.
    return ended == Where::Log;
}

void LockLogSaxReader::key(const std::string& key)
{
    struct Known {
        std::string_view name;
        Field field;
    };
    static constexpr Known kLogKeys[] = {{"version", Field::Version}, {"threads", Field::Threads},
        {"locks", Field::Locks}, {"events", Field::Events}};
    static constexpr Known kLockKeys[] = {{"name", Field::LockName}, {"recursive", Field::LockRecursive}};
    static constexpr Known kEventKeys[] = {{"ts", Field::Ts}, {"thread", Field::Thread},
        {"lock", Field::LockIndex}, {"kind", Field::Kind}, {"lane", Field::Lane}};
    std::span<const Known> keys;
    std::uint32_t* seen = &m_itemSeen;
    switch (m_stack.back()) {
    case Where::Log:
        keys = kLogKeys;
        seen = &m_logSeen;
        break;
    case Where::Lock:
        keys = kLockKeys;
        break;
    case Where::Event:
        keys = kEventKeys;
        break;
    default:
        return; // arrays have no keys
    }
    m_key = key;
    m_field = Field::None;
    for (const Known& known : keys) {
        if (known.name == key)
            m_field = known.field;
    }
    const std::string where = m_stack.back() == Where::Log ? std::string() : placeOfObject() + " ";
    if (m_field == Field::None)
        failAt(m_lastByte(), where + "has an unknown field " + quoted(key));
    if ((*seen & bitOf(m_field)) != 0)
        failAt(m_lastByte(), where + quoted(key) + " appears twice");
    *seen |= bitOf(m_field);
}

void LockLogSaxReader::string(const std::string& value)
{
    if (m_stack.back() == Where::Threads) {
        if (m_result.log.threads.size() >= kMaxChromeTraceLockThreads)
            failAt(m_lastByte(), "more than " + std::to_string(kMaxChromeTraceLockThreads) + " threads");
        m_result.log.threads.push_back(value);
        return;
    }
    switch (valueField()) {
    case Field::LockName:
        m_lock.name = value;
        return;
    case Field::Kind: {
        const std::optional<LockEventKind> kind = lockEventKindFromName(value);
        if (!kind)
            failValue("is " + quoted(value) + ", not one of \"wait\", \"acquire\", \"abandon\", \"release\"");
        m_event.kind = *kind;
        return;
    }
    default:
        failType("a string");
    }
}

std::int64_t LockLogSaxReader::integerValue(std::int64_t value) const
{
    if (value < 0)
        failValue("is negative (" + std::to_string(value) + ")");
    if (value > std::numeric_limits<std::int32_t>::max())
        failValue("is out of range (" + std::to_string(value) + " does not fit 32 bits)");
    return value;
}

void LockLogSaxReader::integer(std::int64_t value)
{
    switch (m_stack.back() == Where::Threads ? Field::None : valueField()) {
    case Field::Version:
        if (value != kChromeTraceLockLogVersion)
            failValue("is " + std::to_string(value) + ": this program reads version "
                + std::to_string(kChromeTraceLockLogVersion));
        return;
    case Field::Thread:
        m_event.thread = static_cast<std::int32_t>(integerValue(value));
        return;
    case Field::LockIndex:
        m_event.lock = static_cast<std::int32_t>(integerValue(value));
        return;
    case Field::Lane:
        m_event.lane = static_cast<LaneId>(integerValue(value));
        return;
    case Field::Ts:
        if (value < -kChromeTraceMaxAbsTimeNs / 1000 || value > kChromeTraceMaxAbsTimeNs / 1000)
            failValue("is out of range (more than 1e15 microseconds)");
        m_event.time = value * 1000;
        return;
    default:
        failType("a number");
    }
}

void LockLogSaxReader::integerTooLarge()
{
    switch (m_stack.back() == Where::Threads ? Field::None : valueField()) {
    case Field::Version:
    case Field::Thread:
    case Field::LockIndex:
    case Field::Lane:
    case Field::Ts:
        failValue("is out of range");
    default:
        failType("a number");
    }
}

void LockLogSaxReader::fraction(std::optional<std::int64_t> ns)
{
    switch (m_stack.back() == Where::Threads ? Field::None : valueField()) {
    case Field::Ts:
        if (!ns || *ns < -kChromeTraceMaxAbsTimeNs || *ns > kChromeTraceMaxAbsTimeNs)
            failValue("is out of range (more than 1e15 microseconds)");
        m_event.time = *ns;
        return;
    case Field::Version:
    case Field::Thread:
    case Field::LockIndex:
    case Field::Lane:
        failValue("is not an integer");
    default:
        failType("a number");
    }
}

void LockLogSaxReader::boolean(bool value)
{
    if (m_stack.back() != Where::Threads && valueField() == Field::LockRecursive) {
        m_lock.recursive = value;
        return;
    }
    failType(value ? "true" : "false");
}

void LockLogSaxReader::null()
{
    failType("null");
}

PendingLockLog LockLogSaxReader::finish()
{
    // The log's own object has ended: nothing is on the stack any more.
    requireSeen(m_logSeen, Field::Version, "version", m_logStart, {});
    requireSeen(m_logSeen, Field::Threads, "threads", m_logStart, {});
    requireSeen(m_logSeen, Field::Locks, "locks", m_logStart, {});
    requireSeen(m_logSeen, Field::Events, "events", m_logStart, {});
    const LockLog& log = m_result.log;
    for (std::size_t i = 0; i < log.events.size(); ++i) {
        const LockEvent& e = log.events[i];
        const std::string event = quoted("events") + "[" + std::to_string(i) + "] ";
        const auto count = [](std::size_t n, std::string_view what) {
            return std::to_string(n) + " " + std::string(what) + (n == 1 ? "" : "s");
        };
        if (static_cast<std::size_t>(e.thread) >= log.threads.size())
            failAt(m_result.eventOffsets[i],
                event + "\"thread\" is " + std::to_string(e.thread) + ", but the log has "
                    + count(log.threads.size(), "thread"));
        if (static_cast<std::size_t>(e.lock) >= log.locks.size())
            failAt(m_result.eventOffsets[i],
                event + "\"lock\" is " + std::to_string(e.lock) + ", but the log has "
                    + count(log.locks.size(), "lock"));
        if (i > 0 && e.time < log.events[i - 1].time)
            failAt(m_result.eventOffsets[i],
                event + "\"ts\" is earlier than the event before it: events are in time order");
    }
    return std::move(m_result);
}

} // namespace interleave::chrome_trace_lock_log
