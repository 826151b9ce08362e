#include "cli/csvoutput.h"

#include "analysis/csv.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <unistd.h>

namespace interleave::cli {

std::optional<std::string> csvPathProblem(const std::string& path)
{
    if (path == "-")
        return std::nullopt;
    if (path.empty())
        return std::string("--csv needs a file name");
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return "cannot write " + path + ": it is a folder";
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    const std::string folder = parent.empty() ? std::string(".") : parent.string();
    if (::access(folder.c_str(), W_OK) != 0)
        return "cannot write " + path + ": " + std::strerror(errno);
    return std::nullopt;
}

bool writeRunsCsv(
    const std::string& path, std::span<const MeasuredRun> runs, std::ostream& out, std::string& error)
{
    const std::string text = measuredRunsCsv(runs);
    if (path == "-") {
        out << text << std::flush;
        return true;
    }
    const std::string temporary = path + ".part-" + std::to_string(::getpid());
    {
        std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
        if (!file) {
            error = "cannot write " + path + ": " + std::strerror(errno);
            return false;
        }
        file << text;
        file.flush();
        if (!file) {
            error = "cannot write " + path + ": " + std::strerror(errno);
            file.close();
            std::remove(temporary.c_str());
            return false;
        }
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        error = "cannot write " + path + ": " + std::strerror(errno);
        std::remove(temporary.c_str());
        return false;
    }
    return true;
}

} // namespace interleave::cli
