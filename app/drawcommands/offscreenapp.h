#pragma once

#include <QGuiApplication>

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

} // namespace interleave::cli
