#include "cli/commandline.h"

#include "cli/commands.h"
#include "interleave/version.h"

#include <CLI/CLI.hpp>

#include <array>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace interleave::cli {
namespace {

// In the order --help lists them.
constexpr auto kCommands = std::to_array<CommandRegistrar>({
    &addRunCommand,
    &addCompareCommand,
    &addSweepCommand,
    &addTraceCommand,
    &addRaceCommand,
    &addDeadlockCommand,
    &addScreenshotCommand,
    &addTourCommand,
    &addOpenCommand,
    &addDemoCommand,
    &addBenchCommand,
});

constexpr const char* kDescription
    = "Interleave: see what threads, processes and coroutines really do.\n"
      "Without a command, opens the window.";

// CLI11 reports a misspelt command as an unexpected argument; say what the user meant.
std::string usageProblem(const CLI::App& parser, const CLI::ParseError& error)
{
    if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr && parser.get_subcommands().empty()) {
        const std::vector<std::string> extras = parser.remaining();
        if (!extras.empty() && !extras.front().starts_with('-'))
            return "unknown command '" + extras.front() + "'";
    }
    return error.what();
}

} // namespace

CommandLineResult runCommandLine(int argc, const char* const* argv, std::ostream& out, std::ostream& err)
{
    CLI::App parser(kDescription, "interleave");
    parser.set_version_flag("--version", "interleave " INTERLEAVE_VERSION);
    parser.require_subcommand(0, 1);

    std::vector<Command> commands;
    for (CommandRegistrar add : kCommands)
        commands.push_back(add(parser));

    try {
        parser.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version arrive here too, as successes.
        if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success))
            return {parser.exit(e, out, err), false, {}};
        err << "interleave: " << usageProblem(parser, e) << "; see 'interleave --help'" << std::endl;
        return {kExitUsage, false, {}};
    }

    for (const Command& command : commands) {
        if (command.subcommand->parsed()) {
            CommandIo io{out, err, {}};
            const int status = command.run(io);
            if (!io.windowFile.empty())
                return {status, true, std::move(io.windowFile)};
            return {status, false, {}};
        }
    }
    return {kExitOk, true, {}};
}

} // namespace interleave::cli
