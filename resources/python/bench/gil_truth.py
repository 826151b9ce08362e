"""Ground truth for the tracer's GIL reading: two CPU-bound threads that note the time after
every few microseconds of work. A thread can only note the time while it holds the GIL, so
between two close notes it held it; `interleave bench pytrace` compares that with the holder
the tracer drew, and times the same fixed work untraced to measure what tracing costs.
Usage: gil_truth.py OUT.json [CHUNKS]: each thread does CHUNKS chunks of work (default 100000,
about half a second each on one core)."""

import json
import sys
import threading
import time


def spin(chunks, stamps):
    now = time.monotonic_ns
    note = stamps.append
    x = 0
    for _ in range(chunks):
        for i in range(100):
            x += i * i
        note(now())
    return x


def main():
    out = sys.argv[1]
    chunks = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    stamps = [[], []]
    ids = [0, 0]

    def work(k):
        ids[k] = threading.get_native_id()
        spin(chunks, stamps[k])

    threads = [threading.Thread(target=work, args=(k,), name=f"cpu-{k}") for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open(out, "w") as f:
        json.dump({"threads": [{"name": threads[k].name, "tid": ids[k], "stamps": stamps[k]} for k in range(2)],
                   "switch_interval_s": sys.getswitchinterval()}, f)


if __name__ == "__main__":
    main()
