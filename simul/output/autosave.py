"""Saving the games so far every few (simulated) seconds: a background task the run owns."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Sequence
from pathlib import Path

from simul.core.clock import Clock
from simul.core.exhibition import Exhibition
from simul.core.table import Table
from simul.output.pgn import write_pgn


class Autosaver:
    """Writes every table's game so far to `path` every `every` seconds of the exhibition's clock."""

    def __init__(self, path: Path, tables: Sequence[Table], clock: Clock, every: float) -> None:
        self.path = path
        self.tables = tables
        self.clock = clock
        self.every = every
        self.moves_saved: list[int] = []
        """The moves each save held, in order."""
        self.started = False
        """Whether its task has taken its first step."""

    async def run(self) -> None:
        """Sleep, then save, every `every` seconds of the schedule, until cancelled.

        The saves fall at `every`, `2 * every`, ... exactly: each deadline comes
        from the last one, not from "now", so a late wake-up never delays the
        next save. `write_pgn` is synchronous, so a cancel can only arrive at the
        `await`, never in the middle of a save.
        """
        self.started = True
        deadline = self.clock.now()
        while True:
            deadline += self.every
            await self.clock.sleep_until(deadline)
            write_pgn(self.path, self.tables, datetime.date.today())
            self.moves_saved.append(sum(table.plies for table in self.tables))

    @property
    def saves(self) -> int:
        """How many times it has saved so far."""
        return len(self.moves_saved)


async def play_with_autosave(exhibition: Exhibition, autosaver: Autosaver | None) -> None:
    """The exhibition, and its autosaver if any: a background task started here and awaited here."""
    await exhibition.open()  # an engine that will not start fails here, alone, not wrapped in the group's error
    async with asyncio.TaskGroup() as background:
        saving = background.create_task(autosaver.run(), name="autosave") if autosaver is not None else None
        await exhibition.run()
        if saving is not None:
            saving.cancel()  # the games are over: the caller's final save replaces it
