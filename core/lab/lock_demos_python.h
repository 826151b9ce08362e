#pragma once

#include <string_view>

namespace interleave {

// The content of a file of resources/explanations that the lab shows (lab-lock.py, ...),
// compiled in at build time by core/embed_texts.cmake; empty for a file that is not compiled
// in. The files are the one copy: edit them, not C++.
std::string_view lockDemoPythonFile(std::string_view fileName) noexcept;

} // namespace interleave
