#pragma once

#include <QColor>

class QChart;

namespace interleave::chartstyle {

// Type big enough to read from the back of a classroom, margins that leave room for it, and
// an opaque background so a grabbed PNG looks like the screen.
void applyReadableStyle(QChart* chart);

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

} // namespace interleave::chartstyle
