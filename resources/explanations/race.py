import threading

counter = 0

def one():
    return 1

def work(increments):
    global counter
    for _ in range(increments):
        # counter = counter + one() is really these steps:
        value = counter  # load @step:load @state:Running
        value = value + one()  # a call: a switch may come here @step:add
        counter = value  # store @step:store
    # counter += 1 has no call between its load and its store:
    # exact on CPython 3.10+ with the GIL, by luck, not by design

threads = [threading.Thread(target=work, args=(100_000,))
           for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(f"expected 400000, got {counter}")
