"""One child started by fork, one by spawn; each sleeps a little and exits."""

import multiprocessing
import time


def nap(seconds):
    time.sleep(seconds)


def main():
    forked = multiprocessing.get_context("fork").Process(target=nap, args=(0.2,), name="forked-child")
    spawned = multiprocessing.get_context("spawn").Process(target=nap, args=(0.2,), name="spawned-child")
    forked.start()
    spawned.start()
    forked.join()
    spawned.join()
    print("exit codes:", forked.exitcode, spawned.exitcode)


if __name__ == "__main__":
    main()
