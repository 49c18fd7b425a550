"""Lesson: `asyncio.create_task` queues a coroutine to run beside its creator; its owner keeps it and awaits it."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from simul.core.clock import PacedClock
from simul.core.config import ExhibitionConfig, ThinkTime
from simul.core.exhibition import Exhibition
from simul.loop.event_loop import run
from simul.loop.handles import describe
from simul.loop.internals import ready_queue
from simul.output.autosave import Autosaver, play_with_autosave

CONFIG = ExhibitionConfig(boards=4, think=ThinkTime(4.5, 4.5), gm_move=1.0, max_moves=6, seed=1)
"""Moves land on whole and half seconds, never at a save: no two timers fall due at the same instant."""
EVERY = 10.0
"""Seconds between two saves, on the exhibition's clock."""


def show(virtual: bool) -> None:
    exhibition = Exhibition(CONFIG, PacedClock())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "games.pgn"

        async def first_step() -> None:
            clock = PacedClock()
            clock.start()
            early = Autosaver(path, exhibition.tables, clock, EVERY)
            task = asyncio.create_task(early.run(), name="autosave")  # `task`: the reference we keep
            queue = [describe(handle).label for handle in ready_queue(asyncio.get_running_loop())]
            print(f"  right after create_task: has it run? {early.started}; the ready queue: {queue}")
            await asyncio.sleep(0)  # main suspends: the loop runs the queue
            print(f"  after main's next await: has it run? {early.started}")
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

        print("By default create_task(autosaver.run()) does not run it: it queues the task's first step")
        run(first_step(), virtual=virtual)
        print("  asyncio's registry of tasks holds them weakly: keep your own reference (simul's task groups do)")
        autosaver = Autosaver(path, exhibition.tables, exhibition.clock, EVERY)

        async def main() -> int:
            # What `simul run --pgn games.pgn --autosave 10` does: the task group keeps the task, then awaits it.
            await play_with_autosave(exhibition, autosaver)
            return len(asyncio.all_tasks()) - 1

        print(f"In a task group, the autosave saves the PGN every {EVERY:g} s while the games go on:")
        left = run(main(), virtual=virtual)
    print(f"  it saved {autosaver.saves} times, holding {', '.join(map(str, autosaver.moves_saved))} moves")
    print(f"  the games ended at {exhibition.finished_at:g} s: the task was cancelled, then awaited")
    print(f"  tasks left running: {left}")
