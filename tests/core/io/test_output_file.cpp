#include "io/output_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace interleave {
namespace {

namespace fs = std::filesystem;

class OutputFileTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_dir = fs::temp_directory_path()
            / ("interleave_output_file_" + std::to_string(::getpid()) + "_"
                + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override
    {
        std::error_code ec;
        fs::permissions(m_dir, fs::perms::owner_all, ec);
        fs::remove_all(m_dir, ec);
    }

    std::string path(const std::string& name) const { return (m_dir / name).string(); }

    // Every entry of the folder: what a failed or finished write must not leave behind.
    std::vector<std::string> entries() const
    {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(m_dir))
            names.push_back(entry.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }

    fs::path m_dir;
};

std::string outputFileRead(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void outputFileWriteText(const std::string& path, const std::string& text)
{
    std::ofstream(path, std::ios::binary) << text;
}

TEST_F(OutputFileTest, ANewFileIsWrittenWholeAndNoTemporaryIsLeft)
{
    writeOutputFile(path("out.csv"), "a,b\n1,2\n");
    EXPECT_EQ(outputFileRead(path("out.csv")), "a,b\n1,2\n");
    EXPECT_EQ(entries(), std::vector<std::string> {"out.csv"});
}

TEST_F(OutputFileTest, ARegularFileIsReplacedByRenameKeepingItsPermissions)
{
    outputFileWriteText(path("out.json"), "old contents, longer than the new");
    ::chmod(path("out.json").c_str(), 0640);
    struct stat before { };
    ASSERT_EQ(::stat(path("out.json").c_str(), &before), 0);
    writeOutputFile(path("out.json"), "new");
    struct stat after { };
    ASSERT_EQ(::stat(path("out.json").c_str(), &after), 0);
    EXPECT_EQ(outputFileRead(path("out.json")), "new");
    EXPECT_NE(after.st_ino, before.st_ino) << "replaced by a new file, not rewritten in place";
    EXPECT_EQ(after.st_mode & 07777, 0640u);
    EXPECT_EQ(entries(), std::vector<std::string> {"out.json"});
}

TEST_F(OutputFileTest, WithoutCommitTheOldFileIsIntactAndTheTemporaryRemoved)
{
    outputFileWriteText(path("out.json"), "old");
    {
        OutputFile file(path("out.json"));
        EXPECT_FALSE(file.inPlace());
        file.write("half of a new");
        EXPECT_TRUE(fs::exists(file.temporaryPath()));
        EXPECT_EQ(fs::path(file.temporaryPath()).parent_path(), m_dir) << "beside the target, for rename";
    }
    EXPECT_EQ(outputFileRead(path("out.json")), "old");
    EXPECT_EQ(entries(), std::vector<std::string> {"out.json"});
}

TEST_F(OutputFileTest, ASymlinkStaysASymlinkAndItsTargetIsWritten)
{
    fs::create_directories(m_dir / "real");
    outputFileWriteText(path("real/trace.json"), "old");
    fs::create_symlink("real/trace.json", m_dir / "link.json");
    // A chain of links is followed to its end.
    fs::create_symlink(m_dir / "link.json", m_dir / "link2.json");
    writeOutputFile(path("link2.json"), "new");
    EXPECT_TRUE(fs::is_symlink(m_dir / "link.json"));
    EXPECT_TRUE(fs::is_symlink(m_dir / "link2.json"));
    EXPECT_EQ(outputFileRead(path("real/trace.json")), "new");
    EXPECT_EQ(outputFileRead(path("link2.json")), "new");
    EXPECT_EQ(entries(), (std::vector<std::string> {"link.json", "link2.json", "real"}));
    EXPECT_EQ(fs::directory_iterator(m_dir / "real")->path().filename(), "trace.json");
}

TEST_F(OutputFileTest, ADanglingSymlinkGetsItsTargetCreated)
{
    fs::create_symlink("made.json", m_dir / "link.json");
    writeOutputFile(path("link.json"), "made");
    EXPECT_TRUE(fs::is_symlink(m_dir / "link.json"));
    EXPECT_EQ(outputFileRead(path("made.json")), "made");
}

TEST_F(OutputFileTest, AFifoIsWrittenThroughAndStaysAFifo)
{
    ASSERT_EQ(::mkfifo(path("pipe").c_str(), 0600), 0);
    std::string received;
    std::thread reader([&] { received = outputFileRead(path("pipe")); });
    const std::string text(200'000, 'x'); // more than a pipe holds: the write streams
    writeOutputFile(path("pipe"), text);
    reader.join();
    EXPECT_EQ(received.size(), text.size());
    EXPECT_EQ(received, text);
    struct stat info { };
    ASSERT_EQ(::lstat(path("pipe").c_str(), &info), 0);
    EXPECT_TRUE(S_ISFIFO(info.st_mode));
    EXPECT_EQ(entries(), std::vector<std::string> {"pipe"});
}

TEST_F(OutputFileTest, DevNullIsWrittenInPlaceNeverReplaced)
{
    struct stat before { };
    ASSERT_EQ(::stat("/dev/null", &before), 0);
    OutputFile file("/dev/null");
    EXPECT_TRUE(file.inPlace());
    file.write("gone");
    file.commit();
    struct stat after { };
    ASSERT_EQ(::stat("/dev/null", &after), 0);
    EXPECT_TRUE(S_ISCHR(after.st_mode));
    EXPECT_EQ(after.st_ino, before.st_ino);
    EXPECT_EQ(after.st_rdev, before.st_rdev);
}

TEST_F(OutputFileTest, DevFullFailsWithNoSpaceInWordsAndStaysADevice)
{
    if (::access("/dev/full", W_OK) != 0)
        GTEST_SKIP() << "/dev/full is not writable here";
    try {
        writeOutputFile("/dev/full", std::string(100'000, 'x'));
        FAIL() << "wrote to /dev/full";
    } catch (const OutputFileError& e) {
        EXPECT_EQ(e.error(), ENOSPC);
        EXPECT_EQ(std::string(e.what()), "cannot write /dev/full: no space left on the device");
    }
    struct stat info { };
    ASSERT_EQ(::stat("/dev/full", &info), 0);
    EXPECT_TRUE(S_ISCHR(info.st_mode));
}

TEST_F(OutputFileTest, ACopyOfDevFullInAFolderStaysADevice)
{
    if (::geteuid() != 0)
        GTEST_SKIP() << "making a device node (mknod) needs root";
    struct stat full { };
    ASSERT_EQ(::stat("/dev/full", &full), 0);
    if (::mknod(path("full").c_str(), S_IFCHR | 0666, full.st_rdev) != 0)
        GTEST_SKIP() << "mknod refused here (a container without the capability): " << std::strerror(errno);
    try {
        writeOutputFile(path("full"), "trace");
        FAIL() << "wrote to a copy of /dev/full";
    } catch (const OutputFileError& e) {
        EXPECT_NE(std::string(e.what()).find("no space left on the device"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(path("full")), std::string::npos) << e.what();
    }
    struct stat after { };
    ASSERT_EQ(::lstat(path("full").c_str(), &after), 0);
    EXPECT_TRUE(S_ISCHR(after.st_mode)) << "the device became a regular file";
    EXPECT_EQ(after.st_rdev, full.st_rdev);
    EXPECT_EQ(entries(), std::vector<std::string> {"full"});
}

TEST_F(OutputFileTest, DashIsStandardOutputWrittenInPlace)
{
    OutputFile file("-");
    EXPECT_TRUE(file.inPlace());
    EXPECT_TRUE(file.temporaryPath().empty());
    file.commit(); // nothing written: standard output stays open for the test's own report
    EXPECT_NE(::fcntl(STDOUT_FILENO, F_GETFD), -1);
}

TEST_F(OutputFileTest, TwoWritersOfOnePathBothSucceedAndEachLeavesAWholeFile)
{
    const std::string target = path("shared.json");
    constexpr int kRounds = 200;
    std::atomic<int> failures {0};
    std::atomic<int> torn {0};
    const auto writer = [&](char fill) {
        const std::string text(64 * 1024 + (fill - 'a') * 100, fill);
        for (int i = 0; i < kRounds; ++i) {
            try {
                writeOutputFile(target, text);
            } catch (const OutputFileError&) {
                failures.fetch_add(1);
            }
            // Whatever is there now is one writer's whole file.
            const std::string now = outputFileRead(target);
            const bool whole = (now.size() == 64 * 1024 && now.find_first_not_of('a') == std::string::npos)
                || (now.size() == 64 * 1024 + 100 && now.find_first_not_of('b') == std::string::npos);
            if (!whole)
                torn.fetch_add(1);
        }
    };
    std::thread a(writer, 'a');
    std::thread b(writer, 'b');
    a.join();
    b.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(torn.load(), 0);
    EXPECT_EQ(entries(), std::vector<std::string> {"shared.json"});
}

TEST_F(OutputFileTest, AFolderAtThePathIsRefusedInWords)
{
    fs::create_directories(m_dir / "folder" / "inside");
    EXPECT_EQ(outputPathProblem(path("folder")), "cannot write " + path("folder") + ": it is a folder");
    try {
        writeOutputFile(path("folder"), "x");
        FAIL();
    } catch (const OutputFileError& e) {
        EXPECT_EQ(e.error(), EISDIR);
        EXPECT_EQ(std::string(e.what()), "cannot write " + path("folder") + ": it is a folder");
    }
    EXPECT_TRUE(fs::is_directory(m_dir / "folder" / "inside"));
}

TEST_F(OutputFileTest, AMissingFolderIsFoundBeforeAnythingIsWritten)
{
    const std::string target = path("missing/run.json");
    const auto problem = outputPathProblem(target);
    ASSERT_TRUE(problem);
    EXPECT_EQ(*problem, "cannot write " + target + ": the folder " + path("missing") + " does not exist");
    try {
        writeOutputFile(target, "x");
        FAIL();
    } catch (const OutputFileError& e) {
        EXPECT_EQ(e.error(), ENOENT);
        EXPECT_EQ(std::string(e.what()), "cannot write " + target + ": the folder does not exist");
    }
}

TEST_F(OutputFileTest, AReadOnlyFolderIsFoundBeforeAnythingIsWritten)
{
    if (::geteuid() == 0)
        GTEST_SKIP() << "root writes into read-only folders";
    fs::create_directories(m_dir / "locked");
    fs::permissions(m_dir / "locked", fs::perms::owner_read | fs::perms::owner_exec);
    const auto problem = outputPathProblem(path("locked/run.json"));
    ASSERT_TRUE(problem);
    EXPECT_NE(problem->find("permission denied"), std::string::npos) << *problem;
    fs::permissions(m_dir / "locked", fs::perms::owner_all);
}

TEST_F(OutputFileTest, WritablePathsHaveNoProblem)
{
    EXPECT_EQ(outputPathProblem("-"), std::nullopt);
    EXPECT_EQ(outputPathProblem("/dev/null"), std::nullopt);
    EXPECT_EQ(outputPathProblem(path("new.json")), std::nullopt);
    outputFileWriteText(path("old.json"), "x");
    EXPECT_EQ(outputPathProblem(path("old.json")), std::nullopt);
    EXPECT_TRUE(outputPathProblem(""));
}

TEST(OutputFileErrorText, SaysTheCommonFailuresInWords)
{
    EXPECT_EQ(outputErrorText(ENOSPC), "no space left on the device");
    EXPECT_EQ(outputErrorText(EACCES), "permission denied");
    EXPECT_EQ(outputErrorText(ENOENT), "the folder does not exist");
    EXPECT_EQ(outputErrorText(EISDIR), "it is a folder");
    EXPECT_EQ(outputErrorText(EROFS), "the file system is read-only");
}

TEST(OutputFileSharedStdout, TwoOptionsGivenDashAreRefused)
{
    EXPECT_EQ(sharedStdoutProblem("--trace", "-", "--csv", "out.csv"), std::nullopt);
    EXPECT_EQ(sharedStdoutProblem("--trace", "t.json", "--csv", "-"), std::nullopt);
    const auto problem = sharedStdoutProblem("--trace", "-", "--csv", "-");
    ASSERT_TRUE(problem);
    EXPECT_NE(problem->find("--trace"), std::string::npos);
    EXPECT_NE(problem->find("--csv"), std::string::npos);
}

} // namespace
} // namespace interleave
