#pragma once

namespace interleave {

// Asks the kernel to run the calling thread promptly whenever it wakes: a short scheduler
// slice (100 us). A thread that runs for microseconds at a time and must run when its time
// comes (the sampler of a traced program) then takes a CPU from a busy thread at once,
// instead of at the end of that thread's slice, milliseconds later. Its share of the CPU is
// unchanged: a thread that needs more than its share still waits.
// Taken by kernels whose fair scheduler honours a requested slice (EEVDF, Linux 6.12 on);
// older kernels ignore it. The thread's niceness is kept, threads and processes it starts
// afterwards get the ordinary slice, and no privilege is needed. False when refused.
bool askToRunPromptly() noexcept;

} // namespace interleave
