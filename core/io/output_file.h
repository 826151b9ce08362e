#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace interleave {

// One way to write every file the program produces (traces, CSV, images, scenarios, caches),
// chosen by what is at the path:
//   - nothing, or a regular file: written whole to a temporary file with a unique name in the
//     same folder, flushed to disk, then renamed over the path. Until the rename the old file
//     is untouched, and on any failure the temporary is removed. Two writers of one path both
//     succeed; the last rename wins and each leaves a whole file.
//   - a symlink: followed (chains too, and a dangling link's target is created); its target is
//     written as above and the link stays a link.
//   - anything else (a character device such as /dev/null, a FIFO, /dev/stdout or a terminal):
//     opened and written in place, streaming. Never renamed over: a device stays a device.
//   - "-": standard output, in place.
// A folder at the path is refused.

// Thrown by OutputFile. The message names the path and says what went wrong in words, e.g.
//   cannot write /mnt/full/run.json: no space left on the device
class OutputFileError : public std::runtime_error {
public:
    OutputFileError(const std::string& message, int error)
        : std::runtime_error(message)
        , m_error(error)
    {
    }
    // The errno behind it; 0 when none.
    int error() const noexcept { return m_error; }

private:
    int m_error;
};

// The words for an errno that a user meets when writing a file: "no space left on the
// device", "permission denied", "the folder does not exist", ... strerror's text otherwise.
std::string outputErrorText(int error);

// Why `path` cannot be written, found before minutes of work make something to write: the
// folder missing or not writable, the path a folder, a read-only file system. nullopt when it
// can be written (as far as can be known in advance), and for "-". An empty path is a problem.
std::optional<std::string> outputPathProblem(const std::string& path);

class OutputFile {
public:
    // Opens the output (see above); throws OutputFileError. Opening a FIFO waits for a reader.
    explicit OutputFile(std::string path);
    // Without commit(): the temporary file is removed and the target left as it was. Output
    // written in place (a device, a pipe) cannot be taken back.
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    // Writes all of `data`, retrying short writes and EINTR; throws OutputFileError.
    void write(std::string_view data);
    // Makes the output final: flushed to disk and renamed over the target, or for output in
    // place, just finished. Throws OutputFileError; the target is then left as it was.
    void commit();

    const std::string& path() const noexcept { return m_path; }
    // True when written in place (a device, a FIFO, standard output), false when by rename.
    bool inPlace() const noexcept { return m_temporary.empty(); }
    // The temporary file being written, empty when in place.
    const std::string& temporaryPath() const noexcept { return m_temporary; }

private:
    [[noreturn]] void fail(int error) const;
    void discard() noexcept;

    std::string m_path; // as given, for messages
    std::string m_target; // the file the rename replaces (the symlinks resolved)
    std::string m_temporary; // empty when written in place
    int m_fd = -1;
    bool m_ownsFd = true; // false for standard output
    bool m_committed = false;
};

// Writes `contents` to `path` through an OutputFile and commits; throws OutputFileError.
void writeOutputFile(const std::string& path, std::string_view contents);

// Two output options given "-" would interleave on standard output: the message that refuses
// it, or nullopt. `a` and `b` are the options' values; `aName`, `bName` their names.
std::optional<std::string> sharedStdoutProblem(
    std::string_view aName, const std::string& a, std::string_view bName, const std::string& b);

} // namespace interleave
