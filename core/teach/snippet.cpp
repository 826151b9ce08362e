#include "teach/snippet.h"

#include "engine/run_config.h"
#include "teach/scenario.h"

namespace interleave {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

std::string_view trimRight(std::string_view s)
{
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

// Splits a trailing "# @a:b @c:d" comment off a line. Returns the tags (without '@') and sets
// `kept` to the line without them; a line without markers is kept whole. A '#' inside a string
// literal is not a comment, so only the last '#' followed by " @" or "@" counts.
std::vector<std::string> takeMarkers(std::string_view line, std::string_view& kept)
{
    kept = line;
    const std::size_t hash = line.rfind('#');
    if (hash == std::string_view::npos)
        return {};
    std::string_view comment = line.substr(hash + 1);
    // A marker starts a word: "# @state:Running", not the "@" inside "mail@home".
    std::size_t firstAt = 0;
    for (;; ++firstAt) {
        firstAt = comment.find('@', firstAt);
        if (firstAt == std::string_view::npos)
            return {};
        if (firstAt == 0 || isSpace(comment[firstAt - 1]))
            break;
    }
    // Text before the first marker stays as an ordinary comment.
    std::string_view before = trimRight(comment.substr(0, firstAt));
    std::vector<std::string> tags;
    std::string_view rest = comment.substr(firstAt);
    while (!rest.empty()) {
        while (!rest.empty() && isSpace(rest.front()))
            rest.remove_prefix(1);
        if (rest.empty())
            break;
        if (rest.front() != '@')
            return {}; // words after a marker: not a marker comment after all, keep the line
        std::size_t end = 1;
        while (end < rest.size() && !isSpace(rest[end]))
            ++end;
        tags.emplace_back(rest.substr(1, end - 1));
        rest.remove_prefix(end);
    }
    std::string_view code = trimRight(line.substr(0, hash));
    if (before.find_first_not_of(' ') != std::string_view::npos)
        kept = line.substr(0, hash + 1 + before.size());
    else
        kept = code;
    return tags;
}

} // namespace

std::optional<int> Snippet::lineForTag(std::string_view tag) const
{
    const auto it = markers.find(std::string(tag));
    if (it == markers.end())
        return std::nullopt;
    return it->second;
}

std::optional<int> Snippet::lineForState(State state) const
{
    return lineForTag("state:" + std::string(stateName(state)));
}

Snippet parseSnippet(std::string_view source)
{
    Snippet snippet;
    int lineNumber = 0;
    std::size_t start = 0;
    while (start <= source.size()) {
        std::size_t end = source.find('\n', start);
        const bool last = end == std::string_view::npos;
        if (last)
            end = source.size();
        const std::string_view line = source.substr(start, end - start);
        if (last && line.empty())
            break;
        std::string_view kept;
        for (std::string& tag : takeMarkers(line, kept)) {
            const std::size_t colon = tag.find(':');
            if (colon == std::string::npos || colon == 0 || colon + 1 == tag.size())
                snippet.problems.push_back("line " + std::to_string(lineNumber + 1) + ": marker @" + tag
                    + " is not of the form @kind:name");
            else if (tag.compare(0, colon, "state") == 0 && !stateFromName(tag.substr(colon + 1)))
                snippet.problems.push_back("line " + std::to_string(lineNumber + 1) + ": "
                    + tag.substr(colon + 1) + " is not a state");
            if (!snippet.markers.emplace(tag, lineNumber).second)
                snippet.problems.push_back("line " + std::to_string(lineNumber + 1) + ": @" + tag
                    + " is already on an earlier line");
        }
        snippet.code.append(kept);
        if (!last)
            snippet.code.push_back('\n');
        ++lineNumber;
        if (last)
            break;
        start = end + 1;
    }
    return snippet;
}

std::vector<std::string> explanationTopics()
{
    std::vector<std::string> topics;
    for (Model m : kAllModels)
        topics.emplace_back(modelName(m));
    for (std::string_view lab : kLabDemoNames)
        topics.emplace_back(lab);
    return topics;
}

} // namespace interleave
