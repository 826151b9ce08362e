#include "timeline/replaybar.h"

#include "qtext.h"
#include "timeline/replaycontroller.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QPolygonF>
#include <QSignalBlocker>
#include <QSlider>
#include <QToolButton>

#include <algorithm>
#include <cmath>

namespace interleave {
namespace {

QToolButton* buttonFor(QAction* action, QWidget* parent)
{
    auto* button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setAutoRaise(true);
    button->setIconSize(QSize(28, 28)); // big enough to hit and to see from the back
    return button;
}

// The readout is as wide as the widest text it shows for a run under ten seconds ("9999.999 ms /
// 9999.999 ms"; longer runs count in seconds, shorter in microseconds, both narrower): the bar's
// arrangement does not change while the playhead counts.
class ReadoutLabel : public QLabel {
public:
    using QLabel::QLabel;

    QSize minimumSizeHint() const override { return widest(QLabel::minimumSizeHint()); }
    QSize sizeHint() const override { return widest(QLabel::sizeHint()); }

private:
    QSize widest(QSize own) const
    {
        const int text = fontMetrics().horizontalAdvance(QStringLiteral("9999.999 ms / 9999.999 ms"));
        return {std::max(own.width(), text + 2 * margin() + 2 * frameWidth()), own.height()};
    }
};

QPixmap drawSymbol(ReplayBar::Symbol symbol, const QColor& colour)
{
    using Symbol = ReplayBar::Symbol;
    constexpr int kSize = 32;
    QPixmap pixmap(QSize(kSize, kSize) * 2);
    pixmap.setDevicePixelRatio(2);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    const auto right = [&](double x, double w) { // a triangle pointing right, w wide
        p.drawPolygon(QPolygonF({QPointF(x, 7), QPointF(x + w, 16), QPointF(x, 25)}));
    };
    const auto left = [&](double x, double w) {
        p.drawPolygon(QPolygonF({QPointF(x + w, 7), QPointF(x, 16), QPointF(x + w, 25)}));
    };
    switch (symbol) {
    case Symbol::ToStart:
        p.drawRect(QRectF(7, 7, 3.5, 18));
        left(11, 14);
        break;
    case Symbol::StepBack:
        left(4, 12);
        left(15, 12);
        break;
    case Symbol::Play:
        right(9, 16);
        break;
    case Symbol::Pause:
        p.drawRect(QRectF(9, 7, 5, 18));
        p.drawRect(QRectF(18, 7, 5, 18));
        break;
    case Symbol::StepForward:
        right(5, 12);
        right(16, 12);
        break;
    case Symbol::ToEnd:
        right(7, 14);
        p.drawRect(QRectF(21.5, 7, 3.5, 18));
        break;
    case Symbol::Stop:
        p.drawRoundedRect(QRectF(8, 8, 16, 16), 2, 2);
        break;
    }
    return pixmap;
}

} // namespace

QIcon ReplayBar::symbolIcon(Symbol symbol, const QColor& colour, const QColor& disabledColour)
{
    QIcon icon;
    icon.addPixmap(drawSymbol(symbol, colour), QIcon::Normal);
    icon.addPixmap(drawSymbol(symbol, disabledColour), QIcon::Disabled);
    return icon;
}

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
    const auto makeAction = [this](const QString& text, const QString& name, const QString& tip) {
        auto* action = new QAction(text, this);
        action->setObjectName(name);
        action->setToolTip(tip);
        action->setStatusTip(tip);
        return action;
    };
    m_toStart = makeAction(tr("Replay from the s&tart"), QStringLiteral("replayToStartAction"),
        tr("Playhead to the start of the trace (Home)"));
    m_stepBack = makeAction(tr("Step &back"), QStringLiteral("replayStepBackAction"),
        tr("Playhead to the previous state change: of the selected lane, or of any lane (Left)"));
    m_playPause = makeAction(tr("&Play replay"), QStringLiteral("replayPlayPauseAction"),
        tr("Play the run again at the chosen speed, or pause it (Space)"));
    m_stepForward = makeAction(tr("Step &forward"), QStringLiteral("replayStepForwardAction"),
        tr("Playhead to the next state change: of the selected lane, or of any lane (Right)"));
    m_toEnd = makeAction(tr("Replay to the &end"), QStringLiteral("replayToEndAction"),
        tr("Playhead to the end: the whole run shown (End)"));

    connect(m_toStart, &QAction::triggered, controller, &ReplayController::toStart);
    connect(m_stepBack, &QAction::triggered, controller, &ReplayController::stepBackward);
    connect(m_playPause, &QAction::triggered, controller, &ReplayController::togglePlaying);
    connect(m_stepForward, &QAction::triggered, controller, &ReplayController::stepForward);
    connect(m_toEnd, &QAction::triggered, controller, &ReplayController::toEnd);
    // After the controller's own connections: the playhead is already where the move put it.
    for (QAction* move : {m_toStart, m_stepBack, m_stepForward, m_toEnd})
        connect(move, &QAction::triggered, this, &ReplayBar::movedByHand);

