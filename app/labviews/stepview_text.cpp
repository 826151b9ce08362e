#include "labviews/stepview.h"

// What the step-through says: the count of every schedule and where each ends, the history
// of the steps taken, and the narration of the step just made.

#include "qtext.h"
#include "themepalette.h"

namespace interleave {

QString StepView::explorerText() const
{
    if (!m_exploration)
        return tr("Every schedule: %1").arg(m_explorerProblem);
    const Exploration& e = *m_exploration;
    const std::int64_t expected = m_machine.config().expected();
    const StepConfig& c = m_machine.config();
    QString text = c.gil ? tr("With the GIL, switching only at eval-breaker checks:<br>")
                         : tr("Without the GIL, any thread at any step:<br>");
    text += tr("<b>Every possible schedule: %1</b><br>").arg(groupedNumber(static_cast<std::int64_t>(e.schedules)));
    const std::uint64_t losing = e.losingSchedules(expected);
    for (const auto& [value, count] : e.finalValues) {
        text += tr("%1 end at <b>%2</b>%3<br>")
                    .arg(groupedNumber(static_cast<std::int64_t>(count)))
                    .arg(value)
                    .arg(value == expected          ? tr(" (correct)")
                            : expected - value == 1 ? tr(" (one update lost)")
                                                    : tr(" (%1 updates lost)").arg(expected - value));
    }
    const QString share = percentFigure(static_cast<double>(losing) / static_cast<double>(e.schedules));
    if (losing == 0 && c.gil && !c.lock && c.between == RaceBetween::None)
        text += tr("No schedule loses an update: no check falls between the load and the store.");
    else if (losing == 0)
        text += tr("No schedule loses an update.");
    else if (losing == e.schedules)
        text += tr("Every schedule loses at least one update.");
    else if (share == percentFigure(1.0)) // rounds to 100.0 %
        text += tr("All but %1 of them lose at least one update.")
                    .arg(groupedNumber(static_cast<std::int64_t>(e.schedules - losing)));
    else
        text += tr("%1% of them lose at least one update.").arg(share);
    return text;
}

QString StepView::historyHtml() const
{
    // Replayed from the start: the machine keeps states, the history needs what each step did.
    const StepConfig& c = m_machine.config();
    const std::vector<int>& schedule = m_machine.schedule();
    if (schedule.empty())
        return tr("<i>The steps taken will be listed here.</i>");
    // The last steps matter most: show at most this many.
    constexpr std::size_t kShown = 14;
    const std::size_t first = schedule.size() > kShown ? schedule.size() - kShown : 0;
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='2'>");
    StepState state = initialState(c);
    for (std::size_t i = 0; i < schedule.size(); ++i) {
        const int t = schedule[i];
        const MicroOp op = *interleave::nextOp(c, state, t);
        const StepState before = state;
        state = applyStep(c, state, t);
        if (i < first)
            continue;
        const std::int64_t reg = state.threads[static_cast<std::size_t>(t)].reg;
        QString what;
        bool lost = false;
        switch (op) {
        case MicroOp::Acquire:
            what = tr("takes the lock");
            break;
        case MicroOp::Load:
            what = tr("register = %1").arg(reg);
            break;
        case MicroOp::Call:
            what = tr("one() returns 1 (an eval-breaker check)");
            break;
        case MicroOp::Add:
            what = tr("register = %1").arg(reg);
            break;
        case MicroOp::Store:
            lost = reg <= before.counter;
            what = lost ? tr("counter = %1 (it was already %2: an update lost)").arg(reg).arg(before.counter)
                        : tr("counter = %1").arg(reg);
            break;
        case MicroOp::Release:
            what = tr("gives the lock back");
            break;
        }
        html += QStringLiteral(
            "<tr%1><td align='right'>%2.</td><td>&nbsp;%3</td><td>&nbsp;<b>%4</b></td><td>&nbsp;%5</td></tr>")
                    .arg(lost ? QStringLiteral(" style='color:%1'")
                                    .arg(meaningColour(MeaningColour::Warning, palette()).name())
                              : QString())
                    .arg(i + 1)
                    .arg(threadName(t))
                    .arg(QString::fromUtf8(microOpName(op).data()))
                    .arg(what.toHtmlEscaped());
    }
    html += QStringLiteral("</table>");
    if (first > 0)
        html = tr("<i>(the first %1 steps are not shown)</i>").arg(first) + html;
    return html;
}

void StepView::narrate(int thread, MicroOp op, const StepState& before)
{
    const QString name = threadName(thread);
    const StepState& after = m_machine.state();
    const std::int64_t reg = after.threads[static_cast<std::size_t>(thread)].reg;
    switch (op) {
    case MicroOp::Acquire:
        m_narration = tr("%1 takes the lock.").arg(name);
        break;
    case MicroOp::Load:
        m_narration = tr("%1 reads the counter: its register holds %2.").arg(name).arg(reg);
        break;
    case MicroOp::Call:
        m_narration = m_machine.config().gil
            ? tr("%1 calls one(). Its RESUME checks the eval breaker: another thread may take the GIL "
                 "now, between the load and the store.")
                  .arg(name)
            : tr("%1 calls one(), which returns 1.").arg(name);
        break;
    case MicroOp::Add:
        m_narration = tr("%1 adds 1 in its register: %2. The counter still says %3.")
                          .arg(name)
                          .arg(reg)
                          .arg(after.counter);
        break;
    case MicroOp::Store:
        m_narration = reg <= before.counter
            ? tr("%1 writes %2 back, but the counter already said %3: an update is lost!")
                  .arg(name)
                  .arg(reg)
                  .arg(before.counter)
            : tr("%1 writes %2 back to the counter.").arg(name).arg(reg);
        break;
    case MicroOp::Release:
        m_narration = tr("%1 gives the lock back.").arg(name);
        break;
    }
}

QString StepView::threadName(int thread) const
{
    return tr("Thread-%1").arg(thread + 1);
}

} // namespace interleave
