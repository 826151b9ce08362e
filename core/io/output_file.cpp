#include "io/output_file.h"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace interleave {
namespace {

// Linux follows at most 40 links in a path; a longer chain is a loop in practice.
constexpr int kMaxLinkHops = 40;

std::string parentOf(const std::string& path)
{
    const std::size_t slash = path.find_last_of('/');
    if (slash == std::string::npos)
        return ".";
    if (slash == 0)
        return "/";
    return path.substr(0, slash);
}

std::string nameOf(const std::string& path)
{
    const std::size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// "/dev/stdout" and friends name a descriptor this process already has; writing through that
// descriptor keeps what the shell set up (a pipe, or a file opened for appending), where
// reopening the path would truncate or lose the position.
std::optional<int> descriptorPath(const std::string& path)
{
    if (path == "/dev/stdout")
        return 1;
    if (path == "/dev/stderr")
        return 2;
    for (const std::string_view prefix : {std::string_view("/dev/fd/"), std::string_view("/proc/self/fd/")}) {
        if (path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0) {
            int fd = -1;
            const char* begin = path.data() + prefix.size();
            const char* end = path.data() + path.size();
            const auto [ptr, ec] = std::from_chars(begin, end, fd);
            if (ec == std::errc() && ptr == end && fd >= 0)
                return fd;
        }
    }
    return std::nullopt;
}

struct Resolved {
    std::string target; // the symlinks followed
    std::optional<int> fd; // an existing descriptor to write through
    bool exists = false;
    struct stat info { };
    int error = 0; // lstat's errno other than ENOENT, or ELOOP
};

Resolved resolve(const std::string& path)
{
    Resolved r;
    r.target = path;
    for (int hop = 0; hop <= kMaxLinkHops; ++hop) {
        if (const auto fd = descriptorPath(r.target)) {
            r.fd = fd;
            return r;
        }
        struct stat link { };
        if (::lstat(r.target.c_str(), &link) != 0) {
            if (errno != ENOENT)
                r.error = errno;
            return r;
        }
        if (!S_ISLNK(link.st_mode)) {
            r.exists = true;
            r.info = link;
            return r;
        }
        std::vector<char> buffer(static_cast<std::size_t>(link.st_size > 0 ? link.st_size : 255) + 1);
        const ssize_t n = ::readlink(r.target.c_str(), buffer.data(), buffer.size());
        if (n < 0) {
            r.error = errno;
            return r;
        }
        std::string next(buffer.data(), static_cast<std::size_t>(n));
        if (next.empty() || next.front() != '/')
            next = parentOf(r.target) + "/" + next;
        r.target = std::move(next);
    }
    r.error = ELOOP;
    return r;
}

// The permissions a new file gets from open(..., 0666): the umask applied. Read from
// /proc/self/status, because umask() can only be read by changing it, racing other threads.
mode_t newFileMode()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("Umask:", 0) == 0)
            return static_cast<mode_t>(0666 & ~std::strtoul(line.c_str() + 6, nullptr, 8));
    }
    return 0644;
}

} // namespace

std::string outputErrorText(int error)
{
    switch (error) {
    case ENOSPC:
        return "no space left on the device";
    case EDQUOT:
        return "the disk quota is used up";
    case EACCES:
    case EPERM:
        return "permission denied";
    case ENOENT:
        return "the folder does not exist";
    case EISDIR:
        return "it is a folder";
    case EROFS:
        return "the file system is read-only";
    case ENOTDIR:
        return "a part of the path is not a folder";
    case EFBIG:
        return "the file is too large for the file system";
    case EIO:
        return "an input/output error on the device";
    case EPIPE:
        return "the reader closed the pipe";
    case ENAMETOOLONG:
        return "the name is too long";
    case ELOOP:
        return "the symbolic links go round in a loop";
    case ETXTBSY:
        return "the file is a running program";
    default:
        return std::strerror(error);
    }
}

