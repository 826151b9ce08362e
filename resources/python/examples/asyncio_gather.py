"""Three coroutines on one event loop, run together with
asyncio.gather. Each awaits three times: while one
waits, another runs. Only one runs at any moment, all on
the main thread."""

import asyncio


async def fetch(name, delay):
    for _ in range(3):
        sum(i * i for i in range(20_000))  # some work
        await asyncio.sleep(delay)  # the others run
    return name


async def main():
    tasks = [
        asyncio.create_task(fetch(name, delay),
                            name=f"fetch-{name}")
        for name, delay in [("a", 0.03), ("b", 0.05),
                            ("c", 0.07)]
    ]
    results = await asyncio.gather(*tasks)
    print("gathered:", results)


if __name__ == "__main__":
    asyncio.run(main())
