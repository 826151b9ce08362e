"""Four threads do counter += 1 with a function call between reading and writing: on
CPython 3.11 the GIL can change hands at that call, so updates get lost. (A plain
`counter += 1` in a loop happens to come out exact on 3.11: switches only happen at calls
and backward jumps.)"""

import threading

counter = 0


def pause():
    pass


def work(rounds):
    global counter
    for _ in range(rounds):
        value = counter
        pause()  # a call: the GIL may change hands here, between the read and the write
        counter = value + 1


def main():
    rounds = 200_000
    threads = [threading.Thread(target=work, args=(rounds,), name=f"racer-{i}") for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    expected = 4 * rounds
    print(f"counter: {counter}, expected {expected}, lost {expected - counter}")


if __name__ == "__main__":
    main()
