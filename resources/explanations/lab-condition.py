cond = threading.Condition()
items, done = [], False

def producer():
    global done
    for _ in range({total}):
        item = fetch()    # I/O
        with cond:
            items.append(item)
            cond.notify()
    with cond:
        done = True
        cond.notify_all()

def consumer():
    while True:
        with cond:
            cond.wait_for(lambda: items or done)
            if not items:
                return
            item = items.pop(0)
        save(item)        # I/O, unlocked
