"""Three coroutines on one event loop, run together with
asyncio.gather. Each awaits three times: while one waits,
another runs. Only one runs at any moment, all on the main
thread."""

import asyncio


async def fetch(name, delay):
    for _ in range(3):
        sum(i * i for i in range(20_000))  # a little work
        await asyncio.sleep(delay)  # lets the others run
    return name


async def main():
    results = await asyncio.gather(
        asyncio.create_task(fetch("a", 0.03), name="fetch-a"),
        asyncio.create_task(fetch("b", 0.05), name="fetch-b"),
        asyncio.create_task(fetch("c", 0.07), name="fetch-c"),
    )
    print("gathered:", results)


if __name__ == "__main__":
    asyncio.run(main())
