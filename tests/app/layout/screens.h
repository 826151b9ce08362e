#pragma once

#include "offscreenscreens.h"

#include <QSize>
#include <QString>

#include <array>

namespace interleave::testing_screens {

// The screens the layout tests' platform has (gtest_screens_main.cpp): common projector modes
// and a desktop monitor.
inline constexpr std::array<QSize, 4> kSizes {QSize(1024, 768), QSize(1280, 720), QSize(1280, 800), QSize(1920, 1080)};

inline QString nameOf(QSize size)
{
    return offscreenScreenName(size);
}

inline QScreen* screenOf(QSize size)
{
    return offscreenScreenOfSize(size);
}

} // namespace interleave::testing_screens
