import threading
import time

ready = threading.Event()

def worker(n):
    ready.wait()  # blocked until the flag is set @step:wait @state:WaitingLock
    print(f"worker {n} starts")  # @state:Running

threads = [threading.Thread(target=worker, args=(n,))
           for n in range(3)]
for thread in threads:
    thread.start()
time.sleep(0.5)  # loading the configuration... @state:BlockedIo
ready.set()  # every waiting worker goes on @step:set
for thread in threads:
    thread.join()
