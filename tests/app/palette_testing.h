#pragma once

// The application's palette for a test: set when made and again by show(), and the palette of
// before given back when it ends, so no test leaves the next one in the dark.

#include <QApplication>
#include <QPalette>

namespace interleave::palettetest {

class AppPalette {
public:
    explicit AppPalette(const QPalette& palette)
        : m_saved(QApplication::palette())
    {
        show(palette);
    }
    ~AppPalette() { show(m_saved); }
    AppPalette(const AppPalette&) = delete;
    AppPalette& operator=(const AppPalette&) = delete;

    // A new palette reaches the widgets through posted events: they are delivered here.
    static void show(const QPalette& palette)
    {
        QApplication::setPalette(palette);
        QApplication::processEvents();
    }

private:
    QPalette m_saved;
};

} // namespace interleave::palettetest
