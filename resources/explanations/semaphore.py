import threading
import time

downloads = threading.Semaphore(3)  # three at most

def download(url):
    with downloads:  # the fourth thread waits here @step:acquire @state:WaitingLock
        time.sleep(0.5)  # downloading @state:BlockedIo
    # the permit goes back at the end of the with block @step:release

urls = [f"https://example.com/{i}.jpg" for i in range(10)]
threads = [threading.Thread(target=download, args=(url,))
           for url in urls]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
