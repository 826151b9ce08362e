import multiprocessing
from concurrent.futures import ProcessPoolExecutor

def compute(n):
    return sum(i * i for i in range(n))  # @state:Running

def download(url):
    import time
    time.sleep(0.25)  # @state:BlockedIo

if __name__ == "__main__":
    sizes = [3_000_000] * 8
    with multiprocessing.Pool() as pool:  # one per core @state:Starting
        results = pool.map(compute, sizes)  # queued @state:Ready @state:WaitingLock

    # The same with concurrent.futures:
    with ProcessPoolExecutor() as executor:
        results = list(executor.map(compute, sizes))
