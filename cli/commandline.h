#pragma once

#include <iosfwd>
#include <string>

namespace interleave::cli {

// Exit statuses of the command line, as shells expect them.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2; // an unknown command or option, a bad value

struct CommandLineResult {
    int status = kExitOk;
    bool launchGui = false; // no command was given: the caller opens the window
    std::string openPath;   // with launchGui: a trace file the window shows (interleave open)
};

struct DrawingCommands;

// Parses the arguments and runs the chosen command, writing to out and err. Touches no Qt, so
// --help, --version and every command work without a display; only when no command is given
// does the caller go on to create the application. The commands that draw come from `drawing`
// (cli/commands.h): the program passes them all, a test of the Qt-free commands none.
CommandLineResult runCommandLine(
    int argc, const char* const* argv, std::ostream& out, std::ostream& err, const DrawingCommands& drawing);

} // namespace interleave::cli
