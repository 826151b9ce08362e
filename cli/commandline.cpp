#include "cli/commandline.h"

#include "cli/commands.h"
#include "interleave/version.h"

#include <CLI/CLI.hpp>

#include <array>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace interleave::cli {
namespace {

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

// CLI11 reads "010" as octal 8 and "0x10" as 16; an integer option takes decimal digits only.
// Leading zeros are dropped so that 010 means ten, as anyone typing it means.
std::string decimalIntegerOnly(std::string& value)
{
    std::size_t digits = value.starts_with('-') || value.starts_with('+') ? 1 : 0;
    if (digits == value.size())
        return "'" + value + "' is not a decimal integer";
    for (std::size_t i = digits; i < value.size(); ++i) {
        if (value[i] < '0' || value[i] > '9')
            return "'" + value + "' is not a decimal integer";
    }
    const std::size_t firstNonZero = value.find_first_not_of('0', digits);
    value.erase(digits, (firstNonZero == std::string::npos ? value.size() - 1 : firstNonZero) - digits);
    return {};
}

// NaN passes every range check (each comparison with it is false) and inf means nothing as a
// size, a scale or a duration: no number option takes either.
std::string finiteNumberOnly(const std::string& value)
{
    char* end = nullptr;
    const double number = std::strtod(value.c_str(), &end);
    if (end == value.c_str() || *end != '\0' || value.find_first_of("xX") != std::string::npos)
        return "'" + value + "' is not a decimal number";
    if (!std::isfinite(number))
        return "'" + value + "' is not a finite number";
    return {};
}

// An empty value names no file, model or number: `--csv ''` must not quietly mean "no CSV".
std::string nonEmpty(const std::string& value)
{
    return value.empty() ? "the value is empty" : std::string();
}

// Every option of every command that takes a value, once they are all declared: no empty
// values, and numbers in decimal and finite. Positional arguments are left alone (a traced
// script's own arguments may be anything, empty ones included).
void checkOptionValues(CLI::App& app)
{
    for (CLI::Option* option : app.get_options()) {
        if (option->get_positional() || option->get_items_expected_min() == 0)
            continue;
        option->check(CLI::Validator(&nonEmpty, ""));
        const std::string type = option->get_type_name();
        if (type.starts_with("INT") || type.starts_with("UINT"))
            option->transform(CLI::Validator(&decimalIntegerOnly, ""));
        else if (type.starts_with("FLOAT"))
            option->transform(CLI::Validator(
                [](std::string& value) { return finiteNumberOnly(value); }, ""));
    }
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
        checkOptionValues(*sub);
}

} // namespace

CommandLineResult runCommandLine(
    int argc, const char* const* argv, std::ostream& out, std::ostream& err, const DrawingCommands& drawing)
{
    CLI::App parser(kDescription, "interleave");
    parser.set_version_flag("--version", "interleave " INTERLEAVE_VERSION);
    parser.require_subcommand(0, 1);

    // In the order --help lists them; a drawing command not handed in is left out.
    const auto registrars = std::to_array<CommandRegistrar>({
        &addRunCommand,
        &addCompareCommand,
        &addSweepCommand,
        &addTraceCommand,
        &addRaceCommand,
        &addDeadlockCommand,
        drawing.screenshot,
        drawing.animate,
        drawing.tour,
        &addOpenCommand,
        &addDemoCommand,
    });
    std::vector<Command> commands;
    for (CommandRegistrar add : registrars) {
        if (add != nullptr)
            commands.push_back(add(parser));
    }
    commands.push_back(addBenchCommand(parser, drawing));
    checkOptionValues(parser);

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
            int status = kExitOk;
            try {
                status = command.run(io);
            } catch (const std::exception& e) {
                // What a command did not foresee (the system refusing a thread, memory running
                // out) ends it with its reason on one line, never with std::terminate's abort.
                err << "interleave " << command.subcommand->get_name() << ": " << e.what() << std::endl;
                return {kExitFailure, false, {}};
            }
            if (!io.windowFile.empty())
                return {status, true, std::move(io.windowFile)};
            return {status, false, {}};
        }
    }
    return {kExitOk, true, {}};
}

} // namespace interleave::cli
