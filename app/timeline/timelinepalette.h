#pragma once

#include "trace/state.h"

#include <QBrush>
#include <QColor>
#include <QPen>

#include <array>

namespace interleave {

enum class TimelineTheme { Light, Dark };

// Colours of the timeline, built once per theme so painting never creates a pen or a brush
// per span.
//
// State fills follow the Okabe-Ito palette, which stays distinguishable under the common
// colour-vision deficiencies. Colour is never the only cue: every waiting state also carries
// a hatch pattern of its own, so a state reads on a grey-scale projector or printout too.
class TimelinePalette {
public:
    explicit TimelinePalette(TimelineTheme theme = TimelineTheme::Light);

    TimelineTheme theme() const noexcept { return m_theme; }

    const QColor& stateColor(State s) const noexcept { return m_stateColors[index(s)]; }
    const QBrush& stateBrush(State s) const noexcept { return m_stateBrushes[index(s)]; }
    // Qt::NoBrush for states without a hatch (Starting, Running, Done, Failed).
    const QBrush& hatchBrush(State s) const noexcept { return m_hatchBrushes[index(s)]; }
    static Qt::BrushStyle hatchStyle(State s) noexcept;

    const QColor& background() const noexcept { return m_background; }
    const QColor& gutterBackground() const noexcept { return m_gutterBackground; }
    const QColor& headerBackground() const noexcept { return m_headerBackground; }
    const QColor& alternateRow() const noexcept { return m_alternateRow; }
    const QColor& text() const noexcept { return m_text; }
    const QColor& mutedText() const noexcept { return m_mutedText; }
    const QPen& gridPen() const noexcept { return m_gridPen; }
    const QPen& axisPen() const noexcept { return m_axisPen; }
    const QPen& separatorPen() const noexcept { return m_separatorPen; }
    // Outline between adjacent spans, so two spans of one state stay two.
    const QPen& spanEdgePen() const noexcept { return m_spanEdgePen; }
    const QBrush& parallelismBrush() const noexcept { return m_parallelismBrush; }
    const QPen& parallelismPen() const noexcept { return m_parallelismPen; }
    const QPen& coreLinePen() const noexcept { return m_coreLinePen; }
    const QPen& selectionPen() const noexcept { return m_selectionPen; }
    const QPen& hoverPen() const noexcept { return m_hoverPen; }
    // Marks a busy block (many spans merged into one item).
    const QBrush& busyMarkBrush() const noexcept { return m_busyMarkBrush; }

private:
    static std::size_t index(State s) noexcept { return static_cast<std::size_t>(s); }

    TimelineTheme m_theme;
    std::array<QColor, kStateCount> m_stateColors;
    std::array<QBrush, kStateCount> m_stateBrushes;
    std::array<QBrush, kStateCount> m_hatchBrushes;
    QColor m_background;
    QColor m_gutterBackground;
    QColor m_headerBackground;
    QColor m_alternateRow;
    QColor m_text;
    QColor m_mutedText;
    QPen m_gridPen;
    QPen m_axisPen;
    QPen m_separatorPen;
    QPen m_spanEdgePen;
    QBrush m_parallelismBrush;
    QPen m_parallelismPen;
    QPen m_coreLinePen;
    QPen m_selectionPen;
    QPen m_hoverPen;
    QBrush m_busyMarkBrush;
};

} // namespace interleave
