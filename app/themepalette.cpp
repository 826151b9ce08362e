#include "themepalette.h"

#include <QColor>

namespace interleave {

QPalette themePalette(TimelineTheme theme)
{
    // Strong contrast on both: text near black on near white, near white on near black, as a
    // projector washes colours out. Disabled text stays legible, only greyer.
    const bool dark = theme == TimelineTheme::Dark;
    const QColor window = dark ? QColor(0x2b, 0x2d, 0x31) : QColor(0xf1, 0xf2, 0xf4);
    const QColor base = dark ? QColor(0x1e, 0x1f, 0x22) : QColor(0xff, 0xff, 0xff);
    const QColor text = dark ? QColor(0xee, 0xee, 0xee) : QColor(0x11, 0x11, 0x11);
    const QColor button = dark ? QColor(0x3a, 0x3d, 0x42) : QColor(0xe4, 0xe6, 0xea);
    const QColor disabled = dark ? QColor(0x8c, 0x8c, 0x8c) : QColor(0x7a, 0x7a, 0x7a);
    const QColor highlight = dark ? QColor(0x2f, 0x7d, 0xd8) : QColor(0x1f, 0x63, 0xc6);
    QPalette p(button, window);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, dark ? QColor(0x26, 0x28, 0x2c) : QColor(0xf3, 0xf4, 0xf6));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc0, 0x00, 0x00));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
    p.setColor(QPalette::ToolTipBase, dark ? QColor(0x3a, 0x3d, 0x42) : QColor(0xff, 0xff, 0xe8));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, dark ? QColor(0xb0, 0xb0, 0xb0) : QColor(0x50, 0x50, 0x50));
    p.setColor(QPalette::Link, dark ? QColor(0x8a, 0xc4, 0xff) : QColor(0x0b, 0x57, 0xb0));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(
        QPalette::Disabled, QPalette::Highlight, dark ? QColor(0x50, 0x55, 0x5c) : QColor(0xb8, 0xbc, 0xc4));
    return p;
}

bool isDarkPalette(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor meaningColour(MeaningColour meaning, const QPalette& palette)
{
    const bool dark = isDarkPalette(palette);
    switch (meaning) {
    case MeaningColour::IoBound:
        return dark ? QColor(0x6c, 0xaa, 0xff) : QColor(0x1d, 0x4e, 0xd8);
    case MeaningColour::CpuBound:
        return dark ? QColor(0xff, 0x9a, 0x4d) : QColor(0xb4, 0x3c, 0x0a);
    case MeaningColour::Warning:
        return dark ? QColor(0xff, 0x80, 0x80) : QColor(0xb9, 0x1c, 0x1c);
    case MeaningColour::Good:
        return dark ? QColor(0x5c, 0xd6, 0x7a) : QColor(0x1b, 0x7a, 0x1b);
    }
    return palette.color(QPalette::Text);
}

} // namespace interleave
