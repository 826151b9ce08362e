"""Four threads do counter += 1 with a function call
between reading the counter and writing it back. CPython
3.11 may switch threads at that call: another thread
writes in between, and its update is lost when this one
writes an older value back. counter_locked.py fixes it
with a Lock."""

import threading

counter = 0


def pause():
    pass


def work(rounds):
    global counter
    for _ in range(rounds):
        value = counter
        pause()  # a call: the GIL may change hands here
        counter = value + 1


def main():
    rounds = 500_000
    threads = [
        threading.Thread(target=work, args=(rounds,),
                         name=f"racer-{i}")
        for i in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    expected = 4 * rounds
    print(f"counter: {counter}, expected {expected}, "
          f"lost {expected - counter}")


if __name__ == "__main__":
    main()
