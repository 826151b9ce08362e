// Precompiled for the app's test programs (see interleave_precompile_qt_test in
// CMakeLists.txt): GoogleTest and QtTest on top of the app's own set.
#include "pch_qt.h"
#include "pch_test.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

