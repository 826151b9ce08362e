#pragma once

#include "timeline/timelinepalette.h"

#include <QApplication>
#include <QFont>
#include <QObject>
#include <QPalette>
#include <QPointer>
#include <QWidget>

#include <utility>
#include <vector>

class QAction;
class QMainWindow;

namespace interleave {

struct Lesson;

// Presentation mode for a teacher at a projector: the window full screen, the application's
// type scaled by fontScale() (150 to 200 %, remembered in the settings), and a high-contrast
// palette of the window's theme (setTheme: black on white, or white on black). Turning it off
// restores the window state and font as they were, and the theme's own palette.
class ClassroomMode : public QObject {
    Q_OBJECT

public:
    static constexpr double kMinFontScale = 1.5;
    static constexpr double kMaxFontScale = 2.0;
    static constexpr double kDefaultFontScale = 1.75;
    // Replay speed of an ordinary run while the mode is on; lessons use their own (slower) one.
    static constexpr double kClassroomReplaySpeed = 0.5;

    explicit ClassroomMode(QMainWindow* window);
    ~ClassroomMode() override;

    void setEnabled(bool on);
    bool isEnabled() const noexcept { return m_enabled; }

    // Clamped to [1.5, 2.0]; takes effect at once when the mode is on. Saved in QSettings
    // ("classroom/fontScale").
    void setFontScale(double scale);
    double fontScale() const noexcept { return m_fontScale; }
    // The application's font outside the mode (while it is on, the one it scales).
    QFont ordinaryFont() const { return m_enabled ? m_savedFont : QApplication::font(); }

    // The speed at which the integrator replays a run: a lesson's own slow motion
    // (Lesson::replaySpeed) when a lesson is given, else kClassroomReplaySpeed in classroom mode
    // and real time (1.0) outside it.
    double replaySpeed(const Lesson* lesson = nullptr) const;

    // A checkable action (F6) for a View menu, kept in step with the mode.
    QAction* toggleAction() const { return m_action; }

    // The window's theme, which the mode's palette is a high-contrast version of. Chosen while
    // the mode is on, it is also what leaving the mode goes back to (themePalette), not the
    // palette from before.
    void setTheme(TimelineTheme theme);
    TimelineTheme theme() const noexcept { return m_theme; }

    static QPalette highContrastPalette(TimelineTheme theme = TimelineTheme::Light);

signals:
    void enabledChanged(bool on);

private:
    void applyFont();
    // Widgets that chose their own size (a results strip at 125 %, a lab view's large
    // figures) do not follow the application's font: each is scaled by itself, and put back.
    void scaleOwnFonts();
    void restoreOwnFonts();
    // Every combo box of the window measures its items again in the new type
    // (remeasureComboBox).
    void remeasureComboBoxes();

    QMainWindow* m_window;
    QAction* m_action = nullptr;
    bool m_enabled = false;
    double m_fontScale = kDefaultFontScale;
    TimelineTheme m_theme = TimelineTheme::Light;
    QFont m_savedFont;
    QPalette m_savedPalette;
    Qt::WindowStates m_savedWindowState;
    std::vector<std::pair<QPointer<QWidget>, QFont>> m_ownFonts;
};

} // namespace interleave
