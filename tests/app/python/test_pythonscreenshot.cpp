// The Python tab drawn by `interleave screenshot --view python`.

#include "../../cli/commandline_testing.h"
#include "../python_testing.h"
#include "drawcommands/drawingcommands.h"

#include <QImage>
#include <QString>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace interleave::cli {
namespace {

using pythontest::kPython;
using pythontest::writeScript;

commandtest::Outcome pythonShotRun(const std::vector<std::string>& args)
{
    return commandtest::runInterleave(args, drawingCommands());
}

TEST(ScreenshotCommand, PythonViewDrawsAScriptTracedForReal)
{
    REQUIRE_PYTHON();
    const std::string script = writeScript("shot.py", R"(import threading, time
print("drawn")
t = threading.Thread(target=time.sleep, args=(0.05,), name="napper")
t.start(); t.join()
)");
    const std::string png = ::testing::TempDir() + "/python-view.png";
    const auto r = pythonShotRun({"screenshot", "--view", "python", "--script", script, "--python", kPython, "--size",
                                  "900x560", "-o", png});
    EXPECT_EQ(r.result.status, 0) << r.err;
    EXPECT_EQ(QImage(QString::fromStdString(png)).size(), QSize(900, 560));

    const auto noScript = pythonShotRun({"screenshot", "--view", "python", "-o", png});
    EXPECT_EQ(noScript.result.status, kExitUsage);
    EXPECT_NE(noScript.err.find("--script"), std::string::npos) << noScript.err;
    const auto noPython
        = pythonShotRun({"screenshot", "--view", "python", "--script", script, "--python", "/nonexistent/python3", "-o", png});
    EXPECT_EQ(noPython.result.status, kExitUsage);
    EXPECT_NE(noPython.err.find("There is no Python at /nonexistent/python3"), std::string::npos) << noPython.err;
}

} // namespace
} // namespace interleave::cli
