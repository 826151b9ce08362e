#include "teachviews/teachresources.h"

#include "guiresources.h"

#include <QDir>
#include <QFile>

#include <algorithm>

namespace interleave {

namespace {

QByteArray readResource(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QStringList jsonFilesIn(const QString& directory)
{
    return QDir(directory).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
}

} // namespace

std::vector<Lesson> loadBuiltInLessons()
{
    ensureGuiResources();
    std::vector<std::pair<std::string, std::string>> files;
    const QString directory = QStringLiteral(":/lessons");
    for (const QString& name : jsonFilesIn(directory))
        files.emplace_back(
            name.toStdString(), readResource(directory + QLatin1Char('/') + name).toStdString());
    return parseLessons(files);
}

std::vector<std::pair<QString, Scenario>> builtInScenarioPresets()
{
    ensureGuiResources();
    std::vector<std::pair<QString, Scenario>> presets;
    const QString directory = QStringLiteral(":/scenarios");
    for (const QString& name : jsonFilesIn(directory)) {
        const QString path = directory + QLatin1Char('/') + name;
        try {
            presets.emplace_back(path, parseScenario(readResource(path).toStdString()));
        } catch (const ScenarioError&) {
            // A broken preset is a build mistake the tests catch; the others stay usable.
        }
    }
    std::sort(presets.begin(), presets.end(),
        [](const auto& a, const auto& b) { return a.second.title < b.second.title; });
    return presets;
}

Explanation loadExplanation(const QString& topic)
{
    ensureGuiResources();
    Explanation explanation;
    explanation.topic = topic;
    const QString base = QStringLiteral(":/explanations/") + topic;
    explanation.markdown = QString::fromUtf8(readResource(base + QStringLiteral(".md")));
    explanation.python = parseSnippet(readResource(base + QStringLiteral(".py")).toStdString());
    return explanation;
}

} // namespace interleave
