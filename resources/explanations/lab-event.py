ready = threading.Event()

def loader():
    load_settings()       # I/O
    parse_settings()      # brief CPU
    ready.set()

def worker():
    connect()             # I/O
    ready.wait()          # until set()
    serve()               # I/O
