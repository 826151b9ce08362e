#include "analysis/csv.h"

#include <gtest/gtest.h>

#include <clocale>
#include <stdexcept>

namespace interleave {
namespace {

using Records = std::vector<std::vector<std::string>>;

TEST(Csv, PlainFieldsAreWrittenAsIs)
{
    EXPECT_EQ(csvField("threads"), "threads");
    EXPECT_EQ(csvField(""), "");
    EXPECT_EQ(csvField("1.500"), "1.500");
    EXPECT_EQ(csvRecord({"a", "b", ""}), "a,b,\r\n");
}

TEST(Csv, SpecialFieldsAreQuotedAndQuotesDoubled)
{
    EXPECT_EQ(csvField("a,b"), "\"a,b\"");
    EXPECT_EQ(csvField("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csvField("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(csvField("cr\r"), "\"cr\r\"");
}

TEST(Csv, ParsesWhatItWrites)
{
    const std::vector<std::string> tricky {"plain", "a,b", "say \"hi\"", "two\r\nlines", "", "end,"};
    const std::string text = csvRecord({"h1", "h2", "h3", "h4", "h5", "h6"}) + csvRecord(tricky);
    const Records records = parseCsv(text);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[1], tricky);
}

TEST(Csv, ParsesLineEndingsAndATrailingEmptyField)
{
    EXPECT_EQ(parseCsv("a,b\nc,d"), (Records {{"a", "b"}, {"c", "d"}}));
    EXPECT_EQ(parseCsv("a,b\r\nc,d\r\n"), (Records {{"a", "b"}, {"c", "d"}}));
    EXPECT_EQ(parseCsv("a,"), (Records {{"a", ""}}));
    EXPECT_TRUE(parseCsv("").empty());
}

TEST(Csv, RefusesBrokenQuoting)
{
    EXPECT_THROW(parseCsv("a,\"never closed\r\n"), std::invalid_argument);
    EXPECT_THROW(parseCsv("\"closed\"then,b"), std::invalid_argument);
    EXPECT_THROW(parseCsv("a\"b,c"), std::invalid_argument);
    try {
        parseCsv("ok,ok\r\nbad\"quote\r\n");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
    }
}

MeasuredRun sampleRun(Model model, TimeNs wallNs, double speedup)
{
    MeasuredRun run;
    run.experiment = "compare";
    run.config.model = model;
    run.config.workload = WorkloadKind::Io;
    run.config.tasks = 8;
    run.config.latencyMs = 250;
    run.config.threadWorkers = 4;
    run.result.model = model;
    run.result.wallNs = wallNs;
    run.result.cpuNs = 1'234'567;
    run.result.gilWaitNs = 0;
    run.speedup = speedup;
    run.wall.runs = 3;
    run.wall.minNs = wallNs - 1'000'000;
    run.wall.maxNs = wallNs + 2'000'000;
    return run;
}

TEST(Csv, OneRecordPerRunUnderTheHeader)
{
    std::vector<MeasuredRun> runs {sampleRun(Model::Sequential, 2'000'000'000, 1.0),
        sampleRun(Model::ThreadPool, 500'400'000, 3.9968), sampleRun(Model::Threads, 251'000'000, 0)};
    runs[2].result.cancelled = true;
    runs[2].result.errors = {"task 3 failed: boom, really", "worker \"2\" died"};

    const Records records = parseCsv(measuredRunsCsv(runs));
    ASSERT_EQ(records.size(), 4u);
    EXPECT_EQ(records[0], measuredRunColumns());
    for (const auto& record : records)
        EXPECT_EQ(record.size(), measuredRunColumns().size());

    EXPECT_EQ(records[1],
        (std::vector<std::string> {"compare", "io", "sequential", "8", "1", "on", "250.000", "", "2000.000", "3",
            "1999.000", "2002.000", "1.235", "0.000", "1.000", "no", ""}));
    EXPECT_EQ(records[2][2], "thread_pool");
    EXPECT_EQ(records[2][4], "4"); // the pool's size
    EXPECT_EQ(records[2][8], "500.400");
    EXPECT_EQ(records[2][14], "3.997");
    EXPECT_EQ(records[3][4], "8"); // threads: one per task
    EXPECT_EQ(records[3][14], ""); // no speedup for a stopped run
    EXPECT_EQ(records[3][15], "yes");
    EXPECT_EQ(records[3][16], "task 3 failed: boom, really; worker \"2\" died");
}

TEST(Csv, CPythonColumnsOnlyWhenARunHasThem)
{
    std::vector<MeasuredRun> runs {sampleRun(Model::Sequential, 2'000'000'000, 1.0),
        sampleRun(Model::Threads, 500'000'000, 4.0), sampleRun(Model::Asyncio, 600'000'000, 3.3)};
    EXPECT_EQ(parseCsv(measuredRunsCsv(runs))[0], measuredRunColumns());

    runs[0].python = CPythonWall {.runs = 3, .wallMs = 410.5, .wallMsMin = 400, .wallMsMax = 420.25, .speedup = 1};
    runs[1].python = CPythonWall {.runs = 3, .wallMs = 105, .wallMsMin = 101, .wallMsMax = 130, .speedup = 3.9096};
    runs[2].python = CPythonWall {}; // refused: no runs
    const Records records = parseCsv(measuredRunsCsv(runs));
    ASSERT_EQ(records.size(), 4u);
    std::vector<std::string> header = measuredRunColumns();
    header.insert(header.end(), cpythonColumns().begin(), cpythonColumns().end());
    EXPECT_EQ(records[0], header);
    const std::size_t at = measuredRunColumns().size();
    EXPECT_EQ(std::vector<std::string>(records[2].begin() + static_cast<long>(at), records[2].end()),
        (std::vector<std::string> {"3", "105.000", "101.000", "130.000", "3.910"}));
    EXPECT_EQ(std::vector<std::string>(records[3].begin() + static_cast<long>(at), records[3].end()),
        (std::vector<std::string> {"0", "", "", "", ""}));
}

TEST(Csv, NumbersUseAPointWhateverTheLocale)
{
    // A QApplication sets the C locale from the environment; a German one writes 1,5.
    const char* old = std::setlocale(LC_NUMERIC, nullptr);
    const std::string saved = old ? old : "C";
    if (std::setlocale(LC_NUMERIC, "de_DE.UTF-8") == nullptr)
        std::setlocale(LC_NUMERIC, "C.UTF-8");
    std::vector<MeasuredRun> runs {sampleRun(Model::Sequential, 1'500'000, 1.5)};
    const std::string text = measuredRunsCsv(runs);
    std::setlocale(LC_NUMERIC, saved.c_str());
    const Records records = parseCsv(text);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[1][8], "1.500");
    EXPECT_EQ(records[1][14], "1.500");
}

} // namespace
} // namespace interleave
