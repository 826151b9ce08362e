"""Two child processes: one started by fork (a copy of
this one), one by spawn (a fresh interpreter, which
takes longer to start). Each sleeps a little and exits;
the parent waits for both in join()."""

import multiprocessing
import time


def nap(seconds):
    time.sleep(seconds)


def main():
    fork = multiprocessing.get_context("fork")
    spawn = multiprocessing.get_context("spawn")
    forked = fork.Process(target=nap, args=(0.2,),
                          name="forked-child")
    spawned = spawn.Process(target=nap, args=(0.2,),
                            name="spawned-child")
    forked.start()
    spawned.start()
    forked.join()
    spawned.join()
    print("exit codes:", forked.exitcode,
          spawned.exitcode)


if __name__ == "__main__":
    main()
