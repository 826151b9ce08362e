// Feeds arbitrary bytes to the Chrome trace importer. Rejecting the input with a
// ChromeTraceError is fine; anything else (another exception, a crash, a sanitizer report) is a
// bug. An accepted input must also survive export and re-import unchanged.
#include "trace/chrome_trace.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

namespace {

using namespace interleave;

[[noreturn]] void fail(const char* what)
{
    std::fprintf(stderr, "fuzz_chrome_trace: %s\n", what);
    std::abort();
}

void requireSame(const Trace& a, const Trace& b)
{
    if (a.laneCount() != b.laneCount())
        fail("lane count changed in the round trip");
    for (std::size_t i = 0; i < a.laneCount(); ++i) {
        const auto id = static_cast<LaneId>(i);
        if (!(a.lane(id) == b.lane(id)))
            fail("lane info changed in the round trip");
        if (a.spanCount(id) != b.spanCount(id))
            fail("span count changed in the round trip");
        for (std::size_t s = 0; s < a.spanCount(id); ++s) {
            if (!(a.span(id, s) == b.span(id, s)))
                fail("a span changed in the round trip");
        }
    }
    if (a.notes() != b.notes())
        fail("notes changed in the round trip");
    if (a.metadata() != b.metadata())
        fail("metadata changed in the round trip");
    if (a.lockLog() != b.lockLog())
        fail("the lock log changed in the round trip");
}

std::string exported(const Trace& trace)
{
    std::ostringstream out;
    writeChromeTrace(trace, out);
    return out.str();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    Trace trace;
    try {
        trace = readChromeTrace(in);
    } catch (const ChromeTraceError&) {
        return 0;
    }

    const std::string first = exported(trace);
    std::istringstream again(first);
    Trace back;
    try {
        back = readChromeTrace(again);
    } catch (const ChromeTraceError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        fail("an exported trace could not be read back");
    }
    requireSame(trace, back);
    // Our own output is a fixed point: exporting the re-read trace gives the same text.
    if (exported(back) != first)
        fail("the second export differs from the first");
    return 0;
}
