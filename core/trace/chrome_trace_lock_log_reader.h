#pragma once

#include "trace/chrome_trace_format.h"
#include "trace/lock_log.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The lock log of a Chrome trace file (the value of "interleave_lock_log"; its layout is in
// trace/chrome_trace.h), read from the SAX events the trace reader hands on while it is inside
// that value. Only trace/chrome_trace_reader.cpp uses it.

namespace interleave::chrome_trace_lock_log {

// What was read, before the lanes its events name are known: each event's lane is still the
// file's "lane" value (kNoLane when it has none), resolved by the trace reader once it knows
// the file's lanes.
struct PendingLockLog {
    LockLog log;
    std::vector<std::uint64_t> eventOffsets; // the byte of each event's '{', for later errors
};

// Throws ChromeTraceError naming the field and where it is, e.g.
//   "interleave_lock_log" events[3] at byte 912: "thread" is 7, but the log has 2 threads
class LockLogSaxReader {
public:
    // lastByte: the byte the parser consumed last (the bracket of a container just opened, the
    // end of a scalar). Made when the parser has just consumed the lock log's '{'.
    explicit LockLogSaxReader(std::function<std::uint64_t()> lastByte);

    void startObject();
    void startArray();
    // True when the container that ended is the lock log's own object: finish() comes next.
    bool endContainer();
    void key(const std::string& key);
    void string(const std::string& value);
    void integer(std::int64_t value);
    void integerTooLarge(); // an integer beyond int64
    // A number with a fraction or an exponent: microseconds in nanoseconds, nullopt when out
    // of range.
    void fraction(std::optional<std::int64_t> micros);
    void boolean(bool value);
    void null();

    // Checks what no single field shows (every field there, indexes in range, times in order).
    PendingLockLog finish();

private:
    enum class Where : std::uint8_t { Log, Threads, Locks, Lock, Events, Event };
    // Which field of the current object a value is for.
    enum class Field : std::uint8_t {
        None,
        Version,
        Threads,
        Locks,
        Events,
        LockName,
        LockRecursive,
        Ts,
        Thread,
        LockIndex,
        Kind,
        Lane,
    };

    [[noreturn]] void failAt(std::uint64_t offset, const std::string& what) const;
    // A problem with the value just read (or the container just opened).
    [[noreturn]] void failValue(const std::string& what) const;
    // What the value just read is for, as a user can find it: "version", "locks"[2] "name", ...
    std::string placeOfValue() const;
    std::string placeOfObject() const;
    // The field the next value is for; fails on a value where none may be.
    Field valueField() const;
    // A value of the wrong type for the field it is for.
    [[noreturn]] void failType(std::string_view got) const;
    // Fails, naming the field after `where` (the object it belongs to), when it was not seen.
    void requireSeen(std::uint32_t seen, Field field, std::string_view name, std::uint64_t offset,
        const std::string& where) const;
    std::int64_t integerValue(std::int64_t value) const;

    std::function<std::uint64_t()> m_lastByte;
    std::vector<Where> m_stack;
    Field m_field = Field::None;
    std::string m_key; // the key m_field was read from

    PendingLockLog m_result;
    std::uint32_t m_logSeen = 0; // bits of Field seen in the log's object
    std::uint32_t m_itemSeen = 0; // ... in the current lock or event
    std::uint64_t m_logStart = 0;
    std::uint64_t m_itemStart = 0;
    LockLog::Lock m_lock;
    LockEvent m_event;
};

} // namespace interleave::chrome_trace_lock_log
