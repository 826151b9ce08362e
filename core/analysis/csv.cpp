#include "analysis/csv.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace interleave {

namespace {

// Fixed, three decimals, '.' as the separator: std::to_chars ignores the C locale, which a
// QApplication sets from the environment.
std::string fixed3(double value)
{
    if (!std::isfinite(value))
        return "";
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, 3);
    return std::string(buf, r.ptr);
}

std::string ms(TimeNs ns)
{
    return fixed3(static_cast<double>(ns) / 1e6);
}

} // namespace

std::string csvField(std::string_view field)
{
    if (field.find_first_of(",\"\r\n") == std::string_view::npos)
        return std::string(field);
    std::string out = "\"";
    for (char c : field) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string csvRecord(const std::vector<std::string>& fields)
{
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0)
            line += ',';
        line += csvField(fields[i]);
    }
    line += "\r\n";
    return line;
}

std::vector<std::vector<std::string>> parseCsv(std::string_view text)
{
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string field;
    int line = 1;
    std::size_t i = 0;
    const auto fail = [&line](const char* why) {
        throw std::invalid_argument("CSV line " + std::to_string(line) + ": " + why);
    };
    while (i < text.size()) {
        // One field starts here.
        if (text[i] == '"') {
            ++i;
            const int startLine = line;
            for (;;) {
                if (i >= text.size()) {
                    line = startLine;
                    fail("a quoted field is never closed");
                }
                const char c = text[i++];
                if (c == '"') {
                    if (i < text.size() && text[i] == '"') {
                        field += '"';
                        ++i;
                        continue;
                    }
                    break;
                }
                if (c == '\n')
                    ++line;
                field += c;
            }
            if (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n')
                fail("text after a closing quote");
        } else {
            while (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
                if (text[i] == '"')
                    fail("a quote inside an unquoted field");
                field += text[i++];
            }
        }
        record.push_back(std::move(field));
        field.clear();
        if (i >= text.size())
            break;
        if (text[i] == ',') {
            ++i;
            if (i == text.size())
                record.emplace_back(); // "a," ends with an empty field
            continue;
        }
        // End of the record: CRLF or LF (a lone CR is taken as an end too).
        if (text[i] == '\r')
            ++i;
        if (i < text.size() && text[i] == '\n')
            ++i;
        ++line;
        records.push_back(std::move(record));
        record.clear();
    }
    if (!record.empty())
        records.push_back(std::move(record));
    return records;
}

const std::vector<std::string>& measuredRunColumns()
{
    static const std::vector<std::string> columns {
        "experiment",
        "workload",
        "model",
        "tasks",
        "workers",
        "gil",
        "latency_ms",
        "work_ms",
        "wall_ms",
        "runs",
        "wall_ms_min",
        "wall_ms_max",
        "cpu_ms",
        "gil_wait_ms",
        "speedup",
        "cancelled",
        "errors",
    };
    return columns;
}

const std::vector<std::string>& cpythonColumns()
{
    static const std::vector<std::string> columns {
        "python_runs",
        "python_wall_ms",
        "python_wall_ms_min",
        "python_wall_ms_max",
        "python_speedup",
    };
    return columns;
}

std::string measuredRunsCsv(std::span<const MeasuredRun> runs)
{
    bool withPython = false;
    for (const MeasuredRun& run : runs)
        withPython = withPython || run.python.has_value();
    std::vector<std::string> header = measuredRunColumns();
    if (withPython)
        header.insert(header.end(), cpythonColumns().begin(), cpythonColumns().end());
    std::string out = csvRecord(header);
    for (const MeasuredRun& run : runs) {
        const RunConfig& c = run.config;
        const RunResult& r = run.result;
        std::string errors;
        for (const std::string& e : r.errors)
            errors += (errors.empty() ? "" : "; ") + e;
        std::vector<std::string> record {
            run.experiment,
            std::string(workloadName(c.workload)),
            std::string(modelName(c.model)),
            std::to_string(c.tasks),
            std::to_string(workersOf(c)),
            c.gil ? "on" : "off",
            c.workload == WorkloadKind::Cpu ? "" : fixed3(c.latencyMs),
            c.workload == WorkloadKind::Io ? "" : fixed3(c.workMs),
            ms(r.wallNs),
            std::to_string(run.wall.runs),
            run.wall.runs > 0 ? ms(run.wall.minNs) : "",
            run.wall.runs > 0 ? ms(run.wall.maxNs) : "",
            ms(r.cpuNs),
            ms(r.gilWaitNs),
            run.speedup > 0 ? fixed3(run.speedup) : "",
            r.cancelled ? "yes" : "no",
            errors,
        };
        if (withPython) {
            // Empty fields where the program was refused or never printed a wall time.
            const bool measured = run.python && run.python->runs > 0;
            record.push_back(run.python ? std::to_string(run.python->runs) : "");
            record.push_back(measured ? fixed3(run.python->wallMs) : "");
            record.push_back(measured ? fixed3(run.python->wallMsMin) : "");
            record.push_back(measured ? fixed3(run.python->wallMsMax) : "");
            record.push_back(measured && run.python->speedup > 0 ? fixed3(run.python->speedup) : "");
        }
        out += csvRecord(record);
    }
    return out;
}

} // namespace interleave
