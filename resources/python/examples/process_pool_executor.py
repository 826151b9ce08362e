"""process_pool.py with concurrent.futures: the same
four tasks for a ProcessPoolExecutor of two workers. Two
processes, two GILs: both compute at once."""

import time
from concurrent.futures import ProcessPoolExecutor

TASKS = [1_000_000] * 4  # 4 million squares in all


def sum_of_squares(n):
    return sum(i * i for i in range(n))


def main():
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(sum_of_squares, TASKS))
    took = time.perf_counter() - started
    print(f"ProcessPoolExecutor(2), {len(results)} "
          f"tasks: {took:.2f} s")


if __name__ == "__main__":
    main()
