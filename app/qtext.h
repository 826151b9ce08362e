#pragma once

#include <QLocale>
#include <QString>

#include <cstdint>
#include <string_view>

namespace interleave {

// The two conversions every view makes from what core/ reports to what Qt shows.

// UTF-8 text from core/ (names, sentences) as a QString.
inline QString toQString(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

// A count with the reader's digit grouping: 400,000.
inline QString groupedNumber(std::int64_t value)
{
    return QLocale::system().toString(static_cast<qlonglong>(value));
}

} // namespace interleave
