#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace interleave::pytrace {

// The last error a Python program reported on stderr, as a learner needs it: what it was and
// which line of their script it points at.
struct PythonError {
    // The exception's line: "ZeroDivisionError: division by zero".
    std::string message;
    // Whose traceback it was, from the line CPython prints before it: the thread of
    // "Exception in thread worker-1:" or the process of "Process Child-1:"; empty for the
    // main thread.
    std::string thread;
    std::string process;
    // The script could not be compiled (SyntaxError, IndentationError, TabError): Python ran
    // none of it.
    bool syntax = false;
    // The innermost frame in the script itself (a library's own frames are skipped), as
    // "File ..., line N" said it; 0 when no frame is in the script.
    int scriptLine = 0;
};

// The last traceback in a program's stderr (a chained exception's last part), or the bare
// "File ..., line N" + "SyntaxError: ..." that Python prints when the script itself does not
// compile. A frame is the script's when its path is scriptPath, or ends in its file name.
// Nullopt when the text holds neither.
std::optional<PythonError> findPythonError(std::string_view stderrText, std::string_view scriptPath);

} // namespace interleave::pytrace
