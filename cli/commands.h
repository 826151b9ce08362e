#pragma once

#include <functional>
#include <iosfwd>
#include <string>

namespace CLI {
class App;
}

namespace interleave::cli {

struct CommandIo {
    std::ostream& out;
    std::ostream& err;
    // Set by a command that hands a trace file to the window (open, with a display): the
    // caller then opens the window showing it.
    std::string windowFile = {};
};

struct Command {
    CLI::App* subcommand = nullptr;
    // Runs once the whole command line has parsed, if the subcommand was chosen; returns the
    // exit status. Options are bound to state this function captures.
    std::function<int(CommandIo&)> run;
};

// Adds one subcommand and its options to the parser.
using CommandRegistrar = Command (*)(CLI::App& parser);

// The commands that draw (a PNG, an SVG, a widget) need Qt, which this library never links:
// the program's Qt side hands them in (app/drawcommands/drawingcommands.h). One left out
// (null) is not offered at all, as in the tests of the Qt-free commands.
struct DrawingCommands {
    CommandRegistrar screenshot = nullptr;  // interleave screenshot
    CommandRegistrar animate = nullptr;     // interleave animate
    CommandRegistrar tour = nullptr;        // interleave tour
    CommandRegistrar benchRender = nullptr; // interleave bench render: adds itself to `bench`
    CommandRegistrar benchLanes = nullptr;  // interleave bench lanes: adds itself to `bench`
    CommandRegistrar benchWindow = nullptr; // interleave bench window: adds itself to `bench`
};

// Every other command, one function each, in its own file (democommand.cpp, ...). A new
// command is declared here and listed in commandline.cpp.
Command addRunCommand(CLI::App& parser);
Command addCompareCommand(CLI::App& parser);
Command addDemoCommand(CLI::App& parser);
Command addBenchCommand(CLI::App& parser, const DrawingCommands& drawing);
Command addOpenCommand(CLI::App& parser);
Command addDeadlockCommand(CLI::App& parser);
Command addSweepCommand(CLI::App& parser);
Command addRaceCommand(CLI::App& parser);
Command addTraceCommand(CLI::App& parser);

} // namespace interleave::cli
