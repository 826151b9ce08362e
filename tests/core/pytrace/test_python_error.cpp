#include "pytrace/python_error.h"

#include <gtest/gtest.h>

namespace interleave::pytrace {
namespace {

// As CPython 3.11 prints them.
constexpr const char* kMainThread = R"(starting
Traceback (most recent call last):
  File "/home/me/div.py", line 9, in <module>
    main()
  File "/home/me/div.py", line 6, in main
    return 1 / 0
           ~~^~~
ZeroDivisionError: division by zero
)";

constexpr const char* kInThread = R"(Exception in thread Thread-1 (work):
Traceback (most recent call last):
  File "/usr/lib/python3.11/threading.py", line 1038, in _bootstrap_inner
    self.run()
  File "/usr/lib/python3.11/threading.py", line 975, in run
    self._target(*self._args, **self._kwargs)
  File "/home/me/th.py", line 3, in work
    1/0
    ~^~
ZeroDivisionError: division by zero
)";

constexpr const char* kInLibrary = R"(Traceback (most recent call last):
  File "/home/me/load.py", line 7, in <module>
    json.loads("{")
  File "/usr/lib/python3.11/json/__init__.py", line 346, in loads
    return _default_decoder.decode(s)
           ^^^^^^^^^^^^^^^^^^^^^^^^^^
json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)
)";

constexpr const char* kSyntax = R"(  File "/home/me/bad.py", line 2
    def f(:
          ^
SyntaxError: invalid syntax
)";

constexpr const char* kChildProcess = R"(Process worker-2:
Traceback (most recent call last):
  File "/usr/lib/python3.11/multiprocessing/process.py", line 314, in _bootstrap
    self.run()
  File "/home/me/mp.py", line 4, in job
    raise ValueError("bad input")
ValueError: bad input
)";

TEST(PythonError, MainThreadTracebackPointsAtTheInnermostLineOfTheScript)
{
    const auto e = findPythonError(kMainThread, "/home/me/div.py");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->message, "ZeroDivisionError: division by zero");
    EXPECT_EQ(e->scriptLine, 6);
    EXPECT_TRUE(e->thread.empty());
    EXPECT_FALSE(e->syntax);
}

TEST(PythonError, AThreadsTracebackNamesTheThread)
{
    const auto e = findPythonError(kInThread, "th.py");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->thread, "Thread-1 (work)");
    EXPECT_EQ(e->scriptLine, 3) << "the library's frames are skipped";
    EXPECT_EQ(e->message, "ZeroDivisionError: division by zero");
}

TEST(PythonError, AnErrorInALibraryPointsAtTheScriptsCall)
{
    const auto e = findPythonError(kInLibrary, "/home/me/load.py");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->scriptLine, 7);
    EXPECT_EQ(e->message.rfind("json.decoder.JSONDecodeError: Expecting", 0), 0u);
}

TEST(PythonError, ASyntaxErrorHasNoTracebackHeader)
{
    const auto e = findPythonError(kSyntax, "/home/me/bad.py");
    ASSERT_TRUE(e);
    EXPECT_TRUE(e->syntax);
    EXPECT_EQ(e->scriptLine, 2);
    EXPECT_EQ(e->message, "SyntaxError: invalid syntax");
}

TEST(PythonError, AChildProcessTracebackNamesTheProcess)
{
    const auto e = findPythonError(kChildProcess, "/home/me/mp.py");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->process, "worker-2");
    EXPECT_EQ(e->scriptLine, 4);
}

TEST(PythonError, TheLastOfSeveralIsReported)
{
    std::string both(kInThread);
    both.append(kMainThread);
    const auto e = findPythonError(both, "/home/me/div.py");
    ASSERT_TRUE(e);
    EXPECT_TRUE(e->thread.empty());
    EXPECT_EQ(e->scriptLine, 6);
}

TEST(PythonError, NothingWithoutATracebackOrWhileOneIsHalfWritten)
{
    EXPECT_FALSE(findPythonError("all good\nWarning: something\n", "x.py"));
    EXPECT_FALSE(findPythonError("Traceback (most recent call last):\n  File \"x.py\", line 3, in <module>\n", "x.py"));
    EXPECT_FALSE(findPythonError("", "x.py"));
}

TEST(PythonError, NoFrameInTheScriptMeansNoLine)
{
    const auto e = findPythonError(kInLibrary, "/elsewhere/other.py");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->scriptLine, 0);
}

} // namespace
} // namespace interleave::pytrace