    m_scrub = new QSlider(Qt::Horizontal, this);
    m_scrub->setObjectName(QStringLiteral("replayScrubBar"));
    m_scrub->setRange(0, kScrubSteps);
    m_scrub->setPageStep(kScrubSteps / 20);
    m_scrub->setToolTip(tr("Drag to move the playhead through the run"));
    // Grows with the bar; at its narrowest (a 1280 px screen with both docks open) still a
    // handle's worth of travel for each second of a short run.
    m_scrub->setMinimumWidth(96);
    // Follows the hand while it drags, and a click on the groove too.
    connect(m_scrub, &QSlider::valueChanged, this, [this](int value) {
        m_controller->seek(m_controller->clock().timeAtFraction(static_cast<double>(value) / kScrubSteps));
        emit movedByHand();
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

    m_readout = new ReadoutLabel(this);
    m_readout->setObjectName(QStringLiteral("replayReadout"));
    // Fixed-width digits: the readout counts without shaking.
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(std::max(12.0, font().pointSizeF() * 1.2));
    m_readout->setFont(mono);
    m_readout->setToolTip(tr("Playhead / length of the run, from its first record"));

    auto* speedLabel = new QLabel(tr("S&peed"), this);
    speedLabel->setBuddy(m_speed);

    // Two groups that each stay on one row: the transport with the speed, and the scrub bar
    // with the readout. Side by side where the bar is wide enough, else one above the other,
    // and at the narrowest (a 1024 px screen with both docks, classroom type) the readout
    // under the scrub bar (arrange()).
    m_transportRow = new QHBoxLayout;
    m_transportRow->setSpacing(4);
    for (QAction* action : {m_toStart, m_stepBack, m_playPause, m_stepForward, m_toEnd})
        m_transportRow->addWidget(buttonFor(action, this));
    m_transportRow->addSpacing(8);
    m_transportRow->addStretch(1);
    m_transportRow->addWidget(speedLabel);
    m_transportRow->addWidget(m_speed);
    m_positionRow = new QBoxLayout(QBoxLayout::LeftToRight);
    m_positionRow->setSpacing(8);
    m_positionRow->addWidget(m_scrub, 1);
    m_positionRow->addWidget(m_readout, 0, Qt::AlignRight);
    m_rows = new QBoxLayout(QBoxLayout::LeftToRight, this);
    m_rows->setContentsMargins(6, 2, 8, 2);
    m_rows->setSpacing(8);
    m_rows->addLayout(m_transportRow, 0);
    m_rows->addLayout(m_positionRow, 1);

    connect(controller, &ReplayController::positionChanged, this, &ReplayBar::updatePosition);
    connect(controller, &ReplayController::playingChanged, this, &ReplayBar::updatePlaying);
    connect(controller, &ReplayController::speedChanged, this, &ReplayBar::updateSpeed);
    connect(controller, &ReplayController::availabilityChanged, this, &ReplayBar::updateAvailability);
    updateIcons();
    updateSpeed(controller->speed());
    updatePlaying(controller->isPlaying());
    updatePosition();
    updateAvailability(controller->isAvailable());
}

namespace {

int minimumWidthOf(QWidget* widget)
{
    return QWidgetItem(widget).minimumSize().width(); // as a layout would have it
}

} // namespace

ReplayBar::Widths ReplayBar::widthsNeeded() const
{
    const QMargins m = m_rows->contentsMargins();
    const int margins = m.left() + m.right();
    const int transport = m_transportRow->minimumSize().width();
    const int scrub = minimumWidthOf(m_scrub);
    const int readout = minimumWidthOf(m_readout);
    const int position = scrub + m_positionRow->spacing() + readout;
    return {.oneRow = margins + transport + m_rows->spacing() + position,
        .twoRows = margins + std::max(transport, position),
        .threeRows = margins + std::max({transport, scrub, readout})};
}

void ReplayBar::arrange()
{
    const Widths needed = widthsNeeded();
    const int w = width();
    m_rows->setDirection(w >= needed.oneRow ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
    m_positionRow->setDirection(w >= needed.twoRows ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
}

QSize ReplayBar::minimumSizeHint() const
{
    // The narrowest arrangement's width; the height of the one the present width has.
    return {widthsNeeded().threeRows, QWidget::minimumSizeHint().height()};
}

void ReplayBar::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    arrange();
}

bool ReplayBar::event(QEvent* event)
{
    const bool handled = QWidget::event(event);
    // A part's size changed (classroom mode's type, a theme's font): the rows the width allows
    // may have too.
    if (event->type() == QEvent::LayoutRequest)
        arrange();
    return handled;
}

void ReplayBar::showLive(TimeNs recorded)
{
    if (m_controller->isAvailable())
        return; // a trace to replay: the readout is the playhead's
    recorded = std::max<TimeNs>(0, recorded);
    m_readout->setText(tr("live: %1").arg(toQString(formatReplayTime(recorded, recorded))));
}

void ReplayBar::updatePosition()
{
    if (!m_controller->isAvailable()) {
        m_readout->setText(QStringLiteral("–"));
        return;
    }
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
    m_playPause->setText(playing ? tr("&Pause replay") : tr("&Play replay"));
    updateIcons();
}

void ReplayBar::updateIcons()
{
    const QColor colour = palette().color(QPalette::Active, QPalette::ButtonText);
    const QColor disabled = palette().color(QPalette::Disabled, QPalette::ButtonText);
    const bool playing = m_controller->isPlaying();
    m_toStart->setIcon(symbolIcon(Symbol::ToStart, colour, disabled));
    m_stepBack->setIcon(symbolIcon(Symbol::StepBack, colour, disabled));
    m_playPause->setIcon(symbolIcon(playing ? Symbol::Pause : Symbol::Play, colour, disabled));
    m_stepForward->setIcon(symbolIcon(Symbol::StepForward, colour, disabled));
    m_toEnd->setIcon(symbolIcon(Symbol::ToEnd, colour, disabled));
}

void ReplayBar::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateIcons(); // a new theme: symbols in its text colour
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
