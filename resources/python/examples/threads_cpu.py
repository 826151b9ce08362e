"""Two threads each compute a sum of squares (4 million
squares in all). Under the GIL only one thread runs
Python at a time: they take turns, about 5 ms each, and
together take as long as one after the other."""

import threading
import time


def sum_of_squares(n):
    return sum(i * i for i in range(n))


def main():
    started = time.perf_counter()
    threads = [
        threading.Thread(target=sum_of_squares,
                         args=(2_000_000,),
                         name=f"cpu-{i}")
        for i in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.perf_counter() - started
    print(f"2 threads: {took:.2f} s")


if __name__ == "__main__":
    main()
