#include "teachviews/scenariofiles.h"
#include "io/output_file.h"
#include "export/savedialog.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QFile>

#include <array>

namespace interleave {

namespace {

constexpr qint64 kMaxScenarioBytes = 1 << 20;

QString fileFilter()
{
    return QObject::tr("Interleave scenario (*.json);;All files (*)");
}

} // namespace

std::optional<Scenario> readScenarioFile(const QString& path, QString* error)
{
    const QString shown = QDir::toNativeSeparators(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error != nullptr)
            *error = QObject::tr("%1 cannot be opened: %2").arg(shown, file.errorString());
        return std::nullopt;
    }
    if (file.size() > kMaxScenarioBytes) {
        if (error != nullptr)
            *error = QObject::tr("%1 is larger than 1 MiB: it is not a scenario file.").arg(shown);
        return std::nullopt;
    }
    try {
        return parseScenario(file.readAll().toStdString());
    } catch (const ScenarioError& e) {
        if (error != nullptr)
            *error = QObject::tr("%1 is not a usable scenario: %2.")
                         .arg(shown, QString::fromStdString(e.what()));
        return std::nullopt;
    }
}

bool writeScenarioFile(const QString& path, const Scenario& scenario, QString* error)
{
    if (const auto problem = validateScenario(scenario)) {
        if (error != nullptr)
            *error = QObject::tr("The scenario cannot be saved: %1.").arg(QString::fromStdString(*problem));
        return false;
    }
    // A regular file is replaced by rename, so a failed save keeps the old file; a symlink's
    // target is written and the link kept (io/output_file.h).
    try {
        writeOutputFile(QFile::encodeName(path).toStdString(), scenarioToJson(scenario));
    } catch (const OutputFileError& e) {
        if (error != nullptr)
            *error = QObject::tr("%1 cannot be written: %2")
                         .arg(QDir::toNativeSeparators(path), QString::fromStdString(outputErrorText(e.error())));
        return false;
    }
    return true;
}

std::optional<Scenario> openScenarioWithDialog(QWidget* parent)
{
    const QString path
        = QFileDialog::getOpenFileName(parent, QObject::tr("Open a scenario"), QString(), fileFilter());
    if (path.isEmpty())
        return std::nullopt;
    QString error;
    auto scenario = readScenarioFile(path, &error);
    if (!scenario)
        QMessageBox::warning(parent, QObject::tr("Cannot open the scenario"), error);
    return scenario;
}

bool saveScenarioWithDialog(QWidget* parent, const Scenario& scenario)
{
    const std::array kinds {SaveFileKind {QObject::tr("Interleave scenario (*.json)"), QStringLiteral("json")}};
    const QString path
        = askSavePath(parent, QObject::tr("Save the scenario"), QStringLiteral("scenario.json"), kinds);
    if (path.isEmpty())
        return false;
    QString error;
    if (!writeScenarioFile(path, scenario, &error)) {
        QMessageBox::warning(parent, QObject::tr("Cannot save the scenario"), error);
        return false;
    }
    return true;
}

} // namespace interleave
