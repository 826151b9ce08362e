#pragma once

#include <QGuiApplication>

#include <memory>

namespace interleave::cli {

// Commands that paint (screenshot, bench) need a QGuiApplication but never a screen: unless a
// platform is asked for with QT_QPA_PLATFORM, the offscreen one is used, so a stale DISPLAY
// over ssh cannot get in the way. Returns null when an application already exists.
std::unique_ptr<QGuiApplication> ensureOffscreenApplication();

} // namespace interleave::cli
