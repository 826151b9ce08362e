#pragma once

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace interleave::teach_detail {

// What a JSON value is, in the words an error message uses ("a string", "an array", ...).
std::string describeJsonType(const nlohmann::json& value);

// json::parse for the teaching files, without exceptions of nlohmann's own: a number too large
// for a double ("latency_ms": 1e400), which json::parse throws as out_of_range without saying
// where, is reported with its field ("run.latency_ms is 1e400, too large a number"); bad syntax
// as "not valid JSON: " and the parser's message, which names the byte where reading stopped.
// nullopt and the message in `error` for either.
std::optional<nlohmann::json> parseJsonDocument(std::string_view text, std::string& error);

// Strict reading of one JSON object for the teaching files (scenarios, lessons): every field is
// read through here, so a wrong type, a missing required field or a field nobody reads (a typo)
// is reported with its full path, e.g. "run.tasks must be an integer, not a string". Throws the
// exception type E (constructed from a std::string) for every problem.
template <typename E> class JsonFields {
public:
    // `path` names this object in messages ("" for the document itself, "run", "quiz", ...).
    JsonFields(const nlohmann::json& object, std::string path)
        : m_object(object)
        , m_path(std::move(path))
    {
        if (!m_object.is_object())
            fail((m_path.empty() ? std::string("the file") : m_path) + " must be a JSON object, not "
                + describeJsonType(m_object));
    }

    std::string pathOf(std::string_view key) const
    {
        return m_path.empty() ? std::string(key) : m_path + "." + std::string(key);
    }

    bool has(std::string_view key) const { return m_object.contains(key); }

    const nlohmann::json* find(std::string_view key)
    {
        m_read.insert(std::string(key));
        const auto it = m_object.find(key);
        return it == m_object.end() ? nullptr : &*it;
    }

    const nlohmann::json& required(std::string_view key)
    {
        const nlohmann::json* value = find(key);
        if (value == nullptr)
            fail(pathOf(key) + " is missing (it is required)");
        return *value;
    }

    std::string string(std::string_view key) { return asString(key, required(key)); }
    std::string string(std::string_view key, std::string fallback)
    {
        const nlohmann::json* value = find(key);
        return value == nullptr ? fallback : asString(key, *value);
    }

    int integer(std::string_view key) { return asInteger(key, required(key)); }
    int integer(std::string_view key, int fallback)
    {
        const nlohmann::json* value = find(key);
        return value == nullptr ? fallback : asInteger(key, *value);
    }

    double number(std::string_view key) { return asNumber(key, required(key)); }
    double number(std::string_view key, double fallback)
    {
        const nlohmann::json* value = find(key);
        return value == nullptr ? fallback : asNumber(key, *value);
    }

    // The same, refused outside [low, high] with a message that names the field and the range.
    int integerIn(std::string_view key, int low, int high)
    {
        const int value = integer(key);
        if (value < low || value > high)
            fail(pathOf(key) + " must be between " + std::to_string(low) + " and " + std::to_string(high)
                + ", not " + std::to_string(value));
        return value;
    }
    double numberIn(std::string_view key, double low, double high)
    {
        const double value = number(key);
        if (!(value >= low && value <= high))
            fail(pathOf(key) + " must be between " + formatLimit(low) + " and " + formatLimit(high) + ", not "
                + formatLimit(value));
        return value;
    }

    bool boolean(std::string_view key, bool fallback)
    {
        const nlohmann::json* value = find(key);
        if (value == nullptr)
            return fallback;
        if (!value->is_boolean())
            fail(pathOf(key) + " must be true or false, not " + describeJsonType(*value));
        return value->get<bool>();
    }

    // Call last: a field that nothing read is a misspelling or from a newer format.
    void rejectUnknown() const
    {
        for (const auto& item : m_object.items()) {
            if (m_read.count(item.key()) == 0)
                fail(pathOf(item.key()) + " is not a known field");
        }
    }

    [[noreturn]] static void fail(const std::string& message) { throw E(message); }

    // A number as the file would spell it: 0.01, 10, 1e+30.
    static std::string formatLimit(double value)
    {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.6g", value);
        return buffer;
    }

private:
    std::string asString(std::string_view key, const nlohmann::json& value) const
    {
        if (!value.is_string())
            fail(pathOf(key) + " must be a string, not " + describeJsonType(value));
        return value.get<std::string>();
    }

    int asInteger(std::string_view key, const nlohmann::json& value) const
    {
        if (value.is_number_unsigned()) {
            if (value.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
                fail(pathOf(key) + " is far too large");
            return static_cast<int>(value.get<std::uint64_t>());
        }
        if (value.is_number_integer()) {
            const std::int64_t v = value.get<std::int64_t>();
            if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
                fail(pathOf(key) + " is far out of range");
            return static_cast<int>(v);
        }
        fail(pathOf(key) + " must be an integer, not " + describeJsonType(value));
    }

    double asNumber(std::string_view key, const nlohmann::json& value) const
    {
        if (!value.is_number())
            fail(pathOf(key) + " must be a number, not " + describeJsonType(value));
        const double number = value.get<double>();
        // The parser refuses what overflows a double; a document built in code need not have.
        if (!std::isfinite(number))
            fail(pathOf(key) + " must be a finite number");
        return number;
    }

    const nlohmann::json& m_object;
    std::string m_path;
    std::set<std::string, std::less<>> m_read;
};

} // namespace interleave::teach_detail
