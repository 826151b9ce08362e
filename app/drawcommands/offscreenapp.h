#pragma once

#include <QGuiApplication>
#include <QSize>

#include <memory>

namespace interleave::cli {

// Commands that paint (screenshot, tour, bench) need a QGuiApplication but never a screen: the
// offscreen platform is used whatever QT_QPA_PLATFORM and DISPLAY say, so a stale DISPLAY over
// ssh or a QT_QPA_PLATFORM=xcb without an X server cannot get in the way. Returns null when an
// application already exists.
std::unique_ptr<QGuiApplication> ensureOffscreenApplication();

// The same for commands that draw widgets (screenshot --view): a QApplication. Null when an
// application already exists; throws std::runtime_error if that one cannot host widgets.
std::unique_ptr<QGuiApplication> ensureOffscreenWidgetApplication();

// The same with one screen of that size (offscreenscreens.h), for a window to be laid out as
// on such a monitor (screenshot --view window). An application that already exists is kept,
// with the screens it has.
std::unique_ptr<QGuiApplication> ensureOffscreenWidgetApplication(QSize screen);

} // namespace interleave::cli
