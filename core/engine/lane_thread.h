#pragma once

#include "trace/recorder.h"

#include <atomic>
#include <functional>
#include <memory>
#include <thread>

namespace interleave {

// A real thread with a lane of its own, started the way threading.Thread.start() starts one:
// the lane shows Starting from the moment start is called, and the caller waits only until
// the new thread is alive (its kernel thread id is known, a few microseconds), not until it
// runs anything. The body receives the lane's writer and owns it from then on.
//
// The lane is added after the thread exists because LaneInfo carries the thread's real tid;
// its Starting record is stamped with the time taken before the thread was created.
class LaneThread {
public:
    using Body = std::function<void(LaneWriter)>;

    // info.tid is filled in; info.id is assigned by the recorder. When cpuTotal is given, the
    // thread adds its CPU time (CLOCK_THREAD_CPUTIME_ID) to it as it ends. Throws
    // std::system_error ("cannot start thread NAME: REASON") when the system refuses another
    // thread; no lane is added then.
    LaneThread(Recorder& recorder, LaneInfo info, Body body, std::atomic<TimeNs>* cpuTotal = nullptr);
    LaneThread(LaneThread&&) noexcept;
    LaneThread& operator=(LaneThread&&) = delete;
    ~LaneThread(); // joins

    LaneId lane() const noexcept { return m_lane; }
    void join();

private:
    struct Launch;
    static std::thread startThread(Launch* launch, Body body, std::atomic<TimeNs>* cpuTotal);
    std::unique_ptr<Launch> m_launch; // shared with the thread until it has its lane
    std::thread m_thread;
    LaneId m_lane = kNoLane;
};

} // namespace interleave
