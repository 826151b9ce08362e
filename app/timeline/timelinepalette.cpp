#include "timeline/timelinepalette.h"

namespace interleave {
namespace {

// Okabe-Ito. Ready is the palette's yellow, which is hard to see on white: the light theme
// uses a darker shade of it. Done, Failed and Stopped are end markers rather than stretches of time.
QColor stateColorFor(State s, TimelineTheme theme)
{
    const bool dark = theme == TimelineTheme::Dark;
    switch (s) {
    case State::Starting:
        return dark ? QColor(0x9a, 0x9a, 0x9a) : QColor(0x99, 0x99, 0x99);
    case State::Running:
        return QColor(0x00, 0x9E, 0x73);
    case State::WaitingGil:
        return QColor(0xE6, 0x9F, 0x00);
    case State::BlockedIo:
        return QColor(0x56, 0xB4, 0xE9);
    case State::WaitingLock:
        return QColor(0xD5, 0x5E, 0x00);
    case State::Ready:
        return dark ? QColor(0xF0, 0xE4, 0x42) : QColor(0xD9, 0xC8, 0x1E);
    case State::Suspended:
        return QColor(0xCC, 0x79, 0xA7);
    case State::Done:
        return dark ? QColor(0xEE, 0xEE, 0xEE) : QColor(0x22, 0x22, 0x22);
    case State::Failed:
        return QColor(0xD0, 0x10, 0x20);
    case State::Stopped:
        // Grey, not red: the user stopped the run, nothing went wrong.
        return dark ? QColor(0xB4, 0xB4, 0xB4) : QColor(0x6E, 0x6E, 0x6E);
    case State::Unknown:
        // Not observed: a faint neutral that reads as "no data", not as a state.
        return dark ? QColor(0x55, 0x55, 0x55) : QColor(0xDD, 0xDD, 0xDD);
    }
    return Qt::magenta;
}

} // namespace

Qt::BrushStyle TimelinePalette::hatchStyle(State s) noexcept
{
    // One pattern per waiting state, so no two share a cue.
    switch (s) {
    case State::WaitingGil:
        return Qt::BDiagPattern;
    case State::WaitingLock:
        return Qt::DiagCrossPattern;
    case State::BlockedIo:
        return Qt::HorPattern;
    case State::Ready:
        return Qt::Dense6Pattern;
    case State::Suspended:
        return Qt::FDiagPattern;
    case State::Unknown:
        return Qt::Dense7Pattern;
    case State::Starting:
    case State::Running:
    case State::Done:
    case State::Failed:
    case State::Stopped:
        return Qt::NoBrush;
    }
    return Qt::NoBrush;
}

TimelinePalette::TimelinePalette(TimelineTheme theme)
    : m_theme(theme)
{
    const bool dark = theme == TimelineTheme::Dark;
    // The hatch is a darker line over the fill: it reads on both themes because it is drawn
    // on the state's own colour, not on the background.
    const QColor hatch = QColor(0, 0, 0, dark ? 130 : 110);
    for (State s : kAllStates) {
        m_stateColors[index(s)] = stateColorFor(s, theme);
        m_stateBrushes[index(s)] = QBrush(m_stateColors[index(s)]);
        const Qt::BrushStyle style = hatchStyle(s);
        m_hatchBrushes[index(s)] = style == Qt::NoBrush ? QBrush() : QBrush(hatch, style);
    }

    m_background = dark ? QColor(0x1e, 0x1f, 0x22) : QColor(0xff, 0xff, 0xff);
    m_gutterBackground = dark ? QColor(0x26, 0x28, 0x2c) : QColor(0xf3, 0xf4, 0xf6);
    m_headerBackground = dark ? QColor(0x24, 0x26, 0x2a) : QColor(0xf8, 0xf9, 0xfa);
    // Translucent: the stripe darkens (lightens) both the gutter and the plot behind it.
    m_alternateRow = dark ? QColor(255, 255, 255, 12) : QColor(0, 0, 0, 12);
    m_text = dark ? QColor(0xee, 0xee, 0xee) : QColor(0x11, 0x11, 0x11);
    m_mutedText = dark ? QColor(0xbb, 0xbb, 0xbb) : QColor(0x44, 0x44, 0x44);
    m_gridPen = QPen(dark ? QColor(255, 255, 255, 28) : QColor(0, 0, 0, 26), 1);
    m_axisPen = QPen(m_mutedText, 1);
    m_separatorPen = QPen(dark ? QColor(0x44, 0x46, 0x4c) : QColor(0xd0, 0xd3, 0xd8), 1);
    m_spanEdgePen = QPen(dark ? QColor(0, 0, 0, 140) : QColor(255, 255, 255, 170), 1);
    const QColor running = m_stateColors[index(State::Running)];
    QColor area = running;
    area.setAlpha(dark ? 150 : 120);
    m_parallelismBrush = QBrush(area);
    m_parallelismPen = QPen(running.darker(dark ? 100 : 130), 1.5);
    m_coreLinePen = QPen(m_text, 1.5, Qt::DashLine);
    m_selectionPen = QPen(dark ? QColor(0xff, 0xff, 0xff) : QColor(0x00, 0x00, 0x00), 2.5);
    m_hoverPen = QPen(dark ? QColor(255, 255, 255, 170) : QColor(0, 0, 0, 150), 1.5);
    m_busyMarkBrush = QBrush(dark ? QColor(255, 255, 255, 60) : QColor(0, 0, 0, 50));
}

} // namespace interleave
