// One rounding rule for every figure shown: half away from zero at the last digit, on the
// integer nanoseconds.

#include "trace/duration_text.h"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>

namespace interleave {
namespace {

TEST(DurationText, SentencesSayTenthsUnderTenMillisecondsAndWholeOnesFromThere)
{
    EXPECT_EQ(durationText(0), "0.0 ms");
    EXPECT_EQ(durationText(4'249'999), "4.2 ms");
    EXPECT_EQ(durationText(9'960'000), "10.0 ms"); // under ten before rounding
    EXPECT_EQ(durationText(10'000'000), "10 ms");
    EXPECT_EQ(durationText(120'400'000), "120 ms");
    EXPECT_EQ(durationText(-3'500'000), "-3.5 ms");
}

TEST(DurationText, TiesRoundAwayFromZeroAtTheLastDigitShown)
{
    EXPECT_EQ(durationText(4'250'000), "4.3 ms");
    EXPECT_EQ(durationText(12'500'000), "13 ms");
    EXPECT_EQ(durationText(-4'250'000), "-4.3 ms");
    EXPECT_EQ(millisecondsText(50'000, 1), "0.1");
    EXPECT_EQ(millisecondsText(49'999, 1), "0.0");
    EXPECT_EQ(secondsText(1'005'000'000), "1.01 s");
    EXPECT_EQ(percentText(0.125, 0), "13%");
    EXPECT_EQ(percentText(0.0125, 1), "1.3%");
}

TEST(DurationText, FixedTextKeepsItsDigitsAndSignAcrossTheRange)
{
    EXPECT_EQ(millisecondsText(120'000'000, 1), "120.0");
    EXPECT_EQ(millisecondsText(-40'000, 1), "-0.0");
    EXPECT_EQ(fixedText(1'234'567'890, 1000, 3), "1234567.890");
    EXPECT_EQ(secondsText(61'070'000'000), "61.07 s");
    EXPECT_EQ(millisecondsText(std::numeric_limits<TimeNs>::max(), 0), "9223372036855");
    EXPECT_EQ(millisecondsText(std::numeric_limits<TimeNs>::min(), 0), "-9223372036855");
    EXPECT_THROW(fixedText(1, kNsPerMs, 7), std::invalid_argument);
    EXPECT_THROW(fixedText(1, 10, 2), std::invalid_argument);
    EXPECT_EQ(percentText(1.0 / 3, 1), "33.3%");
    EXPECT_EQ(percentText(-0.5, 0), "-50%");
}

} // namespace
} // namespace interleave
