#include "teachviews/classroommode.h"

#include "teach/lesson.h"

#include <QAction>
#include <QApplication>
#include <QMainWindow>
#include <QSettings>

#include <algorithm>

namespace interleave {

namespace {

const char* kFontScaleKey = "classroom/fontScale";

} // namespace

ClassroomMode::ClassroomMode(QMainWindow* window)
    : QObject(window)
    , m_window(window)
{
    m_fontScale = std::clamp(QSettings().value(QLatin1String(kFontScaleKey), kDefaultFontScale).toDouble(),
        kMinFontScale, kMaxFontScale);
    m_action = new QAction(tr("&Classroom mode"), this);
    m_action->setObjectName(QStringLiteral("classroomModeAction"));
    m_action->setCheckable(true);
    m_action->setShortcut(Qt::Key_F6); // F5 runs, as in the Run menu
    m_action->setStatusTip(tr("Full screen, large type and high contrast, for a projector"));
    connect(m_action, &QAction::toggled, this, &ClassroomMode::setEnabled);
    window->addAction(m_action);
}

ClassroomMode::~ClassroomMode()
{
    // The application outlives the window: leave its font and palette as they were.
    if (m_enabled) {
        restoreOwnFonts();
        QApplication::setFont(m_savedFont);
        QApplication::setPalette(m_savedPalette);
    }
}

void ClassroomMode::setEnabled(bool on)
{
    if (on == m_enabled)
        return;
    m_enabled = on;
    if (on) {
        m_savedFont = QApplication::font();
        m_savedPalette = QApplication::palette();
        m_savedWindowState = m_window->windowState();
        applyFont();
        QApplication::setPalette(highContrastPalette());
        m_window->setWindowState(m_savedWindowState | Qt::WindowFullScreen);
    } else {
        restoreOwnFonts();
        QApplication::setFont(m_savedFont);
        QApplication::setPalette(m_savedPalette);
        m_window->setWindowState(m_savedWindowState);
    }
    {
        const QSignalBlocker block(m_action);
        m_action->setChecked(on);
    }
    emit enabledChanged(on);
}

void ClassroomMode::setFontScale(double scale)
{
    m_fontScale = std::clamp(scale, kMinFontScale, kMaxFontScale);
    QSettings().setValue(QLatin1String(kFontScaleKey), m_fontScale);
    if (m_enabled)
        applyFont();
}

namespace {

QFont scaled(QFont font, double scale)
{
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * scale);
    else
        font.setPixelSize(static_cast<int>(font.pixelSize() * scale + 0.5));
    return font;
}

} // namespace

void ClassroomMode::applyFont()
{
    restoreOwnFonts();
    QApplication::setFont(scaled(m_savedFont, m_fontScale));
    scaleOwnFonts();
}

void ClassroomMode::scaleOwnFonts()
{
    // Gathered first, then set: each widget's own size is scaled once, whatever the order.
    for (QWidget* widget : m_window->findChildren<QWidget*>())
        if (widget->testAttribute(Qt::WA_SetFont))
            m_ownFonts.emplace_back(widget, widget->font());
    for (const auto& [widget, font] : m_ownFonts)
        widget->setFont(scaled(font, m_fontScale));
}

void ClassroomMode::restoreOwnFonts()
{
    for (const auto& [widget, font] : m_ownFonts)
        if (widget)
            widget->setFont(font);
    m_ownFonts.clear();
}

double ClassroomMode::replaySpeed(const Lesson* lesson) const
{
    if (lesson != nullptr)
        return lesson->replaySpeed;
    return m_enabled ? kClassroomReplaySpeed : 1.0;
}

QPalette ClassroomMode::highContrastPalette()
{
    // Black on white with saturated accents: projectors wash out greys and pastel colours.
    QPalette p;
    const QColor white(Qt::white);
    const QColor black(Qt::black);
    const QColor blue(0x00, 0x3c, 0xb4);
    for (QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive}) {
        p.setColor(group, QPalette::Window, white);
        p.setColor(group, QPalette::WindowText, black);
        p.setColor(group, QPalette::Base, white);
        p.setColor(group, QPalette::AlternateBase, QColor(0xee, 0xee, 0xee));
        p.setColor(group, QPalette::Text, black);
        p.setColor(group, QPalette::Button, QColor(0xf2, 0xf2, 0xf2));
        p.setColor(group, QPalette::ButtonText, black);
        p.setColor(group, QPalette::BrightText, white);
        p.setColor(group, QPalette::Highlight, blue);
        p.setColor(group, QPalette::HighlightedText, white);
        p.setColor(group, QPalette::Link, blue);
        p.setColor(group, QPalette::ToolTipBase, QColor(0xff, 0xff, 0xcc));
        p.setColor(group, QPalette::ToolTipText, black);
        p.setColor(group, QPalette::PlaceholderText, QColor(0x40, 0x40, 0x40));
        p.setColor(group, QPalette::Light, white);
        p.setColor(group, QPalette::Midlight, QColor(0xcc, 0xcc, 0xcc));
        p.setColor(group, QPalette::Mid, QColor(0x70, 0x70, 0x70));
        p.setColor(group, QPalette::Dark, QColor(0x40, 0x40, 0x40));
        p.setColor(group, QPalette::Shadow, black);
    }
    // Disabled text stays readable: a dark grey, not the usual pale one.
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x55, 0x55, 0x55));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x55, 0x55, 0x55));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x55, 0x55, 0x55));
    p.setColor(QPalette::Disabled, QPalette::Window, white);
    p.setColor(QPalette::Disabled, QPalette::Base, white);
    p.setColor(QPalette::Disabled, QPalette::Button, QColor(0xf2, 0xf2, 0xf2));
    return p;
}

} // namespace interleave
