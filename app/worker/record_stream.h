#pragma once

#include "engine/worker_protocol.h"
#include "trace/recorder.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace interleave {

// The worker's half of the records pipe: turns what the worker's own Recorder holds into
// frames and writes them to the parent.
//
// The worker's lanes are recorded by PythonThread through an ordinary LaneWriter, which has no
// hook to call on every record; so the stream reads the recorder from outside, like any
// reader: the worker's ticker thread flushes every couple of milliseconds while the Python
// thread is active (records reach the parent within that), and the main thread flushes at
// every point that matters (a task's start and end, before blocking on the command channel,
// at exit).
//
// Thread-safe: flush() and send() take one mutex, so frames never interleave and every
// message follows the records recorded before it.
//
// A write error ends the process: EPIPE means the parent is gone (or gave up on this worker)
// and there is nobody left to work for.
class RecordStream {
public:
    RecordStream(int fd, const Recorder& recorder);
    RecordStream(const RecordStream&) = delete;
    RecordStream& operator=(const RecordStream&) = delete;

    // Writes the records (and lane declarations) recorded since the last flush. Returns how
    // many records of lane 0 have been written in all.
    std::size_t flush();
    // Flushes, then writes one message.
    void send(const worker_protocol::Message& message);

private:
    void appendPendingLocked();
    void declareLocked(std::size_t id, const LaneInfo& info, std::shared_ptr<const LaneStore> store);
    void writeLocked();

    std::mutex m_mutex;
    const int m_fd;
    const Recorder& m_recorder;
    std::vector<std::shared_ptr<const LaneStore>> m_stores; // per lane, in lane order
    std::vector<std::size_t> m_sent;                        // per lane: records already written
    std::vector<std::uint8_t> m_buffer;
};

} // namespace interleave
