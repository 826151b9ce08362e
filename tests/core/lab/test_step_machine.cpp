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
        {StepConfig {2, 1, false}, StepConfig {3, 2, false}, StepConfig {2, 50, false},
            StepConfig {.threads = 2, .increments = 50, .gil = true, .between = RaceBetween::Call}}) {
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

TEST(Bytecode, MatchesCPythonForAGlobalIncrement)
{
    const StepConfig plain {.threads = 2, .increments = 1};
    const auto load = cpythonBytecode(plain, MicroOp::Load);
    ASSERT_EQ(load.size(), 1u);
    EXPECT_EQ(load[0].opname, "LOAD_GLOBAL");
    EXPECT_EQ(load[0].argument, "counter");
    const auto add = cpythonBytecode(plain, MicroOp::Add);
    ASSERT_EQ(add.size(), 2u);
    EXPECT_EQ(add[0].opname, "LOAD_CONST");
    EXPECT_EQ(add[1].opname, "BINARY_OP");
    EXPECT_EQ(add[1].argument, "13 (+=)");
    const auto store = cpythonBytecode(plain, MicroOp::Store);
    ASSERT_EQ(store.size(), 2u);
    EXPECT_EQ(store[0].opname, "STORE_GLOBAL");
    EXPECT_EQ(store[1].opname, "JUMP_BACKWARD") << "the loop's back-edge follows the store";
    EXPECT_TRUE(store[1].evalBreaker);
    const StepConfig locked {.threads = 2, .increments = 1, .lock = true};
    EXPECT_EQ(cpythonBytecode(locked, MicroOp::Acquire).at(1).opname, "BEFORE_WITH");
    EXPECT_EQ(cpythonBytecode(locked, MicroOp::Store).size(), 1u) << "the back-edge comes after the release";
    EXPECT_EQ(cpythonBytecode(locked, MicroOp::Release).back().opname, "JUMP_BACKWARD");
    EXPECT_EQ(pythonSource(locked).at(3), "        with lock:");
    EXPECT_EQ(pythonSource(plain).back(), "        counter += 1");
}

TEST(Bytecode, NoEvalBreakerCheckBetweenTheLoadAndTheStoreOfCounterPlusEqualsOne)
{
    // What CPython 3.10+ does: the checks sit at the loop's backward jump (and the function's
    // start) and at calls; `counter += 1` has none between LOAD_GLOBAL and STORE_GLOBAL.
    const StepConfig plain {.threads = 2, .increments = 1};
    for (MicroOp op : {MicroOp::Load, MicroOp::Add}) {
        for (const BytecodeLine& line : cpythonBytecode(plain, op))
            EXPECT_FALSE(line.evalBreaker) << line.opname;
    }
    EXPECT_TRUE(evalBreakerBefore(plain, 0));
    EXPECT_FALSE(evalBreakerBefore(plain, 1));
    EXPECT_FALSE(evalBreakerBefore(plain, 2));
}

TEST(Bytecode, ACallPutsACheckBetweenTheLoadAndTheStore)
{
    const StepConfig call {.threads = 2, .increments = 1, .between = RaceBetween::Call};
    EXPECT_EQ(call.opsPerIncrement(), 4);
    EXPECT_EQ(opAt(call, 0), MicroOp::Load);
    EXPECT_EQ(opAt(call, 1), MicroOp::Call);
    EXPECT_EQ(opAt(call, 2), MicroOp::Add);
    EXPECT_EQ(opAt(call, 3), MicroOp::Store);
    const auto lines = cpythonBytecode(call, MicroOp::Call);
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[1].opname, "CALL");
    EXPECT_EQ(lines[2].opname, "RESUME");
    EXPECT_TRUE(lines[2].evalBreaker) << "one()'s RESUME checks the eval breaker";
    EXPECT_EQ(cpythonBytecode(call, MicroOp::Add).at(0).argument, "0 (+)");
    EXPECT_TRUE(evalBreakerBefore(call, 2)) << "right after the call, before the add";
    EXPECT_FALSE(evalBreakerBefore(call, 1));
    EXPECT_FALSE(evalBreakerBefore(call, 3));
    EXPECT_EQ(pythonSource(call).back(), "        counter = counter + one()");

    const StepConfig lockedCall {.threads = 2, .increments = 1, .lock = true, .between = RaceBetween::Call};
    EXPECT_EQ(lockedCall.opsPerIncrement(), 6);
    EXPECT_EQ(opAt(lockedCall, 2), MicroOp::Call);
    EXPECT_TRUE(evalBreakerBefore(lockedCall, 3));
}

TEST(StepMachineWithTheGil, TheHolderRunsUntilAnEvalBreakerCheck)
{
    StepMachine m({.threads = 2, .increments = 2, .gil = true});
    EXPECT_EQ(m.enabledThreads(), (std::vector<int> {0, 1})) << "at the start, either may take the GIL";
    ASSERT_TRUE(m.step(0)); // load
    EXPECT_EQ(m.state().gilHolder, 0);
    EXPECT_TRUE(waitsForGil(m.config(), m.state(), 1));
    EXPECT_EQ(m.enabledThreads(), (std::vector<int> {0}));
    EXPECT_FALSE(m.step(1)) << "no switch between the load and the store";
    ASSERT_TRUE(m.step(0)); // add
    ASSERT_TRUE(m.step(0)); // store: the loop jumps back, and checks
    EXPECT_EQ(m.enabledThreads(), (std::vector<int> {0, 1}));
    ASSERT_TRUE(m.step(1));
    EXPECT_EQ(m.state().gilHolder, 1);
    EXPECT_FALSE(m.isEnabled(0));
}

TEST(StepMachineWithTheGil, ACallLetsAnotherThreadInBetween)
{
    const StepConfig config {.threads = 2, .increments = 1, .gil = true, .between = RaceBetween::Call};
    StepMachine m(config);
    ASSERT_TRUE(m.step(0)); // load 0
    EXPECT_FALSE(m.isEnabled(1));
    ASSERT_TRUE(m.step(0)); // call: one()'s RESUME checks
    EXPECT_TRUE(m.isEnabled(1)) << "switched at the call";
    for (int t : {1, 1, 1, 1})
        ASSERT_TRUE(m.step(t)); // thread 2: load 0, call, add, store 1
    for (int t : {0, 0})
        ASSERT_TRUE(m.step(t)); // thread 1: add, store its stale 1
    EXPECT_TRUE(m.finished());
    EXPECT_EQ(m.state().counter, 1);
    const auto schedule = findLosingSchedule(config, initialState(config));
    ASSERT_TRUE(schedule.has_value());
    EXPECT_LT(run(config, *schedule).counter, 2);
}

TEST(StepMachineWithTheGil, NoLosingScheduleWithoutACall)
{
    for (const StepConfig config : {StepConfig {.threads = 2, .increments = 1, .gil = true},
             StepConfig {.threads = 3, .increments = 3, .gil = true}}) {
        EXPECT_FALSE(findLosingSchedule(config, initialState(config)).has_value())
            << config.threads << "x" << config.increments;
    }
}

} // namespace
} // namespace interleave
