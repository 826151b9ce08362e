#pragma once

#include "teach/scenario.h"

#include <nlohmann/json.hpp>

#include <string>

namespace interleave::teach_detail {

// A scenario object inside a larger document (a lesson embeds one): `path` prefixes every
// message ("scenario.run.tasks ..."). When `document` is true the object is a whole scenario
// file and must carry the format version.
Scenario scenarioFromJson(const nlohmann::json& object, const std::string& path, bool document);
nlohmann::json scenarioToJsonValue(const Scenario& scenario, bool document);

} // namespace interleave::teach_detail
