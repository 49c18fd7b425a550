"""Lesson: a blocking call in a coroutine stops the whole loop; await, or hand it to a thread."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from simul.loop.event_loop import run

PAUSE = 0.3
"""The grandmaster's pause, in real seconds."""
TICK = 0.01
"""A heartbeat task's beat: it counts how often the loop got round to it."""


async def beats_during(pause: Callable[[], Awaitable[None]]) -> tuple[int, float]:
    """Run `pause` beside a heartbeat; return its beats meanwhile and the loop's worst lateness."""
    loop = asyncio.get_running_loop()
    beats, late = 0, 0.0

    async def heartbeat() -> None:
        nonlocal beats, late
        while True:
            due = loop.time() + TICK
            await asyncio.sleep(TICK)
            beats += 1
            late = max(late, loop.time() - due)

    async with asyncio.TaskGroup() as group:
        beating = group.create_task(heartbeat())
        await asyncio.sleep(0)  # the heartbeat starts
        await pause()
        during = beats
        await asyncio.sleep(TICK)  # one more beat: how late the loop got round to it
        beating.cancel()
    return during, late


async def blocked() -> None:
    time.sleep(PAUSE)  # noqa: ASYNC251 - WRONG on purpose: the one thread is held, the loop stops


async def awaited() -> None:
    await asyncio.sleep(PAUSE)  # right: the coroutine yields, the loop runs the others


async def in_a_thread() -> None:
    await asyncio.to_thread(time.sleep, PAUSE)  # blocking work you cannot rewrite: give it a thread


def show(virtual: bool) -> None:
    print(f"She pauses {PAUSE:g} s three ways, beside a heartbeat task due every {TICK * 1000:g} ms:")
    for label, pause in (
        ("time.sleep(0.3)                    ", blocked),
        ("await asyncio.sleep(0.3)           ", awaited),
        ("await asyncio.to_thread(time.sleep)", in_a_thread),
    ):
        beats, late = run(beats_during(pause))
        print(f"  {label}  heartbeats meanwhile {beats:3}, worst lateness {late * 1000:3.0f} ms")
    print("time.sleep froze the loop: no beat for the whole pause. The other two left it free.")
