"""Lesson: `asyncio.gather` waits for several awaitables at once: the longest, not the sum."""

from __future__ import annotations

import asyncio

from simul.loop.event_loop import run

THINKS = (2.0, 3.0)
"""Two opponents' think times, in seconds."""


async def opponent_thinks(table: int, seconds: float) -> str:
    """One opponent thinking: nothing but an await, like `play_opponent`'s."""
    await asyncio.sleep(seconds)
    return f"table {table} moved after {seconds:g} s"


async def one_after_the_other() -> float:
    loop = asyncio.get_running_loop()
    start = loop.time()
    for table, seconds in enumerate(THINKS, start=1):
        await opponent_thinks(table, seconds)
    return loop.time() - start


async def together() -> tuple[float, list[str]]:
    loop = asyncio.get_running_loop()
    start = loop.time()
    results = await asyncio.gather(*(opponent_thinks(table, seconds) for table, seconds in enumerate(THINKS, 1)))
    return loop.time() - start, results


def show(virtual: bool) -> None:
    print(f"Two opponents think {THINKS[0]:g} s and {THINKS[1]:g} s.")
    sequential = run(one_after_the_other(), virtual=virtual)
    print(f"  await one, then the other:   {sequential:.1f} s (the sum)")
    both, results = run(together(), virtual=virtual)
    print(f"  await asyncio.gather(both):  {both:.1f} s (the longer one)")
    print(f"  gather's results, in order: {results}")
