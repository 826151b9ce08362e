#pragma once

#include "trace/parallelism.h"
#include "trace/trace.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace interleave {

// One time bucket of a lane at one level of detail: which spans start in it and what they
// mostly are.
struct LodBucket {
    // Index of the first span of the lane starting at or after the bucket's start.
    std::uint32_t firstSpan = 0;
    // When that span starts (the lane's end if there is none), from the bucket's start;
    // kFarOffset when it is too far to say in 32 bits.
    std::uint32_t firstStartOffset = 0;
    // The state with the most time among the spans starting in the bucket (each counted whole,
    // where it starts); kNoDominantState when they have no duration at all (only zero-length
    // spans start in it, or none).
    std::uint8_t dominant = 0;
    // Share of that time spent Running, in 1/255ths.
    std::uint8_t running = 0;
};

inline constexpr std::uint8_t kNoDominantState = 0xff;
inline constexpr std::uint32_t kFarOffset = 0xffffffff;

// Level-of-detail summary of one lane: at level L the lane's time, from its first span's start,
// is cut into buckets of 2^L ns. Each level halves the one below; the finest level stored has
// about two spans per bucket on average (finer zooms are cheap to draw from the spans), the
// coarsest a single bucket. Twelve bytes per bucket, so about twelve bytes per span in all.
//
// Built for a lane as it was in one snapshot; a lane store only ever grows, so a summary stays
// right for the same lane as long as matches() says its span count and end are unchanged.
class LaneLod {
public:
    LaneLod() = default;
    // Reads every span of the lane once. Lanes with too few spans to gain from a summary get
    // an empty one (empty() is true).
    LaneLod(const Trace& trace, LaneId lane);

    bool empty() const noexcept { return m_levels.empty(); }
    bool matches(const Trace& trace, LaneId lane) const;

    TimeNs origin() const noexcept { return m_origin; }
    int finestLevel() const noexcept { return m_finestLevel; }
    int coarsestLevel() const noexcept { return m_finestLevel + static_cast<int>(m_levels.size()) - 1; }
    std::size_t spanCount() const noexcept { return m_spanCount; }

    // Buckets of a level in [finestLevel, coarsestLevel].
    const std::vector<LodBucket>& level(int level) const
    {
        return m_levels.at(static_cast<std::size_t>(level - m_finestLevel));
    }
    // Index of the first span starting at or after bucket b's start; spanCount() past the end.
    std::size_t firstSpanOf(int level, std::size_t bucket) const
    {
        const std::vector<LodBucket>& buckets = this->level(level);
        return bucket < buckets.size() ? buckets[bucket].firstSpan : m_spanCount;
    }
    // When the first span starting at or after bucket b's start starts (the lane's end past
    // the last one); nullopt when the table cannot say without reading the span.
    std::optional<TimeNs> firstStartOf(int level, std::size_t bucket) const
    {
        const std::vector<LodBucket>& buckets = this->level(level);
        if (bucket >= buckets.size())
            return m_laneEnd;
        if (buckets[bucket].firstStartOffset == kFarOffset)
            return std::nullopt;
        return bucketStart(level, bucket) + buckets[bucket].firstStartOffset;
    }
    TimeNs bucketStart(int level, std::size_t bucket) const noexcept
    {
        return m_origin + (static_cast<TimeNs>(bucket) << level);
    }
    std::size_t bucketOf(int level, TimeNs t) const noexcept
    {
        return t <= m_origin ? 0 : static_cast<std::size_t>((t - m_origin) >> level);
    }
    // Bytes held by the buckets.
    std::size_t memoryBytes() const noexcept;

    // Lanes with fewer spans are drawn from their spans at every zoom.
    static constexpr std::size_t kMinSpans = 256;

private:
    std::vector<std::vector<LodBucket>> m_levels; // finest first
    TimeNs m_origin = 0;
    TimeNs m_laneEnd = 0;
    std::size_t m_spanCount = 0;
    int m_finestLevel = 0;
};

// Summaries of every lane of one trace snapshot, and the snapshot's parallelism profile (what
// the parallelism strip draws). Building reads each span once (tens of milliseconds for a
// million spans), so the widget builds it in a background job; it is immutable afterwards and
// safe to share between threads.
class LodTable {
public:
    LodTable() = default;
    explicit LodTable(const Trace& trace);

    // The lane's summary if it was built for the lane as it is in trace; nullptr otherwise
    // (unknown lane, a lane that grew since, or one too small to summarise).
    const LaneLod* lane(const Trace& trace, LaneId lane) const;
    std::size_t laneCount() const noexcept { return m_lanes.size(); }
    // Never null for a table built from a trace; check matches() against the trace drawn.
    const std::shared_ptr<const ParallelismProfile>& parallelism() const noexcept { return m_parallelism; }
    std::size_t memoryBytes() const noexcept;

    // Traces with fewer spans in all are drawn fast enough without a table.
    static constexpr std::size_t kWorthBuildingSpans = 50'000;

private:
    std::shared_ptr<const ParallelismProfile> m_parallelism;
    std::vector<LaneLod> m_lanes;
};

} // namespace interleave
