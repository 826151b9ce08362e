#include "guiresources.h"

#include <QtGlobal>

// Q_INIT_RESOURCE declares its function in the enclosing namespace, and the generated one is
// global: so this helper is global too (static rather than in an anonymous namespace).
static void initInterleaveResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace interleave {

void ensureGuiResources()
{
    static const bool initialized = [] {
        initInterleaveResources();
        return true;
    }();
    (void)initialized;
}

} // namespace interleave
