"""A Pool of two worker processes computes four sums of squares: each process has its own
interpreter and its own GIL, so two run at once."""

import multiprocessing
import time


def sum_of_squares(n):
    return sum(i * i for i in range(n))


def main():
    started = time.perf_counter()
    with multiprocessing.Pool(2) as pool:
        results = pool.map(sum_of_squares, [1_500_000] * 4)
    print(f"Pool(2), 4 tasks: {time.perf_counter() - started:.2f} s, {len(results)} results")


if __name__ == "__main__":
    main()
