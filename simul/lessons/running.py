"""Lesson: `asyncio.run` starts a loop, runs one coroutine to its end, cleans up after it, and closes the loop."""

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
        print("Before the Runner: no loop is running (asyncio.get_running_loop() raises RuntimeError)")
    exhibition = Exhibition(CONFIG, PacedClock())
    left_behind: set[asyncio.Task[None]] = set()  # a reference: asyncio's registry of tasks holds them weakly
    told: list[str] = []

    async def wall_clock() -> None:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            told.append("CancelledError, raised where it awaited")
            raise

    async def main() -> None:
        # simul's `run` wraps main() in a coroutine of its own (stop signals): main runs inside that first task.
        print("Inside an asyncio.Runner (what asyncio.run uses), on simul's loop: a loop is running,")
        print("  and main() runs in its first task")
        async with asyncio.TaskGroup() as group:
            group.create_task(exhibition.run(), name="exhibition")
            await asyncio.sleep(0.1)  # let the exhibition start its tasks
            names = sorted(task.get_name() for task in asyncio.all_tasks() if task is not asyncio.current_task())
            print(f"  tasks running besides main: {len(names)}")
            for name in names:
                print(f"    {name}")
        print(f"  every task of the room has returned: {len(asyncio.all_tasks()) - 1} left besides main")
        left_behind.add(asyncio.create_task(wall_clock(), name="wall clock"))
        print("  main() returns, leaving one task pending that nobody awaits: 'wall clock'")

    run(main(), virtual=virtual)
    print("The Runner then cancelled every task still pending and waited for them, shut down")
    print("  async generators and the default executor, and closed the loop: asyncio.run's clean-up.")
    print(f"  In the left-behind task: {'; '.join(told)}.")
    print(f"After the Runner: the loop is closed; the games took {exhibition.finished_at:g} s of its clock")
