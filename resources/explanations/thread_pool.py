from concurrent.futures import ThreadPoolExecutor
import time

def compute(n):
    return sum(i * i for i in range(n))  # @state:Running @state:WaitingGil

def download(url):
    time.sleep(0.2)  # waiting for the network @state:BlockedIo
    return url

urls = [f"https://example.com/photo{i}.jpg" for i in range(12)]

with ThreadPoolExecutor(max_workers=4) as executor:  # @state:Starting
    results = list(executor.map(download, urls))  # queued until a worker is free @state:Ready @state:WaitingLock
