#include "lab/step_machine.h"

#include <cstring>
#include <stdexcept>
#include <unordered_set>

namespace interleave {
namespace {

constexpr MicroOp kPlainOps[] = {MicroOp::Load, MicroOp::Add, MicroOp::Store};
constexpr MicroOp kLockedOps[]
    = {MicroOp::Acquire, MicroOp::Load, MicroOp::Add, MicroOp::Store, MicroOp::Release};
constexpr MicroOp kPlainCallOps[] = {MicroOp::Load, MicroOp::Call, MicroOp::Add, MicroOp::Store};
constexpr MicroOp kLockedCallOps[]
    = {MicroOp::Acquire, MicroOp::Load, MicroOp::Call, MicroOp::Add, MicroOp::Store, MicroOp::Release};

// The register means something only between the load and the store of an increment.
bool registerMatters(const StepConfig& config, const StepThread& thread)
{
    if (thread.finished())
        return false;
    const MicroOp next = opAt(config, thread.pc);
    return next == MicroOp::Call || next == MicroOp::Add || next == MicroOp::Store || next == MicroOp::Release;
}

// With the GIL, may the holder lose it now? Only at an eval-breaker check, when it has
// finished, or when it waits for the lock (acquire releases the GIL).
bool holderYields(const StepConfig& config, const StepState& state)
{
    if (state.gilHolder == kNoOwner)
        return true;
    const StepThread& holder = state.threads[static_cast<std::size_t>(state.gilHolder)];
    return holder.finished() || evalBreakerBefore(config, holder.pc)
        || isBlocked(config, state, state.gilHolder);
}

template <typename T> void put(std::string& out, T value)
{
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out.append(bytes, sizeof(T));
}

template <typename T> T take(const std::string& in, std::size_t& at)
{
    T value {};
    std::memcpy(&value, in.data() + at, sizeof(T));
    at += sizeof(T);
    return value;
}

} // namespace

std::string_view microOpName(MicroOp op) noexcept
{
    switch (op) {
    case MicroOp::Acquire:
        return "acquire";
    case MicroOp::Load:
        return "load";
    case MicroOp::Call:
        return "call";
    case MicroOp::Add:
        return "add";
    case MicroOp::Store:
        return "store";
    case MicroOp::Release:
        return "release";
    }
    return "?";
}

std::string_view microOpEffect(MicroOp op) noexcept
{
    switch (op) {
    case MicroOp::Acquire:
        return "take the lock";
    case MicroOp::Load:
        return "register \u2190 counter";
    case MicroOp::Call:
        return "one() runs and returns 1";
    case MicroOp::Add:
        return "register \u2190 register + 1";
    case MicroOp::Store:
        return "counter \u2190 register";
    case MicroOp::Release:
        return "give the lock back";
    }
    return "?";
}

std::vector<BytecodeLine> cpythonBytecode(const StepConfig& config, MicroOp op)
{
    const bool call = config.between == RaceBetween::Call;
    std::vector<BytecodeLine> lines;
    switch (op) {
    case MicroOp::Acquire:
        lines = {{"LOAD_GLOBAL", "lock"}, {"BEFORE_WITH", "lock.__enter__()"}, {"POP_TOP", ""}};
        break;
    case MicroOp::Load:
        lines = {{"LOAD_GLOBAL", "counter"}};
        break;
    case MicroOp::Call:
        lines = {{"LOAD_GLOBAL", "NULL + one"}, {"CALL", "0"}, {"RESUME", "0   (in one)", true},
            {"RETURN_CONST", "1   (in one)"}};
        break;
    case MicroOp::Add:
        if (call)
            lines = {{"BINARY_OP", "0 (+)"}};
        else
            lines = {{"LOAD_CONST", "1"}, {"BINARY_OP", "13 (+=)"}};
        break;
    case MicroOp::Store:
        lines = {{"STORE_GLOBAL", "counter"}};
        break;
    case MicroOp::Release:
        lines = {{"LOAD_CONST", "None (\u00d73)"}, {"CALL", "2 lock.__exit__()"}, {"POP_TOP", ""}};
        break;
    }
    if (op == opAt(config, config.opsPerIncrement() - 1))
        lines.push_back({"JUMP_BACKWARD", "(to FOR_ITER)", true});
    return lines;
}

std::vector<std::string> pythonSource(const StepConfig& config)
{
    std::vector<std::string> lines;
    if (config.between == RaceBetween::Call)
        lines = {"def one():", "    return 1", ""};
    lines.insert(lines.end(), {"def work():", "    global counter", "    for _ in range(increments):"});
    std::string indent = "        ";
    if (config.lock) {
        lines.push_back(indent + "with lock:");
        indent += "    ";
    }
    lines.push_back(indent + (config.between == RaceBetween::Call ? "counter = counter + one()" : "counter += 1"));
    return lines;
}

bool evalBreakerBefore(const StepConfig& config, int pc)
{
    return pc == 0 || (pc > 0 && opAt(config, pc - 1) == MicroOp::Call);
}

std::optional<std::string> validate(const StepConfig& c)
{
    if (c.threads < 1 || c.threads > kMaxStepThreads)
        return "--threads must be 1 to " + std::to_string(kMaxStepThreads) + " for stepping, not "
            + std::to_string(c.threads);
    if (c.increments < 1 || c.increments > kMaxStepIncrements)
        return "--increments must be 1 to " + std::to_string(kMaxStepIncrements) + " for stepping, not "
            + std::to_string(c.increments);
    return std::nullopt;
}

StepState initialState(const StepConfig& config)
{
    StepState s;
    s.threads.assign(static_cast<std::size_t>(config.threads), StepThread {0, config.increments, 0});
    return s;
}

MicroOp opAt(const StepConfig& config, int pc)
{
    if (config.between == RaceBetween::Call)
        return config.lock ? kLockedCallOps[pc] : kPlainCallOps[pc];
    return config.lock ? kLockedOps[pc] : kPlainOps[pc];
}

std::optional<MicroOp> nextOp(const StepConfig& config, const StepState& state, int thread)
{
    if (thread < 0 || thread >= static_cast<int>(state.threads.size()))
        return std::nullopt;
    const StepThread& t = state.threads[static_cast<std::size_t>(thread)];
    if (t.finished())
        return std::nullopt;
    return opAt(config, t.pc);
}

bool isBlocked(const StepConfig& config, const StepState& state, int thread)
{
    const auto op = nextOp(config, state, thread);
    return op == MicroOp::Acquire && state.lockOwner != kNoOwner && state.lockOwner != thread;
}

bool waitsForGil(const StepConfig& config, const StepState& state, int thread)
{
    return config.gil && state.gilHolder != thread && !holderYields(config, state);
}

bool isEnabled(const StepConfig& config, const StepState& state, int thread)
{
    return nextOp(config, state, thread).has_value() && !isBlocked(config, state, thread)
        && !waitsForGil(config, state, thread);
}

std::vector<int> enabledThreads(const StepConfig& config, const StepState& state)
{
    std::vector<int> enabled;
    for (int t = 0; t < static_cast<int>(state.threads.size()); ++t) {
        if (isEnabled(config, state, t))
            enabled.push_back(t);
    }
    return enabled;
}

bool isFinished(const StepState& state)
{
    for (const StepThread& t : state.threads) {
        if (!t.finished())
            return false;
    }
    return true;
}

StepState applyStep(const StepConfig& config, StepState state, int thread)
{
    if (!isEnabled(config, state, thread))
        throw std::logic_error("applyStep: thread " + std::to_string(thread) + " cannot step");
    StepThread& t = state.threads[static_cast<std::size_t>(thread)];
    switch (opAt(config, t.pc)) {
    case MicroOp::Acquire:
        state.lockOwner = thread;
        break;
    case MicroOp::Load:
        t.reg = state.counter;
        break;
    case MicroOp::Call:
        break; // one() returns 1; the add below adds it
    case MicroOp::Add:
        t.reg += 1;
        break;
    case MicroOp::Store:
        state.counter = t.reg;
        break;
    case MicroOp::Release:
        state.lockOwner = kNoOwner;
        break;
    }
    if (++t.pc == config.opsPerIncrement()) {
        t.pc = 0;
        --t.remaining;
    }
    if (config.gil)
        state.gilHolder = thread;
    return state;
}

std::string stateKey(const StepConfig& config, const StepState& state)
{
    std::string key;
    key.reserve(state.threads.size() * 13 + 10);
    for (const StepThread& t : state.threads) {
        put<std::uint8_t>(key, static_cast<std::uint8_t>(t.pc));
        put<std::int32_t>(key, t.remaining);
        put<std::int64_t>(key, registerMatters(config, t) ? t.reg : 0);
    }
    put<std::int64_t>(key, state.counter);
    put<std::int8_t>(key, static_cast<std::int8_t>(state.lockOwner));
    // Who holds the GIL matters only while the holder keeps it.
    const int holder = config.gil && !holderYields(config, state) ? state.gilHolder : kNoOwner;
    put<std::int8_t>(key, static_cast<std::int8_t>(holder));
    return key;
}

StepState stateFromKey(const StepConfig& config, const std::string& key)
{
    StepState s;
    std::size_t at = 0;
    s.threads.resize(static_cast<std::size_t>(config.threads));
    for (StepThread& t : s.threads) {
        t.pc = take<std::uint8_t>(key, at);
        t.remaining = take<std::int32_t>(key, at);
        t.reg = take<std::int64_t>(key, at);
    }
    s.counter = take<std::int64_t>(key, at);
    s.lockOwner = take<std::int8_t>(key, at);
    s.gilHolder = take<std::int8_t>(key, at);
    return s;
}

namespace {

// Depth-first, remembering states from which no loss is possible. `last` is the thread that
// stepped last (-1 at the start): right after its load, the others go first; otherwise it
// keeps going, so the schedule has few switches.
class LossSearch {
public:
    LossSearch(const StepConfig& config, std::size_t maxStates)
        : m_config(config)
        , m_maxStates(maxStates)
    {
    }

