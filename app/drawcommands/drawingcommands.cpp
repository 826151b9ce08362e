#include "drawcommands/drawingcommands.h"

namespace interleave::cli {

DrawingCommands drawingCommands()
{
    return {.screenshot = &addScreenshotCommand,
        .animate = &addAnimateCommand,
        .tour = &addTourCommand,
        .benchRender = &addRenderBench,
        .benchLanes = &addLanesBench,
        .benchWindow = &addWindowBench};
}

} // namespace interleave::cli
