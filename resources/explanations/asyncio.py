import asyncio

def compute(n):
    return sum(i * i for i in range(n))  # blocks the whole loop @state:Running

async def download(url):
    await asyncio.sleep(0.3)  # parked; the loop runs others @state:Suspended @state:BlockedIo
    return url

async def main():
    urls = [f"https://example.com/photo{i}.jpg" for i in range(50)]
    return await asyncio.gather(*(download(url) for url in urls))  # @state:Ready

results = asyncio.run(main())  # @state:Starting
