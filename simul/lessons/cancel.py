"""Lesson: a task group owns its tasks; cancelling one (a resignation) leaves the rest playing."""

from __future__ import annotations

import asyncio

from simul.core.clock import PacedClock
from simul.core.config import ExhibitionConfig, ThinkTime
from simul.core.exhibition import Exhibition
from simul.core.table import TableState
from simul.loop.event_loop import run

CONFIG = ExhibitionConfig(boards=3, think=ThinkTime(4.0, 4.0), gm_move=0.5, max_moves=3, seed=1)
RESIGN_AT = 1.0
"""When she resigns at table 1, its opponent mid-think."""


def show(virtual: bool) -> None:
    exhibition = Exhibition(CONFIG, PacedClock())

    async def main() -> None:
        async with asyncio.TaskGroup() as group:
            group.create_task(exhibition.run())
            await asyncio.sleep(RESIGN_AT)
            table = exhibition.tables[0]
            thinking = table.state is TableState.THINKING
            print(f"{RESIGN_AT:g} s: table 1's opponent is {'thinking' if thinking else table.state.value}")
            opponent = next(task for task in asyncio.all_tasks() if task.get_name() == "opponent 1")
            exhibition.resign(1)
            print("  she resigns there: exhibition.resign(1) cancels its opponent's task")
            await asyncio.sleep(0)
            print(f"  the opponent's task: cancelled={opponent.cancelled()} (CancelledError raised in its await)")
        print("The task group ended normally; every other table played on:")
        for table in exhibition.tables:
            ending = table.ending
            assert ending is not None
            moves = len(table.moves)
            plies = f"{moves} half-move" + ("" if moves == 1 else "s")
            print(f"  table {table.number}: {ending.result} after {plies}, {ending.reason}")

    run(main(), virtual=virtual)
