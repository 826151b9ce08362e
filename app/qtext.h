#pragma once

#include "trace/duration_text.h"

#include <QLocale>
#include <QString>

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

namespace interleave {

// The conversions every view makes from what core/ reports to what Qt shows.

// UTF-8 text from core/ (names, sentences) as a QString.
inline QString toQString(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

// A duration in a sentence, as core's durationText writes it for the command line: "4.2 ms".
inline QString durationLabel(TimeNs ns)
{
    return toQString(durationText(ns));
}

// A count with the reader's digit grouping: 400,000.
inline QString groupedNumber(std::int64_t value)
{
    return QLocale::system().toString(static_cast<qlonglong>(value));
}

// A figure as core/ writes it ("1234.5": rounded half away from zero, a decimal point, no
// grouping) in the reader's locale, with `decimals` decimals: "1,234.5".
inline QString localeFigure(std::string_view plain, int decimals)
{
    return QLocale::system().toString(toQString(plain).toDouble(), 'f', decimals);
}

// Milliseconds for a column of figures: millisecondsText's rounding, the reader's digit
// grouping ("123,456.8").
inline QString groupedMilliseconds(TimeNs ns, int decimals)
{
    return localeFigure(millisecondsText(ns, decimals), decimals);
}

// A share (0.25 for a quarter) as a percentage figure without the sign: percentText's rounding,
// the reader's locale ("2.5"), for sentences that write the "%" themselves.
inline QString percentFigure(double share, int decimals = 1)
{
    std::string text = percentText(share, decimals);
    text.pop_back(); // the "%"
    return localeFigure(text, decimals);
}

// An average of counts, as people read one: whole and grouped from 10 up ("223,463") and when
// it is whole ("0"), else one decimal, where the fraction still says something ("2.4").
inline QString averageCount(double value)
{
    if (value >= 10 || value <= -10 || std::abs(value - std::round(value)) < 0.05)
        return QLocale::system().toString(static_cast<qlonglong>(std::llround(value)));
    return QLocale::system().toString(value, 'f', 1);
}

} // namespace interleave
