"""Lesson: `asyncio.create_task` runs a coroutine in the background; its owner awaits it at the end."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from simul.core.clock import PacedClock
from simul.core.config import ExhibitionConfig, ThinkTime
from simul.core.exhibition import Exhibition
from simul.loop.event_loop import run
from simul.output.autosave import Autosaver, play_with_autosave

CONFIG = ExhibitionConfig(boards=4, think=ThinkTime(4.5, 4.5), gm_move=1.0, max_moves=6, seed=1)
"""Moves land on whole and half seconds, never at a save: no two timers fall due at the same instant."""
EVERY = 10.0
"""Seconds between two saves, on the exhibition's clock."""


def show(virtual: bool) -> None:
    exhibition = Exhibition(CONFIG, PacedClock())
    with tempfile.TemporaryDirectory() as folder:
        autosaver = Autosaver(Path(folder) / "games.pgn", exhibition.tables, exhibition.clock, EVERY)

        async def main() -> int:
            # What `simul run --pgn games.pgn --autosave 10` does.
            await play_with_autosave(exhibition, autosaver)
            return len(asyncio.all_tasks()) - 1

        print(f"create_task(autosaver.run()) saves the PGN every {EVERY:g} s while the games go on")
        left = run(main(), virtual=virtual)
    print(f"  it saved {autosaver.saves} times, holding {', '.join(map(str, autosaver.moves_saved))} moves")
    print(f"  the games ended at {exhibition.finished_at:g} s: the task was cancelled, then awaited")
    print(f"  tasks left running: {left}")
