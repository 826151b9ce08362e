#include "drawcommands/drawingcommands.h"

namespace interleave::cli {

DrawingCommands drawingCommands()
{
    return {.screenshot = &addScreenshotCommand,
        .tour = &addTourCommand,
        .benchRender = &addRenderBench,
        .benchLanes = &addLanesBench};
}

} // namespace interleave::cli
