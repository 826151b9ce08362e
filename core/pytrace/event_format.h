#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

// The event file a traced Python process writes (resources/python/interleave_bootstrap/
// event_format.py is the same layout for struct.pack_into: change both together).
//
// One file per process, mapped MAP_SHARED, so it is read while the program runs and stays
// whole after the process was killed. Little-endian:
//
//   [header, kHeaderSize bytes]
//   [kChunkCount chunks of kChunkSize bytes of EventRecords; one thread writes a chunk, and
//    claims the next free one when it is full]
//   [string heap: u32 length + UTF-8 bytes, 8-aligned, referenced by offset; 0 = none]
//
// A record's kind is its last field and is written last: a non-zero kind means the whole
// record is there. A chunk's records are in time order; chunks are not ordered.
namespace interleave::pytrace {

inline constexpr char kMagic[8] = {'I', 'L', 'V', 'P', 'Y', 'E', 'V', '1'};
inline constexpr std::uint32_t kFormatVersion = 1;

inline constexpr std::size_t kHeaderSize = 4096;
inline constexpr std::size_t kChunkSize = 16384;
inline constexpr std::size_t kChunkCount = 1024;
inline constexpr std::size_t kChunksOffset = kHeaderSize;
inline constexpr std::size_t kStringsOffset = kChunksOffset + kChunkSize * kChunkCount;
inline constexpr std::size_t kStringsCapacity = 4 * 1024 * 1024;
inline constexpr std::size_t kFileSize = kStringsOffset + kStringsCapacity;

// Header fields, by byte offset.
namespace header {
inline constexpr std::size_t kMagicAt = 0;            // 8 bytes
inline constexpr std::size_t kVersion = 8;            // u32
inline constexpr std::size_t kRecordSize = 12;        // u32
inline constexpr std::size_t kChunkSizeAt = 16;       // u32
inline constexpr std::size_t kChunkCountAt = 20;      // u32
inline constexpr std::size_t kChunksOffsetAt = 24;    // u32
inline constexpr std::size_t kStringsOffsetAt = 28;   // u32
inline constexpr std::size_t kStringsCapacityAt = 32; // u32
inline constexpr std::size_t kPid = 36;               // i32
inline constexpr std::size_t kPpid = 40;              // i32
inline constexpr std::size_t kHexVersion = 44;        // u32, sys.hexversion
inline constexpr std::size_t kChunksUsed = 48;        // u32
inline constexpr std::size_t kStringsUsed = 52;       // u32
inline constexpr std::size_t kDropped = 56;           // u32, records lost to a full file
inline constexpr std::size_t kGilStatus = 60;         // u32, GilStatus
// The GIL's offsets count from kRuntimeAddress: &_PyRuntime in 3.11, the GIL's own struct in
// 3.12 and 3.13 (which keep it in the interpreter state); kTstateCurrent is 0 where unused.
inline constexpr std::size_t kRuntimeAddress = 64;    // u64, the base the offsets count from
inline constexpr std::size_t kGilOffset = 72;         // u32, the GIL's struct from there
inline constexpr std::size_t kGilSize = 76;           // u32
inline constexpr std::size_t kGilLocked = 80;         // u32, offsets from the base
inline constexpr std::size_t kGilLastHolder = 84;     // u32
inline constexpr std::size_t kGilSwitchNumber = 88;   // u32
inline constexpr std::size_t kTstateCurrent = 92;     // u32
inline constexpr std::size_t kTstateNativeId = 96;    // u32, in PyThreadState
inline constexpr std::size_t kStartTime = 104;        // i64, CLOCK_MONOTONIC ns
inline constexpr std::size_t kGilNote = 112;          // u32, string: why the GIL is not read
inline constexpr std::size_t kReady = 120;            // u32, 1 once the header is complete
} // namespace header

enum class GilStatus : std::uint32_t {
    NotChecked = 0,
    Verified = 1,    // the offsets were checked against live values: read the holder
    Unsupported = 2, // a CPython whose layout the bootstrap does not know
    CheckFailed = 3, // known version, but the live values disagreed: not read
    NoGil = 4,       // a free-threaded build
};

enum class EventKind : std::uint16_t {
    Empty = 0,
    ProcessStart = 1,  // a = parent pid, b = command line; flags = StartKind
    ProcessName = 2,   // b = name (a multiprocessing process's)
    ProcessExit = 3,   // a = exit code; flags = kExitCodeKnown or kExitAtExit
    ThreadStart = 4,   // a = native thread id, b = name
    ThreadEnd = 5,     // flags = 1 when run() raised
    SleepBegin = 6,    // a = requested ns
    SleepEnd = 7,
    LockCreated = 8,   // a = the futex address its waiters block on, b = site; flags = LockKind
    TaskCreated = 9,   // a = task serial, b = task name; flags = kTaskRenamed: a new name
    TaskCoro = 10,     // a = task serial, b = coroutine (qualified name and file:line)
    TaskReady = 11,    // a = task serial
    TaskStepBegin = 12,// a = task serial
    TaskStepEnd = 13,  // a = task serial; flags = TaskOutcome
    Uncaught = 14,     // b = "ValueError: ... (script.py:12)"
    Terminated = 15,   // a = the pid a parent asked to end (Process.terminate / kill)
    WaitBegin = 16,    // b = what the thread waits for ("join worker"): Blocked, exactly
    WaitEnd = 17,
    Call = 18,         // a = code serial; b = "compute (sum.py:4)" the first time, else 0 (--calls)
    Return = 19,       // a = code serial
    Mark = 20,         // b = what the program marks at this moment ("work starts")
};

enum class StartKind : std::uint16_t { Main = 0, Fork = 1, Exec = 2 };
inline constexpr std::uint16_t kExitCodeKnown = 1;
inline constexpr std::uint16_t kExitAtExit = 2;
enum class LockKind : std::uint16_t { Plain = 0, Reentrant = 1, Join = 2, Waiter = 3 };
inline constexpr std::uint16_t kTaskRenamed = 1;
enum class TaskOutcome : std::uint16_t { Pending = 0, Done = 1, Failed = 2, Cancelled = 3 };

struct EventRecord {
    std::int64_t time = 0; // CLOCK_MONOTONIC ns
    std::int64_t a = 0;
    std::int64_t b = 0;
    std::uint32_t thread = 0; // the thread's serial in its process, 1 = the first one seen
    std::uint16_t kind = 0;   // EventKind; written last
    std::uint16_t flags = 0;
};

static_assert(sizeof(EventRecord) == 32, "matches struct '<qqqIHH' on the Python side");
static_assert(std::is_trivially_copyable_v<EventRecord>);
static_assert(kChunkSize % sizeof(EventRecord) == 0);
inline constexpr std::size_t kRecordsPerChunk = kChunkSize / sizeof(EventRecord);

} // namespace interleave::pytrace
