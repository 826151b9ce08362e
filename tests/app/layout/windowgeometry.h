#pragma once

#include <QSize>
#include <QString>
#include <QStringList>

class QWidget;

namespace interleave::testing_layout {

// What a user would find wrong with a window as it is laid out now, one line each (empty when
// nothing is):
// - a visible widget that reaches outside the window (one inside a scroll area's viewport is
//   judged by its scroll area, which may scroll it vertically, never sideways);
// - a scroll area of the window's own (a tab page, a dock) that scrolls sideways;
// - a widget in a layout smaller than its minimum size (its minimum size hint, or the size
//   set on it), which clips what it draws;
// - a label whose text does not fit it: wider than it when it does not wrap, taller when it does;
// - a combo box or button whose text does not fit;
// - a status bar message cut short by the widgets at the bar's right end.
QStringList layoutProblems(const QWidget& window);

// "1280x800", for messages.
QString sizeText(QSize size);

// The widths that decide the window's: its own minimum and its central area's, for messages.
QString minimumWidths(const QWidget& window);

// Forgets the window's saved settings (docks, sizes, theme): each test starts from the defaults.
void clearWindowSettings();

} // namespace interleave::testing_layout
