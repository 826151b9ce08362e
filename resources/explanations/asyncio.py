import asyncio

def compute(n):
    return sum(i * i for i in range(n))  # blocks the loop @state:Running

async def download(url):
    await asyncio.sleep(0.3)  # parked: others run @state:Suspended @state:BlockedIo
    return url

async def main():
    urls = [f"https://example.com/{i}" for i in range(50)]
    downloads = [download(url) for url in urls]
    return await asyncio.gather(*downloads)  # @state:Ready

results = asyncio.run(main())  # @state:Starting
