#include "timeline/lodtable.h"

#include <algorithm>
#include <array>
#include <limits>

namespace interleave {
namespace {

using Weights = std::array<float, kStateCount>;

LodBucket summarise(std::uint32_t firstSpan, TimeNs firstStartOffset, const Weights& weights)
{
    LodBucket bucket;
    bucket.firstSpan = firstSpan;
    bucket.firstStartOffset = firstStartOffset >= 0 && firstStartOffset < kFarOffset
        ? static_cast<std::uint32_t>(firstStartOffset)
        : kFarOffset;
    // Ties go to the earlier state in the enum, as in the draw list: deterministic.
    const auto best = std::max_element(weights.begin(), weights.end());
    float total = 0;
    for (float w : weights)
        total += w;
    if (*best <= 0 || total <= 0) {
        bucket.dominant = kNoDominantState;
        return bucket;
    }
    bucket.dominant = static_cast<std::uint8_t>(best - weights.begin());
    const float share = weights[static_cast<std::size_t>(State::Running)] / total;
    bucket.running = static_cast<std::uint8_t>(std::clamp(share, 0.0F, 1.0F) * 255.0F + 0.5F);
    return bucket;
}

} // namespace

LaneLod::LaneLod(const Trace& trace, LaneId lane)
{
    const std::size_t count = trace.spanCount(lane);
    m_spanCount = count;
    m_laneEnd = trace.laneEnd(lane);
    if (count == 0)
        return;
    m_origin = trace.span(lane, 0).start;
    if (count < kMinSpans || count >= std::numeric_limits<std::uint32_t>::max())
        return;

    // The finest level with at most one bucket per two spans: finer than that, a pixel holds a
    // couple of spans at most and drawing them one by one is cheap.
    const TimeNs duration = std::max<TimeNs>(m_laneEnd - m_origin, 0);
    int finest = 0;
    while (finest < 62 && static_cast<std::size_t>(duration >> finest) + 1 > count / 2)
        ++finest;
    m_finestLevel = finest;
    const std::size_t buckets = static_cast<std::size_t>(duration >> finest) + 1;

    // Time per state in each finest bucket, and where each bucket's spans begin.
    std::vector<Weights> weights(buckets, Weights {});
    std::vector<std::uint32_t> first(buckets, static_cast<std::uint32_t>(count));
    std::vector<TimeNs> firstStart(buckets, m_laneEnd);
    std::size_t nextBucket = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const Span s = trace.span(lane, i);
        const std::size_t startBucket = static_cast<std::size_t>((s.start - m_origin) >> finest);
        while (nextBucket <= startBucket && nextBucket < buckets) {
            firstStart[nextBucket] = s.start;
            first[nextBucket++] = static_cast<std::uint32_t>(i);
        }
        // A span's whole duration counts in the bucket it starts in, like the span itself: a
        // bucket's mix is then the mix of its spans, not of whatever crosses its edges (the
        // tail of a long span that started earlier must not colour the short ones after it).
        if (startBucket < buckets) {
            const TimeNs duration = std::max<TimeNs>(std::min(s.end, m_laneEnd) - s.start, 0);
            weights[startBucket][static_cast<std::size_t>(s.state)] += static_cast<float>(duration);
        }
    }

    // Each coarser level sums pairs of the level below, up to a single bucket.
    for (int levelIndex = finest;; ++levelIndex) {
        std::vector<LodBucket> level(weights.size());
        for (std::size_t b = 0; b < weights.size(); ++b) {
            const TimeNs bucketStart = m_origin + (static_cast<TimeNs>(b) << levelIndex);
            level[b] = summarise(first[b], firstStart[b] - bucketStart, weights[b]);
        }
        m_levels.push_back(std::move(level));
        if (weights.size() == 1)
            break;
        const std::size_t coarser = (weights.size() + 1) / 2;
        for (std::size_t b = 0; b < coarser; ++b) {
            Weights sum = weights[2 * b];
            if (2 * b + 1 < weights.size()) {
                for (std::size_t k = 0; k < kStateCount; ++k)
                    sum[k] += weights[2 * b + 1][k];
            }
            weights[b] = sum;
            first[b] = first[2 * b];
            firstStart[b] = firstStart[2 * b];
        }
        weights.resize(coarser);
        first.resize(coarser);
        firstStart.resize(coarser);
    }
}

bool LaneLod::matches(const Trace& trace, LaneId lane) const
{
    if (lane < 0 || static_cast<std::size_t>(lane) >= trace.laneCount())
        return false;
    const std::size_t count = trace.spanCount(lane);
    return count == m_spanCount && trace.laneEnd(lane) == m_laneEnd
        && (count == 0 || trace.span(lane, 0).start == m_origin);
}

std::size_t LaneLod::memoryBytes() const noexcept
{
    std::size_t bytes = 0;
    for (const auto& level : m_levels)
        bytes += level.capacity() * sizeof(LodBucket);
    return bytes;
}

LodTable::LodTable(const Trace& trace)
    : m_parallelism(std::make_shared<const ParallelismProfile>(trace))
{
    m_lanes.reserve(trace.laneCount());
    for (std::size_t lane = 0; lane < trace.laneCount(); ++lane)
        m_lanes.emplace_back(trace, static_cast<LaneId>(lane));
}

const LaneLod* LodTable::lane(const Trace& trace, LaneId lane) const
{
    if (lane < 0 || static_cast<std::size_t>(lane) >= m_lanes.size())
        return nullptr;
    const LaneLod& lod = m_lanes[static_cast<std::size_t>(lane)];
    if (lod.empty() || !lod.matches(trace, lane))
        return nullptr;
    return &lod;
}

std::size_t LodTable::memoryBytes() const noexcept
{
    std::size_t bytes = 0;
    for (const LaneLod& lane : m_lanes)
        bytes += lane.memoryBytes();
    if (m_parallelism)
        bytes += m_parallelism->memoryBytes();
    return bytes;
}

} // namespace interleave
