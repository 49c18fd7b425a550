"""Lesson: `asyncio.Semaphore(k)` as k assistants carrying the moves: a table waits while all are busy."""

from __future__ import annotations

import asyncio

from simul.loop.event_loop import run

TABLES = 6
"""Tables whose moves must be carried to the demonstration board, all ready at once."""
ASSISTANTS = 2
TRIP = 1.0
"""Seconds an assistant takes to carry one move."""


async def carry(number: int, assistants: asyncio.Semaphore, log: list[str], start: float) -> None:
    """Table `number`'s move, carried as soon as an assistant is free."""
    loop = asyncio.get_running_loop()
    async with assistants:  # waits here, suspended, while every assistant is out
        log.append(f"{loop.time() - start:4.1f} s  an assistant takes table {number}'s move")
        await asyncio.sleep(TRIP)


async def relay(assistants_count: int, log: list[str]) -> float:
    loop = asyncio.get_running_loop()
    start = loop.time()
    assistants = asyncio.Semaphore(assistants_count)
    async with asyncio.TaskGroup() as group:
        for number in range(1, TABLES + 1):
            group.create_task(carry(number, assistants, log, start))
    return loop.time() - start


def show(virtual: bool) -> None:
    log: list[str] = []
    took = run(relay(ASSISTANTS, log), virtual=virtual)
    print(f"{TABLES} moves ready at once, {ASSISTANTS} assistants, {TRIP:g} s a trip: asyncio.Semaphore({ASSISTANTS})")
    for line in log:
        print(f"  {line}")
    print(f"  all carried in {took:.1f} s; a table waits, suspended, at `async with` while both are out")
    for count in (1, TABLES):
        print(f"  with {count} assistant{'s' if count > 1 else ''}: {run(relay(count, []), virtual=virtual):.1f} s")
