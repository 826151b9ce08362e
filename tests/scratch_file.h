#pragma once

// Files a test writes for a moment (a script to run, an output to read back).

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <unistd.h>

namespace interleave::testing_scratch {

// A folder of this test process's own under the temporary folder, removed when the process
// ends: two processes (the shards of one test program, two test runs) never write each
// other's files.
class ScratchDir {
public:
    ScratchDir()
        : m_owner(::getpid()),
          m_path(std::filesystem::path(::testing::TempDir()) / ("interleave-test-" + std::to_string(m_owner)))
    {
        std::filesystem::create_directories(m_path);
    }
    ~ScratchDir()
    {
        std::error_code ignored;
        if (::getpid() == m_owner) // not in a forked child that exits
            std::filesystem::remove_all(m_path, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::filesystem::path& path() const noexcept { return m_path; }

private:
    pid_t m_owner;
    std::filesystem::path m_path;
};

// NAME in this process's scratch folder.
inline std::string scratchPath(const std::string& name)
{
    static const ScratchDir dir;
    return (dir.path() / name).string();
}

} // namespace interleave::testing_scratch
