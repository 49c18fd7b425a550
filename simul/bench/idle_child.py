"""Waiting units alone, in a process of their own: `python -m simul.bench.idle_child threads|tasks COUNT`.

What a waiting player costs, with no chess at all: COUNT OS threads blocked on
a `threading.Event`, or COUNT asyncio tasks awaiting an `asyncio.Event`, all
waiting at once. It prints one JSON line: how many started (threads stop where
the OS refuses one more, and it says why), the OS threads then, and the
process's peak resident memory. A run with COUNT 0 is the baseline.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
from dataclasses import asdict, dataclass

from simul.loop.event_loop import run
from simul.race.modes import peak_rss_bytes

KINDS = ("threads", "tasks")


@dataclass(frozen=True, slots=True)
class Waiting:
    """The units once all of them were waiting."""

    started: int
    refused: str | None
    """Why the OS would not start one more thread, if it would not."""
    os_threads: int
    """Threads in the process while they waited, the main thread included."""
    peak_rss_bytes: int


def wait_in_threads(count: int) -> Waiting:
    """Start `count` threads, each blocked on one event, until the OS says no; measure; release them."""
    release = threading.Event()
    waiting = threading.Semaphore(0)

    def idle() -> None:
        waiting.release()
        release.wait()

    threads: list[threading.Thread] = []
    refused = None
    try:
        for _ in range(count):
            thread = threading.Thread(target=idle)
            try:
                thread.start()
            except RuntimeError as error:  # "can't start new thread": the OS's limit, or memory's
                refused = str(error)
                break
            threads.append(thread)
        for _ in threads:
            waiting.acquire()  # every thread has run and is blocked on the event
        return Waiting(len(threads), refused, threading.active_count(), peak_rss_bytes())
    finally:
        release.set()
        for thread in threads:
            thread.join()


async def _wait_in_tasks(count: int) -> Waiting:
    release, all_waiting = asyncio.Event(), asyncio.Event()
    waiting = 0

    async def idle() -> None:
        nonlocal waiting
        waiting += 1
        if waiting == count:
            all_waiting.set()
        await release.wait()  # the last one too, before the main task runs again

    async with asyncio.TaskGroup() as group:
        for _ in range(count):
            group.create_task(idle())
        if count:
            await all_waiting.wait()
        figures = Waiting(count, None, threading.active_count(), peak_rss_bytes())
        release.set()
    return figures


def wait_in_tasks(count: int) -> Waiting:
    """Start `count` tasks on one event loop, each awaiting one event; measure; release them."""
    return run(_wait_in_tasks(count), signals=False)


def main(argv: list[str]) -> int:
    """Wait, print the figures, return the exit code."""
    kind, count = argv[0], int(argv[1])
    waiting = wait_in_threads(count) if kind == "threads" else wait_in_tasks(count)
    print(json.dumps(asdict(waiting)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
