#include "pytrace/python_error.h"

#include <charconv>
#include <vector>

namespace interleave::pytrace {
namespace {

constexpr std::string_view kHeader = "Traceback (most recent call last):";

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        lines.push_back(line);
        if (end == std::string_view::npos)
            break;
        text.remove_prefix(end + 1);
    }
    return lines;
}

struct Frame {
    std::string_view file;
    int line = 0;
};

// `  File "/path/x.py", line 12, in main` (", in ..." is missing for a syntax error).
std::optional<Frame> parseFrame(std::string_view line)
{
    constexpr std::string_view kOpen = "  File \"";
    if (!line.starts_with(kOpen))
        return std::nullopt;
    line.remove_prefix(kOpen.size());
    const std::size_t close = line.rfind("\", line ");
    if (close == std::string_view::npos)
        return std::nullopt;
    Frame frame;
    frame.file = line.substr(0, close);
    const std::string_view number = line.substr(close + 8);
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), frame.line);
    if (ec != std::errc() || frame.line <= 0)
        return std::nullopt;
    return frame;
}

std::string_view fileName(std::string_view path)
{
    const std::size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool isScript(std::string_view file, std::string_view script)
{
    return file == script || (!script.empty() && fileName(file) == fileName(script));
}

bool isExceptionLine(std::string_view line)
{
    // "Name: message" or a bare "Name", at the start of the line, the name an identifier
    // (dotted for a module's own exceptions).
    if (line.empty() || line.front() == ' ' || line.starts_with(kHeader))
        return false;
    const std::string_view name = line.substr(0, line.find(':'));
    if (name.empty())
        return false;
    for (char c : name) {
        const bool word = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'
            || c == '.';
        if (!word)
            return false;
    }
    return true;
}

bool isSyntaxError(std::string_view message)
{
    for (std::string_view kind : {"SyntaxError", "IndentationError", "TabError"}) {
        if (message.starts_with(kind) && (message.size() == kind.size() || message[kind.size()] == ':'))
            return true;
    }
    return false;
}

} // namespace

std::optional<PythonError> findPythonError(std::string_view stderrText, std::string_view scriptPath)
{
    const std::vector<std::string_view> lines = splitLines(stderrText);

    // Where the report starts: the last traceback header, or, for a script that does not
    // compile, the last frame line followed (after the code and its caret) by a SyntaxError.
    std::size_t start = lines.size();
    for (std::size_t i = lines.size(); i-- > 0;) {
        if (lines[i] == kHeader) {
            start = i;
            break;
        }
    }
    if (start == lines.size()) {
        for (std::size_t i = lines.size(); i-- > 0;) {
            if (isExceptionLine(lines[i]) && isSyntaxError(lines[i])) {
                for (std::size_t j = i; j-- > 0;) {
                    if (parseFrame(lines[j])) {
                        start = j;
                        break;
                    }
                    if (!lines[j].starts_with(" "))
                        break;
                }
                break;
            }
        }
        if (start == lines.size())
            return std::nullopt;
    }

    PythonError error;
    if (start > 0) {
        const std::string_view before = lines[start - 1];
        constexpr std::string_view kThread = "Exception in thread ";
        constexpr std::string_view kProcess = "Process ";
        if (before.starts_with(kThread) && before.ends_with(":")) {
            // The thread's name as its lane shows it ("Thread-1 (work)" in 3.10+ included).
            error.thread = std::string(before.substr(kThread.size(), before.size() - kThread.size() - 1));
        } else if (before.starts_with(kProcess) && before.ends_with(":")) {
            error.process = std::string(before.substr(kProcess.size(), before.size() - kProcess.size() - 1));
        }
    }
    for (std::size_t i = start; i < lines.size(); ++i) {
        if (const auto frame = parseFrame(lines[i])) {
            if (isScript(frame->file, scriptPath))
                error.scriptLine = frame->line;
            continue;
        }
        if (i > start && isExceptionLine(lines[i])) {
            error.message = std::string(lines[i]);
            break;
        }
    }
    if (error.message.empty())
        return std::nullopt; // a traceback still being written
    error.syntax = isSyntaxError(error.message);
    return error;
}

} // namespace interleave::pytrace
