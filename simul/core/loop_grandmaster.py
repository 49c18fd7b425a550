"""The `loop` policy: no circuit and no coroutine of hers; the event loop's own order is her walk.

Each table is one task: it awaits its opponent's think (a timer), then makes
her move as synchronous work that holds the thread for her move time. So a
table whose opponent has moved is literally a task in the loop's ready queue,
her table is literally the running task, and the order she serves them in is
the loop's: first come, first served, not by table number. She makes at most
one move per pass of the loop: a second table task that gets the thread in
the same pass yields first, so the loop runs a pass of everything else
between two of her moves (the screen, a key press, a cancellation: one step
each; work that takes several passes interleaves with her moves). On the virtual
clock the loop's clock moves on while she holds the thread (`SimulLoop.hold`);
on the real clock the thread is really held, and nothing else (the screen
included) runs meanwhile.
"""

from __future__ import annotations

import asyncio

from simul.core.events import GrandmasterWaited, TableFailed
from simul.core.grandmaster import Grandmaster
from simul.core.opponent import answer_move
from simul.core.table import Table
from simul.loop.event_loop import SimulLoop


class LoopGrandmaster(Grandmaster):
    """Her moves made by the tables' own tasks, in the order the loop runs them."""

    _free_at = 0.0
    """When she is next free on the schedule: her last move's end plus her walk."""
    _moved = False
    _held_in_pass = 0
    """The loop pass in which she last held the thread for a move."""

    def start(self, room: asyncio.TaskGroup) -> dict[int, asyncio.Task[None]]:
        return {
            table.number: room.create_task(self._play_table(table), name=f"table {table.number}")
            for table in self._tables
        }

    def table_left(self, number: int) -> None:
        """Nothing to do: the table's task was cancelled, so the loop will not run it again."""

    async def _play_table(self, table: Table) -> None:
        """Play one table's game: the opponent's think awaited, her move holding the thread."""
        try:
            while not table.is_over:
                if not table.gm_to_move and not await answer_move(table, self._opponent_mover, self._clock, self._bus):
                    return
                # The opponent has moved (or she starts): this task runs on at once into her move.
                await self._her_move(table)
        except Exception as error:  # this table's failure must not stop the others
            table.fail(error)
            self._bus.publish(TableFailed(table=table.number, at=table.ready_at, error=table.error or ""))

    async def _her_move(self, table: Table) -> None:
        loop = asyncio.get_running_loop()
        # Not a poll on time: each turn waits exactly one pass of the loop (ruff's ASYNC110 assumes a poll).
        while isinstance(loop, SimulLoop) and self._held_in_pass == loop.passes:  # noqa: ASYNC110
            # One of her moves per pass: this task goes back to the ready queue, still ahead of every
            # table that became ready after it, and the loop runs a pass of everything else (the
            # screen too) before her next move. Long synchronous work should yield, and so does she.
            await asyncio.sleep(0)
        start = max(table.ready_at, self._free_at)
        if start > self._free_at:
            # Nothing was ready between her last move and this table's reply: the loop idled.
            self._bus.publish(GrandmasterWaited(at=self._free_at, until=start, table=table.number))
        walked = self._config.walk if self._moved else 0.0
        # Her slot is taken before anything can suspend, so two moves never overlap.
        self._free_at = start + self._config.gm_move + self._config.walk
        self._moved = True
        if isinstance(loop, SimulLoop):
            self._held_in_pass = loop.passes
        await self._move_at(table, start, walked, hold=True)
