#include "labviews/labrunview.h"

#include "labviews/labreplay.h"
#include "teachviews/lessonmarkup.h"
#include "timeline/timelinewidget.h"

#include <QFont>
#include <QLabel>
#include <QPushButton>

namespace interleave {

LabRunView::LabRunView(QWidget* parent)
    : QWidget(parent)
{
    setFont(labFont(kLabBodyPt));
}

void LabRunView::makeTexts()
{
    m_title = makeLabText(this, kLabTitlePt, true);
    m_explanation = makeLabText(this);
    m_explanation->setTextFormat(Qt::RichText); // the demo's text marks code with backticks
    m_python = makeLabCode(this);
    m_outcome = makeLabText(this, kLabBodyPt, true);
}

void LabRunView::makeTimeline()
{
    m_timeline = new TimelineWidget(this);
    QFont timelineFont = m_timeline->font();
    timelineFont.setPointSizeF(12);
    m_timeline->setFont(timelineFont);
    m_replay = new LabReplay(m_timeline, this);
}

void LabRunView::setTexts(const QString& title, const std::string& explanation, const std::string& python)
{
    m_title->setText(title);
    m_explanation->setText(lessonMarkupToHtml(explanation));
    m_python->setText(QString::fromStdString(python));
}

void LabRunView::showStartFailed(const std::exception& e, QString* error)
{
    if (error)
        *error = QString::fromStdString(e.what());
    m_outcome->setText(QString::fromStdString(e.what()));
}

void LabRunView::showStarted()
{
    m_outcome->setText(QStringLiteral("Running..."));
    m_timeline->setTrace(Trace());
    m_timeline->setFollowLive(true);
    m_replay->runStarted();
    setRunning(true);
}

void LabRunView::showFinished()
{
    m_timeline->fitToTrace();
    // The last snapshot, taken once the run had ended, is its whole trace.
    m_replay->runEnded(m_timeline->trace());
    setRunning(false);
    emit runFinished();
}

void LabRunView::showLiveTrace(const Recorder& recorder)
{
    m_timeline->setTrace(Trace::fromSnapshot(recorder.snapshot()));
    m_replay->showLive(m_timeline->trace());
}

void LabRunView::showEndedTrace(const Trace& trace)
{
    m_timeline->setFollowLive(false);
    m_timeline->setTrace(trace);
    m_timeline->fitToTrace();
    m_replay->runEnded(trace);
}

void LabRunView::clearRun()
{
    m_timeline->setTrace(Trace());
    m_replay->clear();
}

void LabRunView::setRunning(bool running)
{
    m_runButton->setEnabled(!running);
    m_stopButton->setEnabled(running);
}

void LabRunView::setTheme(TimelineTheme theme)
{
    applyLabTheme(*this, theme);
    m_timeline->setTheme(theme);
}

} // namespace interleave
