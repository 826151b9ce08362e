"""race_counter.py with a Lock around the read, the call
and the write: no update is lost. A thread that wants
the lock while another holds it waits (Waiting for lock
on the timeline), so the fix costs time."""

import threading

counter = 0
counter_lock = threading.Lock()


def pause():
    pass


def work(rounds):
    global counter
    for _ in range(rounds):
        with counter_lock:  # one thread at a time
            value = counter
            pause()
            counter = value + 1


def main():
    rounds = 200_000
    threads = [
        threading.Thread(target=work, args=(rounds,),
                         name=f"locked-{i}")
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
