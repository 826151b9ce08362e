q = queue.Queue(maxsize={limit})

def producer():
    connect()
    for _ in range({rounds}):
        q.put(fetch())    # blocks if full

def consumer():
    # get() blocks while the queue is empty
    while (item := q.get()) is not None:
        store(item)       # I/O

# {threads} producers, {consumers} consumers;
# one None per consumer ends them
