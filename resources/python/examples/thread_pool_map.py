"""The eight "downloads" again, handed to a pool of
three threads with ThreadPoolExecutor.map. At most three
wait at once; the others are queued until a worker is
free, so it takes three rounds: about 600 ms."""

import time
from concurrent.futures import ThreadPoolExecutor

SITES = [f"site-{i}" for i in range(8)]


def download(site):
    time.sleep(0.2)  # waiting for the network
    return f"{site}: done"


def main():
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(download, SITES))
    took = time.perf_counter() - started
    print(f"{len(results)} downloads on 3 threads: "
          f"{took:.2f} s")


if __name__ == "__main__":
    main()
