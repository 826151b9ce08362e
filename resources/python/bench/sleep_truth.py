"""Ground truth for the tracer's sleeps: eight threads that each compute a little, then sleep,
ten times, noting the time just before and just after each sleep. Usage:
sleep_truth.py OUT.json [THREADS] [ROUNDS]"""

import json
import sys
import threading
import time


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    sleeps = [[] for _ in range(count)]
    ids = [0] * count

    def work(k):
        ids[k] = threading.get_native_id()
        now = time.monotonic_ns
        for r in range(rounds):
            sum(i * i for i in range(2_000))  # a short burst of work between the waits
            before = now()
            time.sleep(0.02)
            sleeps[k].append([before, now()])

    threads = [threading.Thread(target=work, args=(k,), name=f"io-{k}") for k in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open(out, "w") as f:
        json.dump({"threads": [{"name": threads[k].name, "tid": ids[k], "sleeps": sleeps[k]}
                               for k in range(count)]}, f)


if __name__ == "__main__":
    main()
