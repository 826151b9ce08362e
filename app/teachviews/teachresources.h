#pragma once

#include "teach/lesson.h"
#include "teach/scenario.h"
#include "teach/snippet.h"

#include <QString>

#include <utility>
#include <vector>

namespace interleave {

// The teaching material compiled into the program (resources/lessons, scenarios, explanations),
// read with Qt and parsed by the Qt-free core.

// Every built-in lesson in order. Throws LessonError if one is malformed (the tests make sure
// none is).
std::vector<Lesson> loadBuiltInLessons();

// The scenario presets, sorted by title: (resource path, scenario).
std::vector<std::pair<QString, Scenario>> builtInScenarioPresets();

struct Explanation {
    QString topic;
    QString markdown; // what happens, why, when to use it
    Snippet python; // the equivalent Python, with its state markers
};

// The explanation of a model (modelName) or a lab demo (kLabDemoNames); an empty markdown when
// there is none.
Explanation loadExplanation(const QString& topic);

} // namespace interleave
