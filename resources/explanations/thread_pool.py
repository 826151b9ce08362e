from concurrent.futures import ThreadPoolExecutor
import time

def compute(n):
    return sum(i * i for i in range(n))  # @state:Running @state:WaitingGil

def download(url):
    time.sleep(0.2)  # waiting for the network @state:BlockedIo
    return url

urls = [f"https://example.com/{i}.jpg" for i in range(12)]

with ThreadPoolExecutor(max_workers=4) as executor:  # @state:Starting
    results = list(executor.map(download, urls))  # queued @state:Ready @state:WaitingLock
