"""Lesson: one table raises: `gather` leaves the others playing unwatched; a `TaskGroup` cancels them."""

from __future__ import annotations

import asyncio

from simul.loop.event_loop import run

THINKS = {1: 1.0, 2: 3.0, 3: 5.0}
"""Each table's think, in seconds: table 1's board falls over when its think is up."""


class BoardFellOver(RuntimeError):
    """Table 1's trouble."""


def _since(start: float) -> str:
    return f"{asyncio.get_running_loop().time() - start:4.1f} s"


async def table(number: int, log: list[str], start: float, cancelled: list[int] | None = None) -> str:
    """One table's game, as a single think: the kind of coroutine an exhibition runs by the dozen."""
    try:
        await asyncio.sleep(THINKS[number])
    except asyncio.CancelledError:
        if cancelled is not None:
            cancelled.append(number)
        raise
    if number == 1:
        raise BoardFellOver("table 1's board fell over")
    log.append(f"{_since(start)}  table {number}: finished (nobody is waiting for its result)")
    return f"table {number} done"


async def with_gather(log: list[str]) -> None:
    start = asyncio.get_running_loop().time()
    tables = [asyncio.ensure_future(table(number, log, start)) for number in THINKS]
    try:
        await asyncio.gather(*tables)
    except BoardFellOver as error:
        running = [str(number) for number, task in zip(THINKS, tables, strict=True) if not task.done()]
        log.append(f"{_since(start)}  gather raised {type(error).__name__}; tables {', '.join(running)} play on")
    await asyncio.sleep(max(THINKS.values()))  # the rest play on, watched by nobody


async def with_task_group(log: list[str]) -> None:
    start = asyncio.get_running_loop().time()
    cancelled: list[int] = []
    try:
        async with asyncio.TaskGroup() as group:
            for number in THINKS:
                group.create_task(table(number, log, start, cancelled))
    except* BoardFellOver as errors:
        # The group keeps its tasks in a set: it cancels them in no set order, so sort before telling.
        tables = ", ".join(map(str, sorted(cancelled)))
        log.append(f"{_since(start)}  tables {tables}: cancelled mid-think (in no particular order)")
        names = ", ".join(type(error).__name__ for error in errors.exceptions)
        log.append(f"{_since(start)}  the group waited for them, then raised ExceptionGroup([{names}])")


def show(virtual: bool) -> None:
    print("Three tables; table 1 raises at 1 s, tables 2 and 3 would finish at 3 s and 5 s.")
    for title, way in (("asyncio.gather:", with_gather), ("asyncio.TaskGroup:", with_task_group)):
        log: list[str] = []
        print(title)
        run(way(log), virtual=virtual)
        for line in log:
            print(f"  {line}")
    print("simul catches each table's own error at the table: it is marked failed and the others")
    print("play on, because in the room's task group one uncaught error would cancel every table.")
