#include "teachviews/classroommode.h"

#include "comboboxsize.h"
#include "teach/lesson.h"
#include "themepalette.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QMainWindow>
#include <QSettings>

#include <algorithm>
#include <initializer_list>
#include <utility>

namespace interleave {

namespace {

const char* kFontScaleKey = "classroom/fontScale";

using RoleColours = std::initializer_list<std::pair<QPalette::ColorRole, QColor>>;

void setRoleColours(QPalette& palette, QPalette::ColorGroup group, RoleColours colours)
{
    for (const auto& [role, colour] : colours)
        palette.setColor(group, role, colour);
}

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
        QApplication::setPalette(highContrastPalette(m_theme));
        m_window->setWindowState(m_savedWindowState | Qt::WindowFullScreen);
    } else {
        restoreOwnFonts();
        QApplication::setFont(m_savedFont);
        remeasureComboBoxes();
        QApplication::setPalette(m_savedPalette);
        m_window->setWindowState(m_savedWindowState);
    }
    {
        const QSignalBlocker block(m_action);
        m_action->setChecked(on);
    }
    emit enabledChanged(on);
}

void ClassroomMode::setTheme(TimelineTheme theme)
{
    m_theme = theme;
    if (m_enabled) {
        m_savedPalette = themePalette(theme);
        QApplication::setPalette(highContrastPalette(theme));
    }
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
    remeasureComboBoxes();
}

void ClassroomMode::remeasureComboBoxes()
{
    // Queued: the new type reaches the widgets by events of its own, which go first.
    QMetaObject::invokeMethod(this, [this] {
        for (QComboBox* box : m_window->findChildren<QComboBox*>())
            remeasureComboBox(*box);
    }, Qt::QueuedConnection);
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

QPalette ClassroomMode::highContrastPalette(TimelineTheme theme)
{
    // Black on white, or white on black, with saturated accents: projectors wash out greys and
    // pastel colours.
    const bool dark = theme == TimelineTheme::Dark;
    const QColor paper = dark ? QColor(Qt::black) : QColor(Qt::white);
    const QColor ink = dark ? QColor(Qt::white) : QColor(Qt::black);
    const QColor accent = dark ? QColor(0x5c, 0xa8, 0xff) : QColor(0x00, 0x3c, 0xb4);
    const QColor button = dark ? QColor(0x26, 0x26, 0x26) : QColor(0xf2, 0xf2, 0xf2);
    const QColor quiet = dark ? QColor(0xc0, 0xc0, 0xc0) : QColor(0x40, 0x40, 0x40);
    const RoleColours enabled = {
        {QPalette::Window, paper},
        {QPalette::WindowText, ink},
        // On black, fields a step lighter than the window: the style draws their frames in a
        // shade of the window's colour, which on black is black too.
        {QPalette::Base, dark ? QColor(0x18, 0x18, 0x18) : paper},
        {QPalette::AlternateBase, dark ? QColor(0x24, 0x24, 0x24) : QColor(0xee, 0xee, 0xee)},
        {QPalette::Text, ink},
        {QPalette::Button, button},
        {QPalette::ButtonText, ink},
        {QPalette::BrightText, paper},
        {QPalette::Highlight, accent},
        {QPalette::HighlightedText, dark ? QColor(Qt::black) : QColor(Qt::white)},
        {QPalette::Link, accent},
        {QPalette::ToolTipBase, dark ? QColor(0x33, 0x33, 0x1a) : QColor(0xff, 0xff, 0xcc)},
        {QPalette::ToolTipText, ink},
        {QPalette::PlaceholderText, quiet},
        {QPalette::Light, dark ? QColor(0x70, 0x70, 0x70) : QColor(Qt::white)},
        {QPalette::Midlight, dark ? QColor(0x50, 0x50, 0x50) : QColor(0xcc, 0xcc, 0xcc)},
        {QPalette::Mid, QColor(0x70, 0x70, 0x70)},
        {QPalette::Dark, dark ? QColor(0x20, 0x20, 0x20) : QColor(0x40, 0x40, 0x40)},
        {QPalette::Shadow, QColor(Qt::black)},
    };
    // Disabled text stays readable: only a step towards the paper, not the usual pale grey.
    const QColor disabledText = dark ? QColor(0xa8, 0xa8, 0xa8) : QColor(0x55, 0x55, 0x55);
    const RoleColours disabled = {
        {QPalette::WindowText, disabledText},
        {QPalette::Text, disabledText},
        {QPalette::ButtonText, disabledText},
        {QPalette::Window, paper},
        {QPalette::Base, dark ? QColor(0x18, 0x18, 0x18) : paper},
        {QPalette::Button, button},
    };
    QPalette p;
    for (QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive})
        setRoleColours(p, group, enabled);
    setRoleColours(p, QPalette::Disabled, disabled);
    return p;
}

} // namespace interleave
