#include "pytrace/output_log.h"

#include <gtest/gtest.h>

#include <string>

namespace interleave::pytrace {
namespace {

using Stream = OutputLog::Stream;

std::string textOf(const OutputLog::Read& read)
{
    std::string all;
    for (const OutputLog::Piece& p : read.pieces)
        all += p.text;
    return all;
}

TEST(OutputLog, KeepsTheOrderOfBothStreamsAndMergesRuns)
{
    OutputLog log;
    log.append(Stream::Out, "one\n");
    log.append(Stream::Out, "two\n");
    log.append(Stream::Err, "oops\n");
    log.append(Stream::Out, "three\n");
    const OutputLog::Read read = log.since(0);
    ASSERT_EQ(read.pieces.size(), 3u);
    EXPECT_EQ(read.pieces[0], (OutputLog::Piece{Stream::Out, "one\ntwo\n"}));
    EXPECT_EQ(read.pieces[1], (OutputLog::Piece{Stream::Err, "oops\n"}));
    EXPECT_EQ(read.pieces[2], (OutputLog::Piece{Stream::Out, "three\n"}));
    EXPECT_EQ(read.cut, 0u);
    EXPECT_EQ(read.next, log.total());
}

TEST(OutputLog, AReaderGetsOnlyWhatIsNew)
{
    OutputLog log;
    log.append(Stream::Out, "abc");
    const auto first = log.since(0);
    log.append(Stream::Out, "def");
    const auto second = log.since(first.next);
    EXPECT_EQ(textOf(second), "def");
    EXPECT_TRUE(log.since(second.next).pieces.empty());
}

TEST(OutputLog, PastTheCapTheOldestGoesAndTheReaderIsToldHowMuch)
{
    OutputLog log(10);
    log.append(Stream::Out, "0123456789");
    log.append(Stream::Err, "abcd");
    EXPECT_EQ(log.total(), 14u);
    EXPECT_EQ(log.dropped(), 4u);
    const auto read = log.since(0);
    EXPECT_EQ(read.cut, 4u);
    EXPECT_EQ(textOf(read), "456789abcd");
    ASSERT_EQ(read.pieces.size(), 2u);
    EXPECT_EQ(read.pieces[1].stream, Stream::Err);
    // A reader that had read up to 6 lost nothing.
    const auto later = log.since(6);
    EXPECT_EQ(later.cut, 0u);
    EXPECT_EQ(textOf(later), "6789abcd");
}

TEST(OutputLog, AHugeWriteKeepsItsEnd)
{
    OutputLog log(8);
    log.append(Stream::Out, "xx");
    std::string huge(100, 'a');
    huge.append("12345678");
    log.append(Stream::Out, huge);
    EXPECT_EQ(log.total(), 110u);
    const auto read = log.since(0);
    EXPECT_EQ(textOf(read), "12345678");
    EXPECT_EQ(read.cut, 102u);
}

TEST(OutputLog, AReadTakesAtMostItsLimitTheNewest)
{
    OutputLog log;
    for (int i = 0; i < 100; ++i)
        log.append(i % 2 == 0 ? Stream::Out : Stream::Err, "0123456789");
    const auto read = log.since(0, 25);
    EXPECT_EQ(read.cut, 975u);
    EXPECT_EQ(textOf(read), "56789" "0123456789" "0123456789");
    EXPECT_EQ(read.pieces.front().stream, Stream::Err); // the 98th write, an odd one
    EXPECT_EQ(read.next, 1000u);
}

TEST(OutputLog, StderrsTailSurvivesAFloodOfStdout)
{
    OutputLog log(16);
    log.append(Stream::Err, "Traceback: boom\n");
    for (int i = 0; i < 100; ++i)
        log.append(Stream::Out, "flood flood flood\n");
    EXPECT_EQ(log.errTail(), "Traceback: boom\n");
    std::string big(OutputLog::kErrTailCap + 10, 'e');
    big.back() = '!';
    log.append(Stream::Err, big);
    EXPECT_EQ(log.errTail().size(), OutputLog::kErrTailCap);
    EXPECT_EQ(log.errTail().back(), '!');
}

} // namespace
} // namespace interleave::pytrace
