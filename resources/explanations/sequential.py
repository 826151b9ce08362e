import time

def compute(n):
    return sum(i * i for i in range(n))  # computing @state:Running

def download(url):
    time.sleep(0.25)  # waiting for the network @state:BlockedIo
    return url

urls = [f"https://example.com/{i}.jpg" for i in range(4)]

start = time.perf_counter()
for url in urls:  # one after another @state:Starting
    download(url)
print(f"took {time.perf_counter() - start:.2f} s")
