#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace interleave::teach_detail {

// What a JSON value is, in the words an error message uses ("a string", "an array", ...).
std::string describeJsonType(const nlohmann::json& value);

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
        return value.get<double>();
    }

    const nlohmann::json& m_object;
    std::string m_path;
    std::set<std::string, std::less<>> m_read;
};

} // namespace interleave::teach_detail
