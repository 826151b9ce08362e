"""Eight "downloads", one after another. Each waits 200
ms for the network (time.sleep stands in for it), so the
whole program waits 8 x 200 ms. threads_io.py does the
same eight downloads on eight threads."""

import time

SITES = [f"site-{i}" for i in range(8)]


def download(site):
    time.sleep(0.2)  # waiting for the network
    return f"{site}: done"


def main():
    started = time.perf_counter()
    for site in SITES:
        download(site)  # the next waits for this one
    took = time.perf_counter() - started
    print(f"8 downloads in a row: {took:.2f} s")


if __name__ == "__main__":
    main()
