#include "drawcommands/drawingcommands.h"

namespace interleave::cli {

DrawingCommands drawingCommands()
{
    return {.screenshot = &addScreenshotCommand,
        .tour = &addTourCommand,
        .benchRender = &addRenderBench,
        .benchLanes = &addLanesBench,
        .benchWindow = &addWindowBench};
}

} // namespace interleave::cli
