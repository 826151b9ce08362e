#pragma once

#include "timeline/timelinepalette.h"

#include <QApplication>
#include <QFont>
#include <QImage>
#include <QSize>

#include <functional>
#include <memory>

class QLabel;
class QWidget;

namespace interleave {

// What the lab views share: projector-sized fonts, the theme on plain widgets, and drawing a
// view into an image without a display.

// The views' text sizes, in points: body text, titles, code.
inline constexpr qreal kLabBodyPt = 13;
inline constexpr qreal kLabTitlePt = 19;
inline constexpr qreal kLabCodePt = 11.5;

QFont labFont(qreal points, bool bold = false);
QFont labCodeFont();
// A word-wrapped label for explanations.
QLabel* makeLabText(QWidget* parent, qreal points = kLabBodyPt, bool bold = false);
// A label showing Python code, monospaced, on a slightly different background; drawn smaller
// to fit a narrow column (FittedCodeLabel).
QLabel* makeLabCode(QWidget* parent);

// The theme's background and text colours on the widget and its children (the timeline and
// the graph get theirs through their own setTheme).
void applyLabTheme(QWidget& widget, TimelineTheme theme);

// Shows the widget at size without putting it on screen: it lays out, and a run in it goes on,
// as on screen.
void showOffScreen(QWidget& widget, QSize size);
// Draws the widget as it stands into an image of size * scale device pixels, on its window
// colour.
QImage paintWidget(QWidget& widget, QSize size, qreal scale);

// Lays the widget out at size, off screen, and draws it into an image of size * scale device
// pixels. prepare() runs once the widget has its size (e.g. to fit a timeline).
QImage renderLabWidget(QWidget& widget, QSize size, qreal scale, const std::function<void()>& prepare = {});

} // namespace interleave
