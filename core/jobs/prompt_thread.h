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

// Puts the calling thread behind every thread of ordinary priority: the lowest niceness an
// unprivileged thread can take (19). Threads and processes it starts afterwards inherit it. A
// thread that answers a user (the window's) then gets the CPU it needs at once, however many
// busy threads and processes the caller goes on to start: at equal priority, 256 busy
// processes left the window 1/129 of the two CPUs, too little to draw a frame in 100 ms.
// Among themselves those threads and processes share the CPUs as before, and on a machine with
// CPUs to spare they run as fast as before. False when refused.
bool runBehindOrdinaryThreads() noexcept;

} // namespace interleave
