"""Four threads add to one counter, each holding a Lock
while it does, and each update is slow (it sleeps while
holding the lock). The count is right; while one thread
holds the lock the others wait for it."""

import threading
import time

counter = 0
counter_lock = threading.Lock()


def work(rounds):
    global counter
    for _ in range(rounds):
        with counter_lock:
            value = counter
            time.sleep(0.005)  # slow, holding the lock
            counter = value + 1


def main():
    threads = [
        threading.Thread(target=work, args=(10,),
                         name=f"adder-{i}")
        for i in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("counter:", counter, "(expected 40)")


if __name__ == "__main__":
    main()
