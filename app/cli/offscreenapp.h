#pragma once

#include <QGuiApplication>

#include <memory>

namespace interleave::cli {

// Commands that paint (screenshot, bench) need a QGuiApplication but never a screen: unless a
// platform is asked for with QT_QPA_PLATFORM, the offscreen one is used, so a stale DISPLAY
// over ssh cannot get in the way. Returns null when an application already exists.
std::unique_ptr<QGuiApplication> ensureOffscreenApplication();

// The same for commands that draw widgets (screenshot --view): a QApplication. Null when an
// application already exists; throws std::runtime_error if that one cannot host widgets.
std::unique_ptr<QGuiApplication> ensureOffscreenWidgetApplication();

} // namespace interleave::cli
