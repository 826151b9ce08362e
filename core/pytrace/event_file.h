#pragma once

#include "pytrace/event_format.h"
#include "trace/clock.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace interleave::pytrace {

// What a traced process says about itself in its file's header.
struct ProcessHeader {
    std::int32_t pid = 0;
    std::int32_t ppid = 0;
    std::uint32_t hexVersion = 0; // sys.hexversion
    TimeNs startTime = 0;
    GilStatus gilStatus = GilStatus::NotChecked;
    std::string gilNote; // why the GIL holder is not read, when it is not
    // Where the GIL lives in the process (meaningful when gilStatus is Verified).
    std::uint64_t runtimeAddress = 0;
    std::uint32_t gilOffset = 0;
    std::uint32_t gilSize = 0;
    std::uint32_t gilLocked = 0;
    std::uint32_t gilLastHolder = 0;
    std::uint32_t gilSwitchNumber = 0;
    std::uint32_t tstateCurrent = 0;
    std::uint32_t tstateNativeId = 0;
};

// One process's event file, mapped read-only. The process may still be writing it:
// readNew() returns what was added since the last call. Not thread-safe; one reader.
class EventFile {
public:
    ~EventFile();
    EventFile(const EventFile&) = delete;
    EventFile& operator=(const EventFile&) = delete;

    // Null while the file is not a complete event file yet (being created, or not ours).
    static std::unique_ptr<EventFile> open(const std::string& path);

    const ProcessHeader& header() const noexcept { return m_header; }
    const std::string& path() const noexcept { return m_path; }

    // Appends the records written since the last call; chunk by chunk, so not in time order
    // across threads. Returns how many were appended.
    std::size_t readNew(std::vector<EventRecord>& out);
    // The string at a heap offset from a record, or "" (offset 0, or not published yet).
    std::string string(std::int64_t offset) const;
    // Records the process could not write because its file was full.
    std::uint32_t dropped() const noexcept;

private:
    EventFile() = default;
    std::uint32_t u32(std::size_t offset) const noexcept;

    std::string m_path;
    const unsigned char* m_base = nullptr;
    std::size_t m_size = 0;
    ProcessHeader m_header;
    std::vector<std::uint32_t> m_chunkRead; // records read so far, per chunk
};

} // namespace interleave::pytrace
