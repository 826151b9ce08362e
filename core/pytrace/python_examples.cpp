#include "pytrace/python_examples.h"

#include <fstream>
#include <sstream>
#include <unistd.h>

namespace interleave::pytrace {

std::vector<PythonExample> parseExampleList(std::string_view readme)
{
    std::vector<PythonExample> out;
    while (!readme.empty()) {
        const std::size_t end = readme.find('\n');
        std::string_view line = readme.substr(0, end);
        readme.remove_prefix(end == std::string_view::npos ? readme.size() : end + 1);
        constexpr std::string_view kStart = "- `";
        if (!line.starts_with(kStart))
            continue;
        line.remove_prefix(kStart.size());
        const std::size_t close = line.find("`: ");
        if (close == std::string_view::npos || !line.substr(0, close).ends_with(".py"))
            continue;
        PythonExample example;
        example.fileName = std::string(line.substr(0, close));
        example.title = std::string(line.substr(close + 3));
        while (!example.title.empty() && (example.title.back() == ' ' || example.title.back() == '\r'))
            example.title.pop_back();
        out.push_back(std::move(example));
    }
    return out;
}

std::vector<PythonExample> listPythonExamples(const std::string& examplesDir)
{
    std::ifstream in(examplesDir + "/README.md");
    if (!in)
        return {};
    std::ostringstream text;
    text << in.rdbuf();
    std::vector<PythonExample> out;
    for (PythonExample& example : parseExampleList(text.str())) {
        example.path = examplesDir + "/" + example.fileName;
        if (::access(example.path.c_str(), R_OK) == 0)
            out.push_back(std::move(example));
    }
    return out;
}

std::string examplesDirOf(const std::string& bootstrapDir)
{
    return bootstrapDir.empty() ? std::string() : bootstrapDir + "/examples";
}

std::string examplePath(const std::string& examplesDir, const std::string& fileName)
{
    if (examplesDir.empty() || fileName.empty() || fileName.find('/') != std::string::npos)
        return {};
    const std::string path = examplesDir + "/" + fileName;
    return ::access(path.c_str(), R_OK) == 0 ? path : std::string();
}

} // namespace interleave::pytrace
