#pragma once

#include "cli/commands.h"

namespace interleave::cli {

// The commands that draw, each in its own file beside this one. They need Qt (a QImage, a
// widget, an offscreen application), which the command line itself (cli/) never links: the
// program hands them to runCommandLine() through drawingCommands().
Command addScreenshotCommand(CLI::App& parser);
Command addAnimateCommand(CLI::App& parser);
Command addTourCommand(CLI::App& parser);
Command addRenderBench(CLI::App& bench);
Command addLanesBench(CLI::App& bench);
Command addWindowBench(CLI::App& bench);

// All of them, for runCommandLine().
DrawingCommands drawingCommands();

} // namespace interleave::cli
