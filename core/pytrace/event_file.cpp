#include "pytrace/event_file.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace interleave::pytrace {
namespace {

// The writer is another process: loads of the fields it publishes last must not be torn or
// hoisted, and must order the loads of what they publish.
template <typename T>
T loadAcquire(const unsigned char* at) noexcept
{
    return __atomic_load_n(reinterpret_cast<const T*>(at), __ATOMIC_ACQUIRE);
}

} // namespace

EventFile::~EventFile()
{
    if (m_base != nullptr)
        ::munmap(const_cast<unsigned char*>(m_base), m_size);
}

std::uint32_t EventFile::u32(std::size_t offset) const noexcept
{
    return loadAcquire<std::uint32_t>(m_base + offset);
}

std::unique_ptr<EventFile> EventFile::open(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return nullptr;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || static_cast<std::size_t>(st.st_size) < kFileSize) {
        ::close(fd);
        return nullptr;
    }
    void* map = ::mmap(nullptr, kFileSize, PROT_READ, MAP_SHARED, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED)
        return nullptr;

    std::unique_ptr<EventFile> file(new EventFile);
    file->m_path = path;
    file->m_base = static_cast<const unsigned char*>(map);
    file->m_size = kFileSize;
    const unsigned char* b = file->m_base;
    if (file->u32(header::kReady) != 1 || std::memcmp(b + header::kMagicAt, kMagic, sizeof kMagic) != 0
        || file->u32(header::kVersion) != kFormatVersion || file->u32(header::kRecordSize) != sizeof(EventRecord)
        || file->u32(header::kChunkSizeAt) != kChunkSize || file->u32(header::kChunkCountAt) != kChunkCount
        || file->u32(header::kChunksOffsetAt) != kChunksOffset || file->u32(header::kStringsOffsetAt) != kStringsOffset
        || file->u32(header::kStringsCapacityAt) != kStringsCapacity)
        return nullptr;

    ProcessHeader& h = file->m_header;
    std::memcpy(&h.pid, b + header::kPid, 4);
    std::memcpy(&h.ppid, b + header::kPpid, 4);
    h.hexVersion = file->u32(header::kHexVersion);
    std::memcpy(&h.startTime, b + header::kStartTime, 8);
    h.gilStatus = static_cast<GilStatus>(file->u32(header::kGilStatus));
    h.gilNote = file->string(file->u32(header::kGilNote));
    std::memcpy(&h.runtimeAddress, b + header::kRuntimeAddress, 8);
    h.gilOffset = file->u32(header::kGilOffset);
    h.gilSize = file->u32(header::kGilSize);
    h.gilLocked = file->u32(header::kGilLocked);
    h.gilLastHolder = file->u32(header::kGilLastHolder);
    h.gilSwitchNumber = file->u32(header::kGilSwitchNumber);
    h.tstateCurrent = file->u32(header::kTstateCurrent);
    h.tstateNativeId = file->u32(header::kTstateNativeId);
    // Offsets that would read outside the runtime's GIL block are not used.
    if (h.gilStatus == GilStatus::Verified
        && (h.runtimeAddress == 0 || h.gilSize == 0 || h.gilLocked < h.gilOffset || h.gilLastHolder < h.gilOffset
            || h.gilSwitchNumber < h.gilOffset || h.tstateCurrent < h.gilOffset
            || h.tstateCurrent - h.gilOffset > 4096))
        h.gilStatus = GilStatus::CheckFailed;
    file->m_chunkRead.assign(kChunkCount, 0);
    return file;
}

std::size_t EventFile::readNew(std::vector<EventRecord>& out)
{
    const std::uint32_t used = std::min<std::uint32_t>(u32(header::kChunksUsed), kChunkCount);
    std::size_t added = 0;
    for (std::uint32_t c = 0; c < used; ++c) {
        std::uint32_t& next = m_chunkRead[c];
        const unsigned char* chunk = m_base + kChunksOffset + std::size_t{c} * kChunkSize;
        while (next < kRecordsPerChunk) {
            const unsigned char* at = chunk + std::size_t{next} * sizeof(EventRecord);
            const auto kind = loadAcquire<std::uint16_t>(at + offsetof(EventRecord, kind));
            if (kind == 0)
                break;
            EventRecord r;
            std::memcpy(&r, at, sizeof r);
            r.kind = kind;
            out.push_back(r);
            ++next;
            ++added;
        }
    }
    return added;
}

std::string EventFile::string(std::int64_t offset) const
{
    if (offset <= 0)
        return {};
    const std::uint32_t used = std::min<std::uint32_t>(u32(header::kStringsUsed), kStringsCapacity);
    const auto off = static_cast<std::uint64_t>(offset);
    if (off + 4 > used)
        return {};
    std::uint32_t length = 0;
    std::memcpy(&length, m_base + kStringsOffset + off, 4);
    if (off + 4 + length > used)
        return {};
    return std::string(reinterpret_cast<const char*>(m_base + kStringsOffset + off + 4), length);
}

std::uint32_t EventFile::dropped() const noexcept { return u32(header::kDropped); }

} // namespace interleave::pytrace
