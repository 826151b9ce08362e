"""How long multiprocessing takes to start a process with the spawn method on this machine:
from Process.start() until the child runs its target (a new interpreter starting, importing
multiprocessing and unpickling the target). Prints the fastest of five, in milliseconds: a busy
moment can only make a start slower, so the fastest is this machine's own cost.
Interleave's emulated interpreter start-up (--process-start python) is calibrated from it."""

import multiprocessing
import time


def noted(value):
    value.value = time.monotonic_ns()


def main():
    spawn = multiprocessing.get_context("spawn")
    starts = []
    for _ in range(5):
        value = spawn.Value("q", 0)
        before = time.monotonic_ns()
        child = spawn.Process(target=noted, args=(value,))
        child.start()
        child.join()
        starts.append((value.value - before) / 1e6)
    print(f"{min(starts):.1f}")


if __name__ == "__main__":
    main()