std::optional<std::string> outputPathProblem(const std::string& path)
{
    if (path == "-")
        return std::nullopt;
    if (path.empty())
        return std::string("no file name given");
    const auto problem = [&path](const std::string& why) { return "cannot write " + path + ": " + why; };
    const Resolved r = resolve(path);
    if (r.fd)
        return ::fcntl(*r.fd, F_GETFL) == -1 ? std::optional(problem("that descriptor is not open"))
                                             : std::nullopt;
    if (r.error != 0)
        return problem(outputErrorText(r.error));
    if (r.exists && S_ISDIR(r.info.st_mode))
        return problem(outputErrorText(EISDIR));
    if (r.exists && !S_ISREG(r.info.st_mode)) {
        if (::access(r.target.c_str(), W_OK) != 0)
            return problem(outputErrorText(errno));
        return std::nullopt;
    }
    const std::string folder = parentOf(r.target);
    struct stat info { };
    if (::stat(folder.c_str(), &info) != 0)
        return problem(errno == ENOENT ? "the folder " + folder + " does not exist" : outputErrorText(errno));
    if (!S_ISDIR(info.st_mode))
        return problem(folder + " is not a folder");
    // The file is replaced by a new one made in its folder, so the folder must be writable.
    if (::access(folder.c_str(), W_OK) != 0)
        return problem(
            errno == EROFS ? outputErrorText(EROFS) : outputErrorText(errno) + " in the folder " + folder);
    return std::nullopt;
}

OutputFile::OutputFile(std::string path)
    : m_path(std::move(path))
{
    if (m_path.empty())
        throw OutputFileError("cannot write: no file name given", ENOENT);
    if (m_path == "-") {
        m_fd = STDOUT_FILENO;
        m_ownsFd = false;
        return;
    }
    const Resolved r = resolve(m_path);
    if (r.fd) {
        m_fd = *r.fd;
        m_ownsFd = false;
        return;
    }
    if (r.error != 0)
        fail(r.error);
    m_target = r.target;
    if (r.exists && S_ISDIR(r.info.st_mode))
        fail(EISDIR);
    if (r.exists && !S_ISREG(r.info.st_mode)) {
        // A device or a FIFO: written where it is. O_NOCTTY: a terminal must not become ours.
        do {
            m_fd = ::open(m_target.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
        } while (m_fd < 0 && errno == EINTR);
        if (m_fd < 0)
            fail(errno);
        return;
    }
    std::string pattern = parentOf(m_target) + "/." + nameOf(m_target) + ".XXXXXX";
    m_fd = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (m_fd < 0)
        fail(errno);
    m_temporary = std::move(pattern);
    // mkostemp makes the file 0600; the result should have the permissions the old file had,
    // or those a new file gets.
    const mode_t mode = r.exists ? (r.info.st_mode & 07777) : newFileMode();
    if (::fchmod(m_fd, mode) != 0) {
        const int error = errno;
        discard();
        fail(error);
    }
}

OutputFile::~OutputFile()
{
    if (!m_committed)
        discard();
}

void OutputFile::discard() noexcept
{
    if (m_fd >= 0 && m_ownsFd)
        ::close(m_fd);
    m_fd = -1;
    if (!m_temporary.empty())
        ::unlink(m_temporary.c_str());
}

void OutputFile::fail(int error) const
{
    throw OutputFileError("cannot write " + m_path + ": " + outputErrorText(error), error);
}

void OutputFile::write(std::string_view data)
{
    while (!data.empty()) {
        const ssize_t n = ::write(m_fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fail(errno);
        }
        if (n == 0)
            fail(ENOSPC); // write(2) returns 0 only when nothing more fits
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

void OutputFile::commit()
{
    if (m_committed)
        return;
    if (inPlace()) {
        if (m_ownsFd && ::close(m_fd) != 0 && errno != EINTR) {
            m_fd = -1;
            fail(errno);
        }
        m_fd = -1;
        m_committed = true;
        return;
    }
    // The data must be on disk before the rename makes it the file, or a crash could leave an
    // empty file under the final name.
    if (::fsync(m_fd) != 0)
        fail(errno);
    const int fd = std::exchange(m_fd, -1);
    if (::close(fd) != 0 && errno != EINTR)
        fail(errno);
    if (::rename(m_temporary.c_str(), m_target.c_str()) != 0)
        fail(errno);
    m_committed = true;
}

void writeOutputFile(const std::string& path, std::string_view contents)
{
    OutputFile file(path);
    file.write(contents);
    file.commit();
}

std::optional<std::string> sharedStdoutProblem(
    std::string_view aName, const std::string& a, std::string_view bName, const std::string& b)
{
    if (a != "-" || b != "-")
        return std::nullopt;
    return std::string(aName) + " and " + std::string(bName)
        + " both write to standard output ('-'); give one of them a file name";
}

} // namespace interleave
