import threading

items = []
condition = threading.Condition()

def consumer():
    with condition:
        condition.wait_for(lambda: items)  # lock released @step:wait @state:WaitingLock
        item = items.pop(0)  # @state:Running
    print(f"consumed {item}")

def producer():
    with condition:  # @step:acquire
        items.append("data")
        condition.notify()  # wake one waiting consumer @step:notify

threading.Thread(target=consumer).start()
threading.Thread(target=producer).start()
