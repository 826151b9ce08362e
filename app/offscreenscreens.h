#pragma once

#include <QSize>
#include <QString>

#include <span>

class QScreen;

namespace interleave {

// Screens of chosen sizes on the offscreen platform, so that a window put on one is fitted,
// capped and laid out as on a monitor or projector of that size, with no display: the
// `screenshot --view window` command and the layout tests both draw the window this way.

// A screen's name on such a platform: its size, "1280x800".
QString offscreenScreenName(QSize size);

// The platform's name with screens of these sizes side by side, left to right, at 96 dpi and
// one device pixel per logical pixel, for "-platform" or QT_QPA_PLATFORM
// ("offscreen:configfile=..."). The platform reads its screens from a file, written into
// `folder`, which must stay until the application is made. Empty if the file cannot be written.
QString offscreenPlatformWithScreens(std::span<const QSize> sizes, const QString& folder);

// The application's screen of that size made as above (found by its name), or null.
QScreen* offscreenScreenOfSize(QSize size);

} // namespace interleave
