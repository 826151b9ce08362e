"""Eight "downloads" on eight threads. Each waits 200 ms (time.sleep stands in for the
network); the GIL is released while they wait, so they overlap."""

import threading
import time


def download(site):
    time.sleep(0.2)
    return f"{site}: done"


def main():
    started = time.perf_counter()
    threads = [threading.Thread(target=download, args=(f"site-{i}",), name=f"download-{i}") for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"8 downloads: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
