#pragma once

#include "teach/scenario.h"

#include <QMetaType>
#include <QString>

#include <optional>

class QWidget;

namespace interleave {

// Scenario files for File > Open scenario… and File > Save scenario…: reading and writing with
// a message fit for a dialog, and the dialogs themselves.

// Reads a scenario file (a path on disk or a ":/scenarios/..." resource). On failure returns
// nullopt and puts into *error a sentence naming the file and the bad field.
std::optional<Scenario> readScenarioFile(const QString& path, QString* error);
bool writeScenarioFile(const QString& path, const Scenario& scenario, QString* error);

// Asks for a file, reads it, and on a malformed file shows a warning with the reason; nullopt
// when cancelled or refused. A refused file changes nothing.
std::optional<Scenario> openScenarioWithDialog(QWidget* parent);
// Asks for a file name (".json" added when missing) and writes; a warning on failure.
bool saveScenarioWithDialog(QWidget* parent, const Scenario& scenario);

} // namespace interleave

Q_DECLARE_METATYPE(interleave::Scenario)
