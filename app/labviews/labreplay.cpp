#include "labviews/labreplay.h"

#include "timeline/replaybar.h"
#include "timeline/replaycontroller.h"
#include "timeline/replayplayhead.h"
#include "timeline/timelinewidget.h"

#include <QVBoxLayout>

namespace interleave {

LabReplay::LabReplay(TimelineWidget* timeline, QWidget* parent)
    : QWidget(parent)
    , m_timeline(timeline)
    , m_controller(new ReplayController(this))
{
    setObjectName(QStringLiteral("labReplay"));
    m_bar = new ReplayBar(m_controller, this);
    // The bar's Space is the window's replay key; on a lab tab Space runs the demo, and the Lab
    // menu's replay keys (P, the arrows, Home, End) drive this bar.
    m_bar->playPauseAction()->setToolTip(tr("Play this run again at the chosen speed, or pause it (P)"));
    m_bar->playPauseAction()->setStatusTip(m_bar->playPauseAction()->toolTip());
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_bar);

    m_controller->setLaneOfInterest([this]() -> std::optional<LaneId> {
        if (const auto selected = m_timeline->selection())
            return selected->lane;
        return std::nullopt;
    });
    connect(m_controller, &ReplayController::positionChanged, this, &LabReplay::positionChanged);
    connect(m_controller, &ReplayController::availabilityChanged, this, &LabReplay::positionChanged);
    connect(m_controller, &ReplayController::playingChanged, this, &LabReplay::positionChanged);
    hide(); // nothing to replay before the first run
}

void LabReplay::runStarted()
{
    show();
    m_controller->clear();
    m_bar->showLive(0);
    emit shownTimeChanged();
}

void LabReplay::showLive(const Trace& trace)
{
    m_bar->showLive(trace.duration());
    emit shownTimeChanged();
}

void LabReplay::runEnded(const Trace& trace)
{
    show();
    m_controller->setTrace(trace);
    positionChanged();
}

void LabReplay::clear()
{
    hide();
    m_controller->clear();
    emit shownTimeChanged();
}

std::optional<TimeNs> LabReplay::shownTime() const
{
    if (m_controller->isAvailable())
        return m_controller->position();
    const Trace& shown = m_timeline->trace();
    if (shown.empty())
        return std::nullopt;
    return shown.endTime();
}

void LabReplay::positionChanged()
{
    showReplayOnTimeline(*m_controller, *m_timeline);
    emit shownTimeChanged();
}

} // namespace interleave
