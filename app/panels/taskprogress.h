#pragma once

#include "trace/trace.h"

#include <cstdint>
#include <vector>

namespace interleave {

// How many of a run's tasks have finished, read from its trace as it grows. A task is
// finished once a lane that worked on it moves on (to another task or to none) or ends
// (Done, Failed). Each update reads only the spans added since the last one, so a live run
// polled at display rate costs no more than its new records.
class TaskProgress {
public:
    void reset(int tasks);
    void update(const Trace& trace);
    int finished() const noexcept { return m_finished; }
    int total() const noexcept { return static_cast<int>(m_done.size()); }

private:
    void finish(std::int32_t task);

    std::vector<std::size_t> m_read; // per lane: spans already read
    std::vector<std::int32_t> m_currentTask; // per lane: the task of its last span read
    std::vector<bool> m_done;
    int m_finished = 0;
};

} // namespace interleave