    // Iterative (a schedule can be tens of thousands of steps long: too deep for recursion).
    std::optional<std::vector<int>> search(const StepState& start)
    {
        struct Frame {
            StepState state;
            std::vector<int> choices;
            std::size_t next = 0;
        };
        std::vector<Frame> stack;
        std::vector<int> path;
        const auto enter = [&](StepState state, int last) -> bool {
            if (isFinished(state))
                return state.counter < m_config.expected();
            if (m_dead.contains(stateKey(m_config, state)) || m_dead.size() >= m_maxStates)
                return false;
            std::vector<int> choices = order(state, last);
            stack.push_back(Frame {std::move(state), std::move(choices), 0});
            return false;
        };
        if (enter(start, -1))
            return path;
        while (!stack.empty()) {
            Frame& top = stack.back();
            if (top.next == top.choices.size()) {
                m_dead.insert(stateKey(m_config, top.state));
                stack.pop_back();
                if (!path.empty())
                    path.pop_back();
                continue;
            }
            const int t = top.choices[top.next++];
            path.push_back(t);
            const std::size_t depth = stack.size();
            if (enter(applyStep(m_config, top.state, t), t))
                return path;
            if (stack.size() == depth) // a leaf or a known dead end: nothing pushed
                path.pop_back();
        }
        return std::nullopt;
    }

private:
    std::vector<int> order(const StepState& state, int last) const
    {
        const std::vector<int> enabled = enabledThreads(m_config, state);
        const bool lastJustLoaded = last >= 0 && !state.threads[static_cast<std::size_t>(last)].finished()
            && opAt(m_config, state.threads[static_cast<std::size_t>(last)].pc) == MicroOp::Add;
        std::vector<int> first;
        std::vector<int> rest;
        for (int t : enabled) {
            const bool preferred = lastJustLoaded ? t != last : t == last;
            (preferred ? first : rest).push_back(t);
        }
        first.insert(first.end(), rest.begin(), rest.end());
        return first;
    }

    const StepConfig& m_config;
    std::size_t m_maxStates;
    std::unordered_set<std::string> m_dead;
};

} // namespace

std::optional<std::vector<int>> findLosingSchedule(
    const StepConfig& config, const StepState& state, std::size_t maxStates)
{
    return LossSearch(config, maxStates).search(state);
}

StepMachine::StepMachine(StepConfig config)
    : m_config(config)
{
    if (auto problem = validate(m_config))
        throw std::invalid_argument(*problem);
    reset();
}

int StepMachine::incrementsDone(int thread) const
{
    return m_config.increments - state().threads.at(static_cast<std::size_t>(thread)).remaining;
}

bool StepMachine::step(int thread)
{
    if (!isEnabled(thread))
        return false;
    m_states.push_back(applyStep(m_config, state(), thread));
    m_schedule.push_back(thread);
    return true;
}

bool StepMachine::undo()
{
    if (!canUndo())
        return false;
    m_states.pop_back();
    m_schedule.pop_back();
    return true;
}

void StepMachine::reset()
{
    m_states.assign(1, initialState(m_config));
    m_schedule.clear();
}

} // namespace interleave
