#include "lab/step_machine.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace interleave {
namespace {

StepState run(const StepConfig& config, const std::vector<int>& schedule)
{
    StepState s = initialState(config);
    for (int t : schedule)
        s = applyStep(config, s, t);
    return s;
}

TEST(StepMachine, OneIncrementIsLoadAddStore)
{
    StepMachine m({.threads = 1, .increments = 1});
    EXPECT_EQ(m.nextOp(0), MicroOp::Load);
    ASSERT_TRUE(m.step(0));
    EXPECT_EQ(m.state().threads[0].reg, 0);
    EXPECT_EQ(m.nextOp(0), MicroOp::Add);
    ASSERT_TRUE(m.step(0));
    EXPECT_EQ(m.state().threads[0].reg, 1);
    EXPECT_EQ(m.state().counter, 0) << "the add changes only the register";
    ASSERT_TRUE(m.step(0));
    EXPECT_EQ(m.state().counter, 1);
    EXPECT_TRUE(m.finished());
    EXPECT_FALSE(m.nextOp(0).has_value());
    EXPECT_FALSE(m.step(0)) << "a finished thread is not a choice";
    EXPECT_EQ(m.incrementsDone(0), 1);
}

TEST(StepMachine, TheClassicInterleavingLosesAnUpdate)
{
    const StepConfig config {.threads = 2, .increments = 1};
    // Thread 1 loads 0, thread 2 loads 0, both write back 1.
    const StepState s = run(config, {0, 1, 0, 0, 1, 1});
    EXPECT_TRUE(isFinished(s));
    EXPECT_EQ(s.counter, 1);
    EXPECT_EQ(run(config, {0, 0, 0, 1, 1, 1}).counter, 2);
}

TEST(StepMachine, ABlockedThreadIsNotEnabled)
{
    StepMachine m({.threads = 2, .increments = 1, .lock = true});
    EXPECT_EQ(m.enabledThreads(), (std::vector<int> {0, 1}));
    ASSERT_TRUE(m.step(0)); // acquire
    EXPECT_EQ(m.state().lockOwner, 0);
    EXPECT_TRUE(m.isBlocked(1));
    EXPECT_FALSE(m.isEnabled(1));
    EXPECT_EQ(m.enabledThreads(), (std::vector<int> {0}));
    const StepState before = m.state();
    EXPECT_FALSE(m.step(1));
    EXPECT_EQ(m.state(), before) << "a refused step changes nothing";
    EXPECT_EQ(m.schedule(), (std::vector<int> {0}));
    EXPECT_THROW(applyStep(m.config(), m.state(), 1), std::logic_error);

    ASSERT_TRUE(m.step(0)); // load
    ASSERT_TRUE(m.step(0)); // add
    ASSERT_TRUE(m.step(0)); // store
    EXPECT_TRUE(m.isBlocked(1)) << "still held until the release";
    ASSERT_TRUE(m.step(0)); // release
    EXPECT_EQ(m.state().lockOwner, kNoOwner);
    EXPECT_TRUE(m.isEnabled(1));
}

TEST(StepMachine, UndoRestoresTheStateBefore)
{
    StepMachine m({.threads = 2, .increments = 2});
    EXPECT_FALSE(m.canUndo());
    EXPECT_FALSE(m.undo());
    std::vector<StepState> seen {m.state()};
    for (int t : {0, 1, 1, 0, 0, 1}) {
        ASSERT_TRUE(m.step(t));
        seen.push_back(m.state());
    }
    for (int i = static_cast<int>(seen.size()) - 2; i >= 0; --i) {
        ASSERT_TRUE(m.undo());
        EXPECT_EQ(m.state(), seen[static_cast<std::size_t>(i)]) << "after undoing to step " << i;
        EXPECT_EQ(m.schedule().size(), static_cast<std::size_t>(i));
    }
    EXPECT_FALSE(m.undo());
}

TEST(StepMachine, ResetStartsOver)
{
    StepMachine m({.threads = 3, .increments = 1});
    m.step(2);
    m.step(2);
    m.reset();
    EXPECT_EQ(m.state(), initialState(m.config()));
    EXPECT_TRUE(m.schedule().empty());
    EXPECT_FALSE(m.canUndo());
}

TEST(StepMachine, RefusesAbsurdConfigurations)
{
    EXPECT_THROW(StepMachine({.threads = 0}), std::invalid_argument);
    EXPECT_THROW(StepMachine({.threads = kMaxStepThreads + 1}), std::invalid_argument);
    EXPECT_THROW(StepMachine({.threads = 2, .increments = 0}), std::invalid_argument);
    EXPECT_TRUE(validate(StepConfig {.threads = 2, .increments = -3}).has_value());
}

TEST(StepMachine, KeysIgnoreOnlyRegistersThatCannotMatter)
{
    const StepConfig config {.threads = 2, .increments = 2};
    StepState a = initialState(config);
    StepState b = a;
    b.threads[0].reg = 41; // before its load: overwritten before it is read
    EXPECT_EQ(stateKey(config, a), stateKey(config, b));
    const StepState loaded = applyStep(config, a, 0);
    StepState other = loaded;
    other.threads[0].reg = 7; // after the load it does matter
    EXPECT_NE(stateKey(config, loaded), stateKey(config, other));
    EXPECT_EQ(stateFromKey(config, stateKey(config, loaded)), loaded);
}

TEST(LosingSchedule, FoundWithoutTheLockAndItReallyLoses)
{
    for (const StepConfig config :
        {StepConfig {2, 1, false}, StepConfig {3, 2, false}, StepConfig {2, 50, false}}) {
        const auto schedule = findLosingSchedule(config, initialState(config));
        ASSERT_TRUE(schedule.has_value()) << config.threads << "x" << config.increments;
        const StepState end = run(config, *schedule);
        EXPECT_TRUE(isFinished(end));
        EXPECT_LT(end.counter, config.expected());
    }
}

TEST(LosingSchedule, FoundFromTheMiddleOfARun)
{
    const StepConfig config {.threads = 2, .increments = 1};
    StepMachine m(config);
    m.step(0);
    m.step(0);
    m.step(0); // thread 1 is done: counter 1
    EXPECT_FALSE(findLosingSchedule(config, m.state()).has_value()) << "thread 2 alone cannot lose";
    m.reset();
    m.step(0); // thread 1 has loaded 0
    const auto rest = findLosingSchedule(config, m.state());
    ASSERT_TRUE(rest.has_value());
    for (int t : *rest)
        ASSERT_TRUE(m.step(t));
    EXPECT_EQ(m.state().counter, 1);
}

TEST(LosingSchedule, NoneWithTheLock)
{
    const StepConfig config {.threads = 3, .increments = 2, .lock = true};
    EXPECT_FALSE(findLosingSchedule(config, initialState(config)).has_value());
}

TEST(Bytecode, MatchesCPython311ForAGlobalIncrement)
{
    const auto load = cpythonBytecode(MicroOp::Load);
    ASSERT_EQ(load.size(), 1u);
    EXPECT_EQ(load[0].opname, "LOAD_GLOBAL");
    EXPECT_EQ(load[0].argument, "counter");
    const auto add = cpythonBytecode(MicroOp::Add);
    ASSERT_EQ(add.size(), 2u);
    EXPECT_EQ(add[0].opname, "LOAD_CONST");
    EXPECT_EQ(add[1].opname, "BINARY_OP");
    EXPECT_EQ(add[1].argument, "13 (+=)");
    EXPECT_EQ(cpythonBytecode(MicroOp::Store).at(0).opname, "STORE_GLOBAL");
    EXPECT_EQ(cpythonBytecode(MicroOp::Acquire).at(1).opname, "BEFORE_WITH");
    EXPECT_EQ(pythonSource(true).at(2), "    with lock:");
}

} // namespace
} // namespace interleave
