import queue
import threading
import time

jobs = queue.Queue(maxsize=5)

def producer():
    for n in range(20):
        jobs.put(n)  # waits while the queue is full @step:put @state:WaitingLock
    jobs.put(None)  # tells the consumer to stop

def consumer():
    while (job := jobs.get()) is not None:  # may wait @step:get
        time.sleep(0.05)  # handling the job @state:BlockedIo

threading.Thread(target=producer).start()
threading.Thread(target=consumer).start()
