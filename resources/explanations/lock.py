import threading

counter = 0
lock = threading.Lock()

def work(increments):
    global counter
    for _ in range(increments):
        with lock:  # waits while another thread has it @step:acquire @state:WaitingLock
            counter += 1  # only one thread at a time @step:critical @state:Running
        # released at the end of the with block @step:release

threads = [threading.Thread(target=work, args=(10_000,))
           for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(f"expected 40000, got {counter}")  # always exact
