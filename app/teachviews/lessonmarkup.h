#pragma once

#include <QString>

#include <string>

namespace interleave {

// Lesson, demo and glossary texts are written in a small Markdown subset: paragraphs (a blank
// line), line breaks, **bold**, *emphasis* and `code`. This turns such a text into Qt rich text
// for a QLabel or a QTextBrowser: everything escaped, code in monospace (<code>), the
// characters inside backticks taken literally (`a * b` keeps its star).
QString lessonMarkupToHtml(const QString& markup);

// The same for a std::string (UTF-8), as core/ hands texts over.
QString lessonMarkupToHtml(const std::string& markup);

} // namespace interleave
