#include "teach/json_fields.h"

#include <vector>

namespace interleave::teach_detail {

namespace {

using nlohmann::json;

// json::parse's own builder, with the path to the value being read kept beside it: the parser
// knows where a bad number is only as a byte offset, the path is what the file's author needs.
class PathTrackingSax {
public:
    explicit PathTrackingSax(json& result)
        : m_dom(result, false)
    {
    }

    bool null() { return scalar(m_dom.null()); }
    bool boolean(bool v) { return scalar(m_dom.boolean(v)); }
    bool number_integer(json::number_integer_t v) { return scalar(m_dom.number_integer(v)); }
    bool number_unsigned(json::number_unsigned_t v) { return scalar(m_dom.number_unsigned(v)); }
    bool number_float(json::number_float_t v, const json::string_t& s) { return scalar(m_dom.number_float(v, s)); }
    bool string(json::string_t& v) { return scalar(m_dom.string(v)); }
    bool binary(json::binary_t& v) { return scalar(m_dom.binary(v)); }

    bool start_object(std::size_t n)
    {
        m_frames.push_back({false, {}, 0});
        return m_dom.start_object(n);
    }
    bool key(json::string_t& k)
    {
        m_frames.back().key = k;
        return m_dom.key(k);
    }
    bool end_object()
    {
        m_frames.pop_back();
        return scalar(m_dom.end_object());
    }
    bool start_array(std::size_t n)
    {
        m_frames.push_back({true, {}, 0});
        return m_dom.start_array(n);
    }
    bool end_array()
    {
        m_frames.pop_back();
        return scalar(m_dom.end_array());
    }

    bool parse_error(std::size_t, const std::string& token, const nlohmann::detail::exception& e)
    {
        // 406: a number that does not fit a double (1e400, -1e400); its text is the token.
        if (e.id == 406 && !m_frames.empty())
            m_error = path() + " is " + token + ", too large a number";
        else
            m_error = std::string("not valid JSON: ") + e.what();
        return false;
    }

    const std::string& error() const { return m_error; }

private:
    struct Frame {
        bool array;
        std::string key;
        std::size_t index;
    };

    // A value ended: the next one in an array has the next index.
    bool scalar(bool ok)
    {
        if (!m_frames.empty() && m_frames.back().array)
            ++m_frames.back().index;
        return ok;
    }

    std::string path() const
    {
        std::string out;
        for (const Frame& f : m_frames) {
            if (f.array)
                out += "[" + std::to_string(f.index) + "]";
            else
                out += (out.empty() ? "" : ".") + f.key;
        }
        return out;
    }

    nlohmann::detail::json_sax_dom_parser<json> m_dom;
    std::vector<Frame> m_frames;
    std::string m_error;
};

} // namespace

std::optional<nlohmann::json> parseJsonDocument(std::string_view text, std::string& error)
{
    json document;
    PathTrackingSax sax(document);
    if (!json::sax_parse(text.begin(), text.end(), &sax) || !sax.error().empty()) {
        error = sax.error().empty() ? std::string("not valid JSON") : sax.error();
        return std::nullopt;
    }
    return document;
}

std::string describeJsonType(const nlohmann::json& value)
{
    switch (value.type()) {
    case nlohmann::json::value_t::null:
        return "null";
    case nlohmann::json::value_t::object:
        return "an object";
    case nlohmann::json::value_t::array:
        return "an array";
    case nlohmann::json::value_t::string:
        return "a string";
    case nlohmann::json::value_t::boolean:
        return "true or false";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
        return "an integer";
    case nlohmann::json::value_t::number_float:
        return "a fractional number";
    case nlohmann::json::value_t::binary:
        return "binary data";
    case nlohmann::json::value_t::discarded:
        break;
    }
    return "an invalid value";
}

} // namespace interleave::teach_detail
