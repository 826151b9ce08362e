#pragma once

#include "engine/run_config.h"
#include "teach/scenario.h"

#include <string>
#include <vector>

namespace interleave {

// "Which model should I use?": a few questions about the work, one recommendation with its
// reason, and a short scenario that demonstrates it.
enum class WorkBound { Cpu, Io, Mixed };
enum class TaskCount { Few, Hundreds, Thousands }; // up to ~30; hundreds; thousands or more

struct AdvisorAnswers {
    WorkBound work = WorkBound::Io;
    TaskCount tasks = TaskCount::Few;
    bool sharedState = false; // the tasks update the same data
    bool needSeveralCores = false; // the computation must use more than one core to be fast enough

    friend bool operator==(const AdvisorAnswers&, const AdvisorAnswers&) = default;
};

struct Advice {
    Model model = Model::Sequential;
    std::vector<Model> alternatives; // also reasonable, best first
    std::string headline; // e.g. "Use a process pool"
    std::string reason; // why, in two or three sentences
    std::vector<std::string> notes; // cautions: a Lock for shared state, start-up costs, ...
    std::string python; // the one line of Python that starts it
    Scenario demonstration; // a short run (a couple of seconds) that shows why
};

Advice advise(const AdvisorAnswers& answers);

} // namespace interleave
