// Precompiled for the test programs of core/ (see interleave_add_test in tests/CMakeLists.txt):
// GoogleTest and the standard headers most tests include.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>
