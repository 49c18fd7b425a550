"""The grandmaster: ONE coroutine that walks round the room and keeps every game moving.

This is the event loop's single thread made visible. She never waits for an
opponent who is still thinking: she walks on to the next table whose opponent
has moved. Only when every opponent is thinking does she wait, and then she
awaits the first table to be ready, never polls.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

from simul.core.circuit import Circuit
from simul.core.clock import Clock
from simul.core.config import ExhibitionConfig
from simul.core.events import (
    EventBus,
    GrandmasterArrived,
    GrandmasterWaited,
    MovePlayed,
    OpponentThinking,
    Side,
    TableFailed,
    TablesSkipped,
)
from simul.core.movers import Mover
from simul.core.table import Table, TableState


class Grandmaster:
    """Plays every table in walking order, skipping those whose opponent still thinks."""

    def __init__(
        self,
        tables: Sequence[Table],
        circuit: Circuit,
        mover: Mover,
        clock: Clock,
        bus: EventBus,
        config: ExhibitionConfig,
    ) -> None:
        self._tables = tables
        self._circuit = circuit
        self._mover = mover
        self._clock = clock
        self._bus = bus
        self._config = config
        self._block_next: float | None = None
        self._rest_next: float | None = None

    def block_next_move(self, seconds: float) -> None:
        """The blocking lesson: at her next move she calls `time.sleep(seconds)`, freezing the loop."""
        self._block_next = seconds

    def rest_next_move(self, seconds: float) -> None:
        """The same pause done right: at her next move she awaits `asyncio.sleep(seconds)`."""
        self._rest_next = seconds

    async def play(self) -> None:
        """Walk the room until every game is over."""
        circuit, publish = self._circuit, self._bus.publish
        free_at = 0.0  # when she is next free: simulated time, from the schedule
        position = 0  # the table she last played (0: she has not started)
        lap = 1
        walked = 0.0
        while circuit:
            circuit.advance_to(free_at)
            number = circuit.next_ready(position)
            if number is None:
                # Every opponent is thinking. She can do nothing but wait for the
                # first of them to move: the loop would sit idle here.
                expected = circuit.first_expected()
                assert expected is not None, "tables in play but none will ever be ready"
                ready_at, first = expected
                publish(GrandmasterWaited(at=free_at, until=ready_at, table=first))
                free_at = ready_at
                continue

            if number <= position:
                lap += 1
            skipped = circuit.count_between(position, number)
            if skipped:
                publish(TablesSkipped(at=free_at, count=skipped, after=position, before=number))
            circuit.take(number)
            position = number
            table = self._tables[number - 1]

            # On the schedule the opponent has moved by now; its task may still be
            # finishing the move (a real clock jitters), so await it, don't assume.
            await table.wait_until_ready()
            await self._clock.sleep_until(free_at)  # the end of her walk here
            if table.is_over:  # the opponent's move ended the game, or the table failed
                circuit.leave(number)
                continue

            free_at = await self._play_at(table, free_at, lap, walked)
            walked = self._config.walk

    async def _play_at(self, table: Table, start: float, lap: int, walked: float) -> float:
        """Make her move at `table`, arriving at `start`; return when she is free again."""
        publish = self._bus.publish
        gm_move = self._config.gm_move
        table.state = TableState.PLAYING
        waited = start - table.ready_at
        publish(GrandmasterArrived(table=table.number, at=start, lap=lap, table_waited=waited, walked=walked))

        done = start + gm_move
        try:
            move = await self._mover.choose_move(table.board, table.rng)
            if self._block_next is not None:
                seconds, self._block_next = self._block_next, None
                # WRONG, on purpose (the TUI's `b` key): a blocking call in a coroutine
                # holds the one thread, so no other table, and no screen, can move.
                time.sleep(seconds)  # noqa: ASYNC251
            if self._rest_next is not None:
                seconds, self._rest_next = self._rest_next, None
                await asyncio.sleep(seconds)  # right: the others play on while she rests
            await self._clock.sleep_until(done)  # she plays: the loop runs the others meanwhile
            ending = table.play(move)
        except Exception as error:  # this table's failure must not stop the others
            table.fail(error)
            publish(TableFailed(table=table.number, at=start, error=table.error or ""))
            self._circuit.leave(table.number)
            return start

        table.last_move_at = done
        publish(MovePlayed(table.number, table.plies, move, Side.GRANDMASTER, done, gm_move))
        if ending is not None:
            publish(table.finished_event(done))
            self._circuit.leave(table.number)
        else:
            think = self._config.think.draw(table.rng)
            table.hand_to_opponent(done, think)
            publish(OpponentThinking(table=table.number, at=done, seconds=think))
            self._circuit.expect(table.number, table.ready_at)
        return done + self._config.walk
