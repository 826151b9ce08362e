"""The 4 million squares of threads_cpu.py, as four
tasks for a multiprocessing.Pool of two worker
processes. Each process has its own interpreter and its
own GIL, so both compute at once, on two cores."""

import multiprocessing
import time

TASKS = [1_000_000] * 4  # 4 million squares in all


def sum_of_squares(n):
    return sum(i * i for i in range(n))


def main():
    started = time.perf_counter()
    with multiprocessing.Pool(2) as pool:
        results = pool.map(sum_of_squares, TASKS)
    took = time.perf_counter() - started
    print(f"Pool(2), 4 tasks: {took:.2f} s")


if __name__ == "__main__":
    main()
