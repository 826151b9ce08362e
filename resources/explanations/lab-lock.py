lock = threading.Lock()

def worker():
    for _ in range({rounds}):
        data = fetch()    # I/O, no lock
        with lock:        # one at a time
            update(data)

threads = [threading.Thread(target=worker)
           for _ in range({threads})]
for t in threads: t.start()
for t in threads: t.join()
