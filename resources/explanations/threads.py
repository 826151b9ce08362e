import threading
import time

def compute(n):
    return sum(i * i for i in range(n))  # holds the GIL @state:Running @state:WaitingGil

def download(url):
    time.sleep(0.25)  # the GIL is released while waiting @state:BlockedIo

urls = [f"https://example.com/{i}.jpg" for i in range(8)]

threads = [threading.Thread(target=download, args=(url,))
           for url in urls]
for thread in threads:
    thread.start()  # @state:Starting
for thread in threads:
    thread.join()  # the main thread waits for each @state:WaitingLock
