#include "teachviews/advisordialog.h"

#include "teachviews/lessonmarkup.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace interleave {

namespace {

QString modelTitle(Model m)
{
    switch (m) {
    case Model::Sequential:
        return QObject::tr("sequential");
    case Model::Threads:
        return QObject::tr("threads");
    case Model::ThreadPool:
        return QObject::tr("a thread pool");
    case Model::Processes:
        return QObject::tr("processes");
    case Model::ProcessPool:
        return QObject::tr("a process pool");
    case Model::Asyncio:
        return QObject::tr("asyncio");
    }
    return {};
}

QString workloadTitle(WorkloadKind w)
{
    switch (w) {
    case WorkloadKind::Cpu:
        return QObject::tr("CPU-bound");
    case WorkloadKind::Io:
        return QObject::tr("I/O-bound");
    case WorkloadKind::Mixed:
        return QObject::tr("mixed");
    }
    return {};
}

// The advice's sentences mark code with backticks, as lessons do.
QString withCode(const std::string& text)
{
    return lessonMarkupToHtml(text);
}

} // namespace

AdvisorDialog::AdvisorDialog(QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Which model should I use?"));
    setObjectName(QStringLiteral("advisorDialog"));

    auto* questions = new QVBoxLayout;
    m_work = addQuestion(questions, tr("Where does each task spend its time?"),
        {tr("Computing (CPU-bound)"), tr("Waiting: network, disk (I/O-bound)"), tr("Both")}, 1);
    m_count = addQuestion(questions, tr("How many tasks?"),
        {tr("A few (up to ~30)"), tr("Hundreds"), tr("Thousands or more")}, 0);
    m_shared = addQuestion(questions, tr("Do the tasks change shared data?"), {tr("No"), tr("Yes")}, 0);
    m_cores = addQuestion(
        questions, tr("Must the work use several cores to be fast enough?"), {tr("No"), tr("Yes")}, 0);
    questions->addStretch(1);

    m_recommendation = new QTextBrowser(this);
    m_recommendation->setObjectName(QStringLiteral("advisorRecommendation"));
    m_recommendation->setMinimumWidth(420);

    auto* columns = new QHBoxLayout;
    columns->addLayout(questions, 2);
    columns->addWidget(m_recommendation, 3);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_demonstrate = buttons->addButton(tr("Run a demonstration"), QDialogButtonBox::AcceptRole);
    m_demonstrate->setObjectName(QStringLiteral("advisorDemonstrate"));
    m_demonstrate->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_demonstrate, &QPushButton::clicked, this, [this] {
        emit demonstrationRequested(m_advice.demonstration);
        accept();
    });

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(buttons);

    updateAdvice();
    // In characters and lines, so that classroom mode's larger type gets a larger dialog.
    const QFontMetrics metrics(font());
    resize(metrics.averageCharWidth() * 150, metrics.lineSpacing() * 36);
}

QButtonGroup* AdvisorDialog::addQuestion(
    QVBoxLayout* layout, const QString& question, const QStringList& answers, int checked)
{
    auto* box = new QGroupBox(question, this);
    auto* boxLayout = new QVBoxLayout(box);
    auto* group = new QButtonGroup(box);
    for (int i = 0; i < answers.size(); ++i) {
        auto* button = new QRadioButton(answers[i], box);
        button->setStyleSheet(QStringLiteral("QRadioButton::indicator { width: 0.9em; height: 0.9em; }"));
        group->addButton(button, i);
        boxLayout->addWidget(button);
        button->setChecked(i == checked);
    }
    connect(group, &QButtonGroup::idToggled, this, [this](int, bool on) {
        if (on)
            updateAdvice();
    });
    layout->addWidget(box);
    return group;
}

AdvisorAnswers AdvisorDialog::answers() const
{
    AdvisorAnswers a;
    a.work = static_cast<WorkBound>(std::max(0, m_work->checkedId()));
    a.tasks = static_cast<TaskCount>(std::max(0, m_count->checkedId()));
    a.sharedState = m_shared->checkedId() == 1;
    a.needSeveralCores = m_cores->checkedId() == 1;
    return a;
}

void AdvisorDialog::setAnswers(const AdvisorAnswers& a)
{
    m_work->button(static_cast<int>(a.work))->setChecked(true);
    m_count->button(static_cast<int>(a.tasks))->setChecked(true);
    m_shared->button(a.sharedState ? 1 : 0)->setChecked(true);
    m_cores->button(a.needSeveralCores ? 1 : 0)->setChecked(true);
    updateAdvice();
}

void AdvisorDialog::updateAdvice()
{
    m_advice = advise(answers());
    QString html = QStringLiteral("<h2>%1</h2><p>%2</p>")
                       .arg(QString::fromStdString(m_advice.headline).toHtmlEscaped(),
                           QString::fromStdString(m_advice.reason).toHtmlEscaped());
    if (!m_advice.alternatives.empty()) {
        QStringList others;
        for (Model m : m_advice.alternatives)
            others << modelTitle(m);
        html += tr("<p><i>Also reasonable:</i> %1.</p>").arg(others.join(QStringLiteral(", ")));
    }
    if (!m_advice.notes.empty()) {
        html += QStringLiteral("<ul>");
        for (const std::string& note : m_advice.notes)
            html += QStringLiteral("<li>%1</li>").arg(withCode(note));
        html += QStringLiteral("</ul>");
    }
    html += tr("<p><b>In Python:</b></p><pre>%1</pre>")
                .arg(QString::fromStdString(m_advice.python).toHtmlEscaped());
    const RunConfig& run = *m_advice.demonstration.run;
    html += tr("<p><i>The demonstration runs %1 %2 tasks under %3%4.</i></p>")
                .arg(run.tasks)
                .arg(workloadTitle(run.workload), modelTitle(run.model),
                    m_advice.demonstration.lab ? tr(", then shows the lock demo") : QString());
    m_recommendation->setHtml(html);
}

} // namespace interleave
