#pragma once

namespace interleave {

// Registers the compiled-in resources (":/icons/..."). They live in a static library, where
// nothing else would make the linker keep them. Safe to call any number of times.
void ensureGuiResources();

} // namespace interleave
