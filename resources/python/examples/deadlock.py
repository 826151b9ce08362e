"""Two threads need the same two locks and take them in
opposite orders. Each gets its first lock, then waits
for the one the other holds: both wait for ever, and so
does the main thread in join(). Press Stop to end it.
The fix: take the locks in the same order everywhere."""

import threading
import time

lock_a = threading.Lock()
lock_b = threading.Lock()


def worker(first, second):
    with first:
        time.sleep(0.1)  # the other takes its first
        with second:  # held by the other thread: wait
            print("got both locks")


def main():
    one = threading.Thread(target=worker,
                           args=(lock_a, lock_b),
                           name="a-then-b")
    two = threading.Thread(target=worker,
                           args=(lock_b, lock_a),
                           name="b-then-a")
    one.start()
    two.start()
    print("both threads started; waiting for them...")
    one.join()
    two.join()


if __name__ == "__main__":
    main()
