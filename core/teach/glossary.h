#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace interleave {

struct GlossaryEntry {
    std::string_view term;
    std::string_view definition;
    std::vector<std::string_view> related; // other terms of the glossary
};

// Every term, alphabetically (case-insensitive).
const std::vector<GlossaryEntry>& glossary();

// Entries matching the query, best first: terms starting with it, then terms containing it,
// then entries whose definition contains it. Case-insensitive; an empty query gives them all.
std::vector<const GlossaryEntry*> searchGlossary(std::string_view query);

const GlossaryEntry* findGlossaryEntry(std::string_view term);

} // namespace interleave
