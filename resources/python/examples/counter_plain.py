"""Four threads add 1 to a shared counter, without a
lock. A typical tutorial says updates get lost. On
CPython 3.10 and later this plain loop comes out exact:
the GIL changes hands only at calls and backward jumps,
never between the read and the write of `counter += 1`.
(race_counter.py puts a call there and loses
updates.)"""

import threading

counter = 0


def work(rounds):
    global counter
    for _ in range(rounds):
        counter += 1


def main():
    rounds = 1_000_000
    threads = [
        threading.Thread(target=work, args=(rounds,),
                         name=f"adder-{i}")
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
