#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace interleave::pytrace {

// One of the example programs shipped beside the bootstrap (share/interleave/python/examples).
struct PythonExample {
    std::string fileName; // "threads_io.py"
    std::string title;    // "The same eight downloads on eight threads"
    std::string path;     // where it is, to open and run

    friend bool operator==(const PythonExample&, const PythonExample&) = default;
};

// The examples the README of the folder lists, in its order: each line "- `file.py`: title".
std::vector<PythonExample> parseExampleList(std::string_view readme);

// The examples of a folder (its README.md's list; a file listed but missing is left out).
// Empty when the folder or its README cannot be read.
std::vector<PythonExample> listPythonExamples(const std::string& examplesDir);

// The examples folder of a bootstrap directory (findBootstrapDir): bootstrapDir/examples.
std::string examplesDirOf(const std::string& bootstrapDir);

// The path of one example by its file name, or empty when the folder does not hold it.
std::string examplePath(const std::string& examplesDir, const std::string& fileName);

} // namespace interleave::pytrace
