#pragma once

#include <QComboBox>
#include <QCoreApplication>
#include <QEvent>

namespace interleave {

// A combo box measures its widest item once and keeps that as its minimum width through a new
// font (classroom mode's type) or a changed item's text: a layout may then squeeze it below its
// text, which is cut. A style change is what makes it measure again (QComboBox::changeEvent
// forgets both size hints then, a font change only the preferred one).
inline void remeasureComboBox(QComboBox& box)
{
    QEvent styleChange(QEvent::StyleChange);
    QCoreApplication::sendEvent(&box, &styleChange);
}

} // namespace interleave
