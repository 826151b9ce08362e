#include "panels/taskprogress.h"

#include <algorithm>

namespace interleave {

void TaskProgress::reset(int tasks)
{
    m_read.clear();
    m_currentTask.clear();
    m_done.assign(static_cast<std::size_t>(std::max(0, tasks)), false);
    m_finished = 0;
}

void TaskProgress::finish(std::int32_t task)
{
    if (task < 0 || static_cast<std::size_t>(task) >= m_done.size() || m_done[static_cast<std::size_t>(task)])
        return;
    m_done[static_cast<std::size_t>(task)] = true;
    ++m_finished;
}

void TaskProgress::update(const Trace& trace)
{
    if (m_read.size() < trace.laneCount()) {
        m_read.resize(trace.laneCount(), 0);
        m_currentTask.resize(trace.laneCount(), kNoTask);
    }
    for (std::size_t lane = 0; lane < trace.laneCount(); ++lane) {
        const LaneId id = static_cast<LaneId>(lane);
        const std::size_t count = trace.spanCount(id);
        for (std::size_t i = m_read[lane]; i < count; ++i) {
            const Span s = trace.span(id, i);
            const bool ends = isTerminal(s.state);
            std::int32_t& current = m_currentTask[lane];
            if (current != kNoTask && (s.task != current || ends))
                finish(current);
            if (ends) {
                finish(s.task);
                current = kNoTask;
            } else {
                current = s.task;
            }
        }
        m_read[lane] = count;
    }
}

} // namespace interleave
