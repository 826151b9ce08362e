#pragma once

#include "trace/chrome_trace_reader.h"
#include "trace/chrome_trace_writer.h"

// Chrome's Trace Event Format: the JSON that Perfetto, chrome://tracing and speedscope open,
// and that many profilers write. Exporting lets a run be inspected with those tools; importing
// lets Interleave show their traces and reopen its own saved runs.
//
// What is written (object form):
//   {"displayTimeUnit":"ns","otherData":{<metadata>,"interleave_format":1},"traceEvents":[...]}
// - per lane, "M" events: process_name (process lanes), thread_name and thread_sort_index.
//   thread_name's args carry the LaneInfo (lane, parent, kind, os_tid) so a reopened file
//   restores the lanes exactly. Each lane gets a tid of its own within its pid: its OS tid, or
//   0x40000000 + lane id for coroutines (which share their loop thread's tid) and collisions.
// - every span as an "X" event named after its state, ts/dur in microseconds with exactly three
//   decimals, so integer nanoseconds come back unchanged; args.task / args.detail when set.
// - notes as "i" events named "note" with args.text.
// - a lab run's lock log (trace/lock_log.h), when it has one, under a top-level key after
//   "traceEvents" (Perfetto's importer stops at the first top-level key it does not know, so
//   before the events it would hide them; chrome://tracing keeps it as metadata):
//     "interleave_lock_log":{"version":1,"threads":["Philosopher 1",...],
//       "locks":[{"name":"fork 1","recursive":false},...],
//       "events":[{"ts":12.345,"thread":0,"lock":1,"kind":"wait","lane":2},...]}
//   thread and lock index "threads" and "locks"; kind is wait, acquire, abandon or release; ts
//   is written as the spans' are; lane (left out when the thread records none) is the "lane"
//   of a thread_name event. Events whose thread or lock is not in the log, or that go back in
//   time, are not written.
//
// What is read: the object form or the bare array form, streamed (memory grows with the
// resulting records, not with the file). Phases X, B/E, M (process_name, thread_name,
// thread_sort_index) and i/I named "note" are used; every other event, field and arg is
// skipped. Span names that are not state names (a foreign trace) read as Running. Timestamps
// must lie within 10^15 microseconds (31 years) of zero. Limits that keep memory within a few
// times the file's size: at most kMaxChromeTraceLanes lanes, strings of at most 1 MiB,
// numbers of at most 4096 characters.
// The lock log is read whole and checked field by field, and refused with a message naming the
// field when anything is wrong: a missing or unknown field, a wrong type, a version other than
// kChromeTraceLockLogVersion, an index out of range, a lane that is not one of the file's,
// times out of order, an unknown kind, more threads, locks or events than the limits of
// trace/chrome_trace_format.h.
//
// The pieces: chrome_trace_writer.h (writing), chrome_trace_reader.h (the streamed reading),
// chrome_trace_io.h (the byte sources and sinks both sit on), chrome_trace_format.h (what they
// share).
