import threading

counter = 0

def work(increments):
    global counter
    for _ in range(increments):
        # counter += 1 is really these three steps:
        value = counter  # load @step:load @state:Running
        value = value + 1  # add @step:add
        counter = value  # store @step:store

threads = [threading.Thread(target=work, args=(10_000,))
           for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(f"expected 40000, got {counter}")
