#include "labviews/lockview_support.h"

#include "labviews/fittedcodelabel.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPalette>
#include <QWidget>

#include <functional>
#include <stdexcept>

namespace interleave {

QFont labFont(qreal points, bool bold)
{
    QFont font = QApplication::font();
    font.setPointSizeF(points);
    font.setBold(bold);
    return font;
}

QFont labCodeFont()
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setPointSizeF(kLabCodePt);
    return font;
}

QLabel* makeLabText(QWidget* parent, qreal points, bool bold)
{
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setFont(labFont(points, bold));
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

QLabel* makeLabCode(QWidget* parent)
{
    // Drawn smaller where its column is narrow, never wrapped nor scrolled sideways.
    auto* label = new FittedCodeLabel(parent);
    label->setFont(labCodeFont());
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setMargin(10);
    label->setAutoFillBackground(true);
    label->setBackgroundRole(QPalette::AlternateBase);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

void applyLabTheme(QWidget& widget, TimelineTheme theme)
{
    const TimelinePalette colours(theme);
    QPalette palette = QApplication::palette();
    if (theme == TimelineTheme::Dark) {
        palette.setColor(QPalette::Window, colours.gutterBackground());
        palette.setColor(QPalette::Base, colours.background());
        palette.setColor(QPalette::AlternateBase, colours.headerBackground());
        palette.setColor(QPalette::Button, colours.headerBackground());
        for (QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive}) {
            palette.setColor(group, QPalette::WindowText, colours.text());
            palette.setColor(group, QPalette::Text, colours.text());
            palette.setColor(group, QPalette::ButtonText, colours.text());
        }
        // Disabled controls (Stop while nothing runs) must look disabled on dark too.
        const QColor muted(0x80, 0x84, 0x8c);
        palette.setColor(QPalette::Disabled, QPalette::WindowText, muted);
        palette.setColor(QPalette::Disabled, QPalette::Text, muted);
        palette.setColor(QPalette::Disabled, QPalette::ButtonText, muted);
    } else {
        palette.setColor(QPalette::AlternateBase, colours.gutterBackground());
    }
    widget.setPalette(palette);
    widget.setAutoFillBackground(true);
}

void showOffScreen(QWidget& widget, QSize size)
{
    widget.setAttribute(Qt::WA_DontShowOnScreen);
    widget.resize(size);
    widget.show();
}

QImage paintWidget(QWidget& widget, QSize size, qreal scale)
{
    QImage image(size * scale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(widget.palette().color(QPalette::Window));
    widget.render(&image);
    return image;
}

QImage renderLabWidget(QWidget& widget, QSize size, qreal scale, const std::function<void()>& prepare)
{
    showOffScreen(widget, size);
    // Deliver the posted polish and layout requests (nothing else needs to run for a widget
    // that is never on screen).
    QCoreApplication::sendPostedEvents();
    widget.resize(size); // a layout's minimum may have grown it while showing
    QCoreApplication::sendPostedEvents();
    if (prepare)
        prepare();
    QImage image = paintWidget(widget, size, scale);
    widget.hide();
    return image;
}

} // namespace interleave
