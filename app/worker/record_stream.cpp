#include "record_stream.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace interleave {

namespace wp = worker_protocol;

RecordStream::RecordStream(int fd, const Recorder& recorder) : m_fd(fd), m_recorder(recorder)
{
    m_buffer.reserve(4096);
}

std::size_t RecordStream::flush()
{
    std::lock_guard lock(m_mutex);
    appendPendingLocked();
    writeLocked();
    return m_sent.empty() ? 0 : m_sent.front();
}

void RecordStream::send(const wp::Message& message)
{
    std::lock_guard lock(m_mutex);
    appendPendingLocked();
    wp::appendFrame(m_buffer, message);
    writeLocked();
}

void RecordStream::appendPendingLocked()
{
    // A snapshot (a mutex and a copy of the lane table) only when a lane was added; otherwise
    // the stores are read directly, one acquire load each.
    if (m_recorder.laneCount() != m_stores.size()) {
        const RecorderSnapshot snap = m_recorder.snapshot();
        for (std::size_t id = m_stores.size(); id < snap.lanes.size(); ++id)
            declareLocked(id, snap.lanes[id].info, snap.lanes[id].store);
    }
    for (std::size_t id = 0; id < m_stores.size(); ++id) {
        const std::size_t count = m_stores[id]->size();
        for (std::size_t i = m_sent[id]; i < count; ++i)
            wp::appendFrame(m_buffer, wp::Record{static_cast<std::uint16_t>(id), m_stores[id]->at(i)});
        m_sent[id] = count;
    }
}

void RecordStream::declareLocked(std::size_t id, const LaneInfo& info, std::shared_ptr<const LaneStore> store)
{
    // Lane 0 is the process lane: the parent created it when it spawned us. Any later lane is
    // declared before its first record.
    if (id > 0) {
        wp::LaneDecl decl{.lane = static_cast<std::uint16_t>(id),
                          .parent = static_cast<std::uint16_t>(std::max(0, info.parent)),
                          .kind = info.kind,
                          .tid = info.tid,
                          .name = info.name};
        wp::appendFrame(m_buffer, decl);
    }
    m_stores.push_back(std::move(store));
    m_sent.push_back(0);
}

void RecordStream::writeLocked()
{
    const std::uint8_t* p = m_buffer.data();
    std::size_t left = m_buffer.size();
    while (left > 0) {
        const ssize_t n = ::write(m_fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EPIPE)
                ::_exit(wp::kExitPipeClosed);
            std::fprintf(stderr, "interleave-worker: cannot write records: %s\n", std::strerror(errno));
            ::_exit(wp::kExitError);
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    m_buffer.clear();
}

} // namespace interleave
