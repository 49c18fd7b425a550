"""The grandmaster: her move at a table, and her walk round the room from ready table to ready table.

Under the `round` and `urgent` policies she is ONE coroutine, a task among the
opponents' tasks. She never waits for an opponent who is still thinking: she
walks on to the next table whose opponent has moved. Only when every opponent
is thinking does she wait, and then she awaits the first table to be ready,
never polls. Her choice of the next table is simul's own scheduling, done by
her coroutine on top of the event loop (`Circuit`); the loop itself just runs
whichever task is ready. The `loop` policy hands that choice to the loop
(`simul.core.loop_grandmaster`).
"""

from __future__ import annotations

import abc
import asyncio
import functools
import time
from collections.abc import Sequence

from simul.core.circuit import Circuit
from simul.core.clock import Clock
from simul.core.config import ExhibitionConfig, Policy
from simul.core.events import (
    EventBus,
    GrandmasterArrived,
    GrandmasterPaused,
    GrandmasterWaited,
    GrandmasterWalked,
    MovePlayed,
    OpponentThinking,
    PauseKind,
    Side,
    TableFailed,
)
from simul.core.movers import Mover
from simul.core.opponent import play_opponent
from simul.core.table import Table, TableState
from simul.loop.event_loop import SimulLoop


class Grandmaster(abc.ABC):
    """Her moves, and the tasks that play the room under one policy."""

    def __init__(
        self,
        tables: Sequence[Table],
        mover: Mover,
        opponent_mover: Mover,
        clock: Clock,
        bus: EventBus,
        config: ExhibitionConfig,
    ) -> None:
        self._tables = tables
        self._mover = mover
        self._opponent_mover = opponent_mover
        self._clock = clock
        self._bus = bus
        self._config = config
        self._block_next: float | None = None
        self._rest_next: float | None = None
        self.walker: asyncio.Task[None] | None = None
        """Her own coroutine's task, if the policy gives her one."""

    @abc.abstractmethod
    def start(self, room: asyncio.TaskGroup) -> dict[int, asyncio.Task[None]]:
        """Create the tasks that play the room in `room`; return each table's own task, by number."""

    @abc.abstractmethod
    def table_left(self, number: int) -> None:
        """Table `number` left the exhibition early (she resigned there): stop walking to it."""

    def block_next_move(self, seconds: float) -> None:
        """The blocking lesson: at her next move she calls `time.sleep(seconds)`, freezing the loop."""
        self._block_next = seconds

    def rest_next_move(self, seconds: float) -> None:
        """The same pause done right: at her next move she awaits `asyncio.sleep(seconds)`."""
        self._rest_next = seconds

    async def _move_at(self, table: Table, start: float, walked: float, *, hold: bool) -> float | None:
        """Make her move at `table`, starting at `start`; return when it lands (None if the table failed).

        With `hold`, her move time is synchronous work that holds the thread
        (the `loop` policy); otherwise she awaits the end of her move, and the
        loop runs the other tasks meanwhile.
        """
        publish = self._bus.publish
        loop = asyncio.get_running_loop()
        passes = loop.passes if isinstance(loop, SimulLoop) else None
        table.state = TableState.PLAYING
        publish(GrandmasterArrived(table.number, start, start - table.ready_at, walked))
        done = start + self._config.gm_move
        try:
            move = await self._mover.choose_move(table.board, table.rng, self._clock.loop_seconds_until(done))
            if self._block_next is not None:
                seconds, self._block_next = self._block_next, None
                publish(GrandmasterPaused(table.number, start, seconds, PauseKind.BLOCKING, resumed=False))
                # WRONG, on purpose (the TUI's `b` key): a blocking call in a coroutine
                # holds the one thread, so no other table, and no screen, can move.
                time.sleep(seconds)  # noqa: ASYNC251
                publish(GrandmasterPaused(table.number, start, seconds, PauseKind.BLOCKING, resumed=True))
            if self._rest_next is not None:
                seconds, self._rest_next = self._rest_next, None
                publish(GrandmasterPaused(table.number, start, seconds, PauseKind.AWAITED, resumed=False))
                await asyncio.sleep(seconds)  # right: the others play on while she rests
                publish(GrandmasterPaused(table.number, start, seconds, PauseKind.AWAITED, resumed=True))
            if hold:
                self._clock.hold_until(done)  # her move holds the thread: nothing else runs meanwhile
            else:
                await self._clock.sleep_until(done)  # she is suspended: the loop runs the others meanwhile
            ending = table.play(move)
        except Exception as error:  # this table's failure must not stop the others
            table.fail(error)
            publish(TableFailed(table=table.number, at=start, error=table.error or ""))
            return None

        table.last_move_at = done
        publish(MovePlayed(table.number, table.plies, move, Side.GRANDMASTER, done, self._config.gm_move))
        if ending is not None:
            publish(table.finished_event(done))
        else:
            think = self._config.think.draw(table.rng)
            table.hand_to_opponent(done, think)
            publish(OpponentThinking(table=table.number, at=done, seconds=think))
        if not hold and (passes is None or (isinstance(loop, SimulLoop) and passes == loop.passes)):
            # Behind schedule, no await of hers suspended (a past deadline, a set event, an instant
            # mover): without this yield she would play on and on, and no other task would run.
            await asyncio.sleep(0)
        return done


class CircuitGrandmaster(Grandmaster):
    """She walks the room as one coroutine (`round` or `urgent`), each opponent a task of its own."""

    @functools.cached_property
    def circuit(self) -> Circuit:
        """Which tables are ready for her, in the order she serves them."""
        return Circuit(range(1, len(self._tables) + 1), self._config.policy)

    def start(self, room: asyncio.TaskGroup) -> dict[int, asyncio.Task[None]]:
        opponents = {
            table.number: room.create_task(
                play_opponent(table, self._opponent_mover, self._clock, self._bus),
                name=f"opponent {table.number}",
            )
            for table in self._tables
        }
        for table in self._tables:
            self.circuit.expect(table.number, table.ready_at)
        self.walker = room.create_task(self.play(), name="grandmaster")
        return opponents

    def table_left(self, number: int) -> None:
        self.circuit.leave(number)

    async def play(self) -> None:
        """Walk the room until every game is over."""
        circuit, publish = self.circuit, self._bus.publish
        walks_round = circuit.policy is Policy.ROUND
        free_at = 0.0  # when she is next free: simulated time, from the schedule
        position = 0  # the table she last walked to (0: she has not started)
        lap = 1
        walked = 0.0
        while circuit:
            circuit.advance_to(free_at)
            number = circuit.next_ready(position)
            if number is None:
                # Every opponent is thinking. She can do nothing but wait for the
                # first of them to move: her task suspends until then.
                expected = circuit.first_expected()
                assert expected is not None, "tables in play but none will ever be ready"
                ready_at, first = expected
                publish(GrandmasterWaited(at=free_at, until=ready_at, table=first))
                free_at = ready_at
                continue

            if walks_round:
                if number <= position:
                    lap += 1
                passed = circuit.count_between(position, number)
                publish(GrandmasterWalked(at=free_at, came_from=position, to=number, passed=passed, lap=lap))
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

            done = await self._move_at(table, free_at, walked, hold=False)
            if done is None or table.is_over:
                circuit.leave(number)
            else:
                circuit.expect(number, table.ready_at)
            if done is not None:
                free_at = done + self._config.walk
                walked = self._config.walk
