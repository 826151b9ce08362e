#pragma once

#include "trace/state.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interleave {

// A Python snippet shown beside a run, with the lines that stand for what the timeline shows.
// In the source a line is tagged by a trailing comment of markers, e.g.
//     time.sleep(0.2)  # @state:BlockedIo
//     counter = value + 1  # @step:store
// The markers are taken out of the text that is shown; a comment that held only markers goes
// with them.
struct Snippet {
    std::string code; // the text to show, markers removed
    std::map<std::string, int> markers; // "state:BlockedIo" -> 0-based line
    std::vector<std::string> problems; // markers naming no known state, repeated tags

    std::optional<int> lineForTag(std::string_view tag) const;
    std::optional<int> lineForState(State state) const;
};

Snippet parseSnippet(std::string_view source);

// The topics that have an explanation (a text and a snippet): the six models, then the lab
// demos, named as modelName() and kLabDemoNames name them.
std::vector<std::string> explanationTopics();

} // namespace interleave
