#include "trace/lane_store.h"

#include <new>
#include <stdexcept>

namespace interleave {

LaneStore::~LaneStore()
{
    for (auto& chunk : m_chunks)
        ::operator delete(chunk.load(std::memory_order_relaxed));
}

void LaneStore::openNextChunk()
{
    if (m_nextChunk == kMaxChunks)
        throw std::length_error("lane store is full");
    // Raw storage: a slot is written once, by append(), so constructing it first would touch
    // every byte twice. StateChange is trivially copyable, so assignment into it is fine.
    auto* chunk = static_cast<StateChange*>(::operator new(chunkCapacity(m_nextChunk) * sizeof(StateChange)));
    // Published before any record in it: the count's release store orders this one too.
    m_chunks[m_nextChunk].store(chunk, std::memory_order_release);
    m_cursor = chunk;
    m_chunkEnd = chunk + chunkCapacity(m_nextChunk);
    ++m_nextChunk;
}

} // namespace interleave
