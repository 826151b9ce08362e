#pragma once

#include <QColor>

class QChart;
class QPalette;

namespace interleave::chartstyle {

// Type big enough to read from the back of a classroom, margins that leave room for it, and
// an opaque background so a grabbed PNG looks like the screen. typeScale enlarges the type
// with the window's (classroom mode: ReadableChartView).
void applyReadableStyle(QChart* chart, double typeScale = 1.0);

// The sizes applyReadableStyle gives, in points, at a typeScale of 1.
inline constexpr double kTitlePoints = 13;
inline constexpr double kTextPoints = 11; // the legend, the axes' labels and titles

// The two workload kinds keep their colours on every chart.
inline QColor ioColor()
{
    return QColor(0x25, 0x63, 0xeb);
} // blue
inline QColor cpuColor()
{
    return QColor(0xea, 0x58, 0x0c);
} // orange
inline QColor referenceColor()
{
    return QColor(0x47, 0x55, 0x69);
}

// The chart in the window's colours (its light or dark theme): the background, the title, the
// legend's and the axes' words, the axes and the grid. The series keep their own.
void applyPaletteColours(QChart* chart, const QPalette& palette);
// Words and marks drawn on the plot (a bar's value, a whisker) in the palette's ink; the
// reference line (1x, ideal) a slate that reads on the palette's background.
QColor inkColor(const QPalette& palette);
QColor referenceColor(const QPalette& palette);

} // namespace interleave::chartstyle
