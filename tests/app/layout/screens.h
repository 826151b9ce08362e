#pragma once

#include <QGuiApplication>
#include <QScreen>
#include <QSize>
#include <QString>

#include <array>

namespace interleave::testing_screens {

// The screens the layout tests' platform has (gtest_screens_main.cpp): common projector modes
// and a desktop monitor.
inline constexpr std::array<QSize, 4> kSizes {QSize(1024, 768), QSize(1280, 720), QSize(1280, 800), QSize(1920, 1080)};

inline QString nameOf(QSize size)
{
    return QStringLiteral("%1x%2").arg(size.width()).arg(size.height());
}

inline QScreen* screenOf(QSize size)
{
    for (QScreen* screen : QGuiApplication::screens())
        if (screen->name() == nameOf(size))
            return screen;
    return nullptr;
}

} // namespace interleave::testing_screens
