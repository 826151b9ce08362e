#pragma once

#include "trace/clock.h"

#include <QWidget>

class QAction;
class QBoxLayout;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QSlider;
class QToolButton;

namespace interleave {

class ReplayController;

// The strip under the timeline that drives a replay: to start, step back, play/pause, step
// forward, to end; a scrub bar over the trace's time; the speed; and a readout of where the
// playhead is. Its actions are public so the window can give them shortcuts and list them in
// its menus.
//
// Where it is narrow it takes two rows (the transport and the speed above the scrub bar and the
// readout), or three (the readout under the scrub bar): its minimum width is the narrowest
// arrangement's, so the bar never keeps the window from a small screen.
class ReplayBar : public QWidget {
    Q_OBJECT

public:
    explicit ReplayBar(ReplayController* controller, QWidget* parent = nullptr);

    QAction* playPauseAction() const { return m_playPause; }
    QAction* stepBackAction() const { return m_stepBack; }
    QAction* stepForwardAction() const { return m_stepForward; }
    QAction* toStartAction() const { return m_toStart; }
    QAction* toEndAction() const { return m_toEnd; }
    QSlider* scrubBar() const { return m_scrub; }
    QComboBox* speedBox() const { return m_speed; }
    QLabel* readout() const { return m_readout; }

    // While a run is recorded there is nothing to replay yet: the readout says how much has
    // been recorded ("live: 45.120 ms") until the replay has a trace. Without either it reads "–".
    void showLive(TimeNs recorded);

    // The speeds offered, slowest first: 0.01x to 4x.
    static const QList<double>& speedSteps();

    static constexpr int kScrubSteps = 10'000;

    // The transport symbols, drawn in a colour rather than taken from the style: the style's
    // are black, and vanish on a dark theme.
    enum class Symbol { ToStart, StepBack, Play, Pause, StepForward, ToEnd, Stop };
    static QIcon symbolIcon(Symbol symbol, const QColor& colour, const QColor& disabledColour);

    QSize minimumSizeHint() const override;

signals:
    // The playhead was moved from the bar, after the move: to the start or the end, a step
    // (taken or not: at the last change there is none), or the scrub bar. Not sent while it
    // plays, nor when the controller is moved by other means.
    void movedByHand();

protected:
    void changeEvent(QEvent* event) override;
    bool event(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Widths {
        int oneRow;
        int twoRows;
        int threeRows;
    };
    // The width each arrangement needs, from its parts' minimums.
    Widths widthsNeeded() const;
    void arrange();

    void updateIcons();
    void updatePosition();
    void updatePlaying(bool playing);
    void updateSpeed(double speed);
    void updateAvailability(bool available);

    ReplayController* m_controller;
    QAction* m_playPause = nullptr;
    QAction* m_stepBack = nullptr;
    QAction* m_stepForward = nullptr;
    QAction* m_toStart = nullptr;
    QAction* m_toEnd = nullptr;
    QSlider* m_scrub = nullptr;
    QComboBox* m_speed = nullptr;
    QLabel* m_readout = nullptr;
    QBoxLayout* m_rows = nullptr;
    QHBoxLayout* m_transportRow = nullptr;
    QBoxLayout* m_positionRow = nullptr;
};

} // namespace interleave
