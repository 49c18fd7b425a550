"""Lesson: `asyncio.run` starts a loop, runs one coroutine to its end, and closes the loop."""

from __future__ import annotations

import asyncio

from simul.core.clock import PacedClock
from simul.core.config import ExhibitionConfig, ThinkTime
from simul.core.exhibition import Exhibition
from simul.loop.event_loop import run

CONFIG = ExhibitionConfig(boards=2, think=ThinkTime(1.0, 1.0), gm_move=0.5, max_moves=2, seed=1)


def show(virtual: bool) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        print("Before asyncio.run: no loop is running (asyncio.get_running_loop() raises RuntimeError)")
    exhibition = Exhibition(CONFIG, PacedClock())

    async def main() -> None:
        print("Inside asyncio.run(main()): a loop is running; main() is its first task")
        async with asyncio.TaskGroup() as group:
            group.create_task(exhibition.run(), name="exhibition")
            await asyncio.sleep(0.1)  # let the exhibition start its tasks
            names = sorted(task.get_name() for task in asyncio.all_tasks() if task is not asyncio.current_task())
            print(f"  tasks running besides main: {len(names)}")
            for name in names:
                print(f"    {name}")
        print(f"  every task has returned: {len(asyncio.all_tasks()) - 1} left besides main")

    run(main(), virtual=virtual)
    print(f"After asyncio.run: the loop is closed; the games took {exhibition.finished_at:g} s of its clock")
