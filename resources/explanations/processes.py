import multiprocessing
import time

def compute(n):
    return sum(i * i for i in range(n))  # own GIL @state:Running

def download(url):
    time.sleep(0.25)  # @state:BlockedIo

if __name__ == "__main__":
    sizes = [5_000_000] * 4
    processes = [
        multiprocessing.Process(target=compute, args=(n,))
        for n in sizes
    ]
    for process in processes:
        process.start()  # a new interpreter starts @state:Starting
    for process in processes:
        process.join()  # the parent waits @state:WaitingLock
