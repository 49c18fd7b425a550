"""An exhibition: the tables, the grandmaster and her opponents, run as one structured task group."""

from __future__ import annotations

import asyncio

from simul.core.circuit import Circuit
from simul.core.clock import Clock, PacedClock
from simul.core.config import ExhibitionConfig, parse_fen
from simul.core.events import (
    EventBus,
    ExhibitionFinished,
    ExhibitionStarted,
    OpponentThinking,
    Subscriber,
)
from simul.core.grandmaster import Grandmaster
from simul.core.lag import LagMonitor
from simul.core.movers import Mover, make_mover
from simul.core.opponent import play_opponent
from simul.core.table import Table, TableState


def seat_tables(config: ExhibitionConfig) -> list[Table]:
    """Every table of `config`, set up: its board, her colour there, its own random source."""
    start = parse_fen(config.fen)
    max_plies = 2 * config.max_moves if config.max_moves is not None else None
    return [
        Table(number, start.copy(), config.gm_color.for_table(number), config.table_rng(number), max_plies)
        for number in range(1, config.boards + 1)
    ]


class Exhibition:
    """One grandmaster against `config.boards` opponents, each game at a table of its own.

    Build it, subscribe to its events, then `await run()`. Cancelling `run()`
    (Ctrl+C, the app quitting) stops every task; the games keep the moves
    they had, and the unfinished ones are marked as such.
    """

    def __init__(
        self,
        config: ExhibitionConfig,
        clock: Clock | None = None,
        *,
        gm_mover: Mover | None = None,
        opponent_mover: Mover | None = None,
        lag_monitor: LagMonitor | None = None,
    ) -> None:
        self.config = config
        self.clock: Clock = clock if clock is not None else PacedClock()
        self.bus = EventBus()
        self.lag_monitor = lag_monitor if lag_monitor is not None else LagMonitor()
        self.gm_mover = gm_mover if gm_mover is not None else make_mover(config.gm)
        self.opponent_mover = opponent_mover if opponent_mover is not None else make_mover(config.opponent)
        self.tables = seat_tables(config)
        self.circuit = Circuit(range(1, config.boards + 1))
        self.grandmaster = Grandmaster(self.tables, self.circuit, self.gm_mover, self.clock, self.bus, config)
        """The one coroutine that plays every table."""
        self.finished_at: float | None = None
        """The simulated time the exhibition ended, once it has."""
        self._opponents: dict[int, asyncio.Task[None]] = {}

    def subscribe(self, subscriber: Subscriber) -> None:
        """Call `subscriber` with every event of the exhibition."""
        self.bus.subscribe(subscriber)

    async def run(self) -> None:
        """Play every game to its end."""
        if isinstance(self.clock, PacedClock):
            self.clock.start()
        self.bus.publish(ExhibitionStarted(self.config, tuple(table.gm_color for table in self.tables)))
        self._seat_opponents()
        completed = False
        try:
            async with asyncio.TaskGroup() as monitoring:
                lag = monitoring.create_task(self.lag_monitor.run(), name="lag monitor")
                async with asyncio.TaskGroup() as room:
                    for table in self.tables:
                        self._opponents[table.number] = room.create_task(
                            play_opponent(table, self.opponent_mover, self.clock, self.bus),
                            name=f"opponent {table.number}",
                        )
                    room.create_task(self.grandmaster.play(), name="grandmaster")
                lag.cancel()
            completed = True
        finally:
            self._close(completed)

    def resign(self, number: int) -> bool:
        """The grandmaster resigns at table `number`; return False if she cannot now.

        Its opponent's task is cancelled wherever it waits, mid-think included:
        the `await` raises `CancelledError`, the clock's `finally` cancels its
        timer, and the task group carries on with every other table. She cannot
        resign where she is playing, nor where the game is over.
        """
        table = self.tables[number - 1]
        opponent = self._opponents.get(number)
        if opponent is None or table.is_over or table.state is TableState.PLAYING:
            return False
        table.resign()
        opponent.cancel()
        self.circuit.leave(number)
        self.bus.publish(table.finished_event(self.clock.now()))
        return True

    def _seat_opponents(self) -> None:
        """Every table starts ready for the grandmaster, or with its opponent thinking."""
        for table in self.tables:
            if table.gm_to_move:
                self.circuit.expect(table.number, 0.0)
            else:
                think = self.config.think.draw(table.rng)
                table.hand_to_opponent(0.0, think)
                self.bus.publish(OpponentThinking(table=table.number, at=0.0, seconds=think))
                self.circuit.expect(table.number, table.ready_at)

    def _close(self, completed: bool) -> None:
        if completed:
            self.finished_at = max((table.last_move_at for table in self.tables), default=0.0)
        else:
            self.finished_at = self.clock.now()
            for table in self.tables:
                if not table.is_over:
                    table.stop()
                    self.bus.publish(table.finished_event(self.finished_at))
        self.bus.publish(ExhibitionFinished(at=self.finished_at, completed=completed))
