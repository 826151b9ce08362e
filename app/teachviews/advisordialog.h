#pragma once

#include "teach/advisor.h"
#include "teachviews/scenariofiles.h"

#include <QDialog>

class QButtonGroup;
class QLabel;
class QPushButton;
class QTextBrowser;
class QVBoxLayout;

namespace interleave {

// Help > Which model should I use?: four questions, a recommendation that follows every answer
// as it is given, and "Run a demonstration", which emits the advice's scenario and closes.
class AdvisorDialog : public QDialog {
    Q_OBJECT

public:
    explicit AdvisorDialog(QWidget* parent = nullptr);

    AdvisorAnswers answers() const;
    void setAnswers(const AdvisorAnswers& answers);
    const Advice& advice() const noexcept { return m_advice; }
    QPushButton* demonstrateButton() const { return m_demonstrate; }

signals:
    void demonstrationRequested(const interleave::Scenario& scenario);

private:
    QButtonGroup* addQuestion(
        QVBoxLayout* layout, const QString& question, const QStringList& answers, int checked);
    void updateAdvice();

    QButtonGroup* m_work = nullptr;
    QButtonGroup* m_count = nullptr;
    QButtonGroup* m_shared = nullptr;
    QButtonGroup* m_cores = nullptr;
    QTextBrowser* m_recommendation = nullptr;
    QPushButton* m_demonstrate = nullptr;
    Advice m_advice;
};

} // namespace interleave
