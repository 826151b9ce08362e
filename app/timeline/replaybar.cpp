#include "timeline/replaybar.h"

#include "timeline/replaycontroller.h"

#include <QAction>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyle>
#include <QToolButton>

#include <cmath>

namespace interleave {
namespace {

QString toQString(const std::string& s)
{
    return QString::fromStdString(s);
}

QToolButton* buttonFor(QAction* action, QWidget* parent)
{
    auto* button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setAutoRaise(true);
    button->setIconSize(QSize(28, 28)); // big enough to hit and to see from the back
    return button;
}

} // namespace

const QList<double>& ReplayBar::speedSteps()
{
    static const QList<double> steps {0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0};
    return steps;
}

ReplayBar::ReplayBar(ReplayController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("replayBar"));
    const auto makeAction
        = [this](QStyle::StandardPixmap icon, const QString& text, const QString& name, const QString& tip) {
              auto* action = new QAction(style()->standardIcon(icon), text, this);
              action->setObjectName(name);
              action->setToolTip(tip);
              action->setStatusTip(tip);
              return action;
          };
    m_toStart = makeAction(QStyle::SP_MediaSkipBackward, tr("Replay from the s&tart"),
        QStringLiteral("replayToStartAction"), tr("Playhead to the start of the trace (Home)"));
    m_stepBack
        = makeAction(QStyle::SP_MediaSeekBackward, tr("Step &back"), QStringLiteral("replayStepBackAction"),
            tr("Playhead to the previous state change: of the selected lane, or of any lane (Left)"));
    m_playPause
        = makeAction(QStyle::SP_MediaPlay, tr("&Play replay"), QStringLiteral("replayPlayPauseAction"),
            tr("Play the run again at the chosen speed, or pause it (Space)"));
    m_stepForward = makeAction(QStyle::SP_MediaSeekForward, tr("Step &forward"),
        QStringLiteral("replayStepForwardAction"),
        tr("Playhead to the next state change: of the selected lane, or of any lane (Right)"));
    m_toEnd = makeAction(QStyle::SP_MediaSkipForward, tr("Replay to the &end"),
        QStringLiteral("replayToEndAction"), tr("Playhead to the end: the whole run shown (End)"));

    connect(m_toStart, &QAction::triggered, controller, &ReplayController::toStart);
    connect(m_stepBack, &QAction::triggered, controller, &ReplayController::stepBackward);
    connect(m_playPause, &QAction::triggered, controller, &ReplayController::togglePlaying);
    connect(m_stepForward, &QAction::triggered, controller, &ReplayController::stepForward);
    connect(m_toEnd, &QAction::triggered, controller, &ReplayController::toEnd);

    m_scrub = new QSlider(Qt::Horizontal, this);
    m_scrub->setObjectName(QStringLiteral("replayScrubBar"));
    m_scrub->setRange(0, kScrubSteps);
    m_scrub->setPageStep(kScrubSteps / 20);
    m_scrub->setToolTip(tr("Drag to move the playhead through the run"));
    m_scrub->setMinimumWidth(200);
    // Follows the hand while it drags, and a click on the groove too.
    connect(m_scrub, &QSlider::valueChanged, this, [this](int value) {
        m_controller->seek(m_controller->clock().timeAtFraction(static_cast<double>(value) / kScrubSteps));
    });
    connect(m_scrub, &QSlider::sliderPressed, controller, &ReplayController::pause);

    m_speed = new QComboBox(this);
    m_speed->setObjectName(QStringLiteral("replaySpeed"));
    for (double speed : speedSteps())
        m_speed->addItem(toQString(formatSpeed(speed)), speed);
    m_speed->setToolTip(
        tr("Replay speed: at 0.01x, 5 ms of the run (one GIL switch interval) take half a second"));
    connect(m_speed, &QComboBox::currentIndexChanged, this,
        [this](int index) { m_controller->setSpeed(m_speed->itemData(index).toDouble()); });

    m_readout = new QLabel(this);
    m_readout->setObjectName(QStringLiteral("replayReadout"));
    // Fixed-width digits: the readout counts without shaking.
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(std::max(12.0, font().pointSizeF() * 1.2));
    m_readout->setFont(mono);
    m_readout->setToolTip(tr("Playhead / length of the run, from its first record"));

    auto* speedLabel = new QLabel(tr("S&peed"), this);
    speedLabel->setBuddy(m_speed);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 8, 2);
    layout->setSpacing(4);
    for (QAction* action : {m_toStart, m_stepBack, m_playPause, m_stepForward, m_toEnd})
        layout->addWidget(buttonFor(action, this));
    layout->addSpacing(6);
    layout->addWidget(m_scrub, 1);
    layout->addSpacing(8);
    layout->addWidget(m_readout);
    layout->addSpacing(8);
    layout->addWidget(speedLabel);
    layout->addWidget(m_speed);

    connect(controller, &ReplayController::positionChanged, this, &ReplayBar::updatePosition);
    connect(controller, &ReplayController::playingChanged, this, &ReplayBar::updatePlaying);
    connect(controller, &ReplayController::speedChanged, this, &ReplayBar::updateSpeed);
    connect(controller, &ReplayController::availabilityChanged, this, &ReplayBar::updateAvailability);
    updateSpeed(controller->speed());
    updatePlaying(controller->isPlaying());
    updatePosition();
    updateAvailability(controller->isAvailable());
}

void ReplayBar::updatePosition()
{
    const ReplayClock& clock = m_controller->clock();
    {
        const QSignalBlocker block(m_scrub); // a move from here is not a seek
        if (!m_scrub->isSliderDown())
            m_scrub->setValue(static_cast<int>(std::lround(clock.fraction() * kScrubSteps)));
    }
    m_readout->setText(QStringLiteral("%1 / %2").arg(
        toQString(formatReplayTime(clock.position() - clock.start(), clock.duration())),
        toQString(formatReplayTime(clock.duration(), clock.duration()))));
}

void ReplayBar::updatePlaying(bool playing)
{
    m_playPause->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_playPause->setText(playing ? tr("&Pause replay") : tr("&Play replay"));
}

void ReplayBar::updateSpeed(double speed)
{
    // The nearest offered step (a stored speed may be one no longer offered).
    int best = 0;
    for (int i = 1; i < m_speed->count(); ++i) {
        if (std::abs(std::log(m_speed->itemData(i).toDouble() / speed))
            < std::abs(std::log(m_speed->itemData(best).toDouble() / speed)))
            best = i;
    }
    {
        const QSignalBlocker block(m_speed);
        m_speed->setCurrentIndex(best);
    }
    // Snap to the step shown, so the combo never names a speed other than the one used.
    const double shown = m_speed->itemData(best).toDouble();
    if (shown != speed)
        m_controller->setSpeed(shown);
}

void ReplayBar::updateAvailability(bool available)
{
    for (QAction* action : {m_toStart, m_stepBack, m_playPause, m_stepForward, m_toEnd})
        action->setEnabled(available);
    m_scrub->setEnabled(available);
    updatePosition();
}

} // namespace interleave
