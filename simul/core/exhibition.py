"""An exhibition: the tables, the grandmaster and her opponents, run as one structured task group."""

from __future__ import annotations

import asyncio

from simul.core.clock import Clock, PacedClock
from simul.core.config import ExhibitionConfig, Policy, parse_fen
from simul.core.engine_mover import EngineMover
from simul.core.engines import EnginePool, default_pool_size
from simul.core.events import (
    EventBus,
    ExhibitionFinished,
    ExhibitionStarted,
    OpponentThinking,
    Subscriber,
)
from simul.core.grandmaster import CircuitGrandmaster, Grandmaster
from simul.core.lag import LAG_MONITOR, LagMonitor
from simul.core.loop_grandmaster import LoopGrandmaster
from simul.core.mover_specs import make_mover
from simul.core.movers import Mover
from simul.core.table import Table, TableState


def seat_tables(config: ExhibitionConfig) -> list[Table]:
    """Every table of `config`, set up: its board, her colour there, its own random source."""
    start = parse_fen(config.fen)
    start_fen = start.fen()
    max_plies = 2 * config.max_moves if config.max_moves is not None else None
    return [
        Table(
            number,
            start.copy(stack=False),
            config.gm_color.for_table(number),
            config.table_rng(number),
            max_plies,
            start_fen,
        )
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
        # She thinks at one table at a time: one engine is hers. The opponents think at once: they share a pool.
        self.gm_mover = gm_mover if gm_mover is not None else self._mover(config.gm, 1)
        self.opponent_mover = (
            opponent_mover
            if opponent_mover is not None
            else self._mover(config.opponent, config.engines or default_pool_size(config.boards))
        )
        self.tables = seat_tables(config)
        kind = LoopGrandmaster if config.policy is Policy.LOOP else CircuitGrandmaster
        self.grandmaster: Grandmaster = kind(
            self.tables, self.gm_mover, self.opponent_mover, self.clock, self.bus, config
        )
        """Her moves, and the tasks that play the room under the config's policy."""
        self.finished_at: float | None = None
        """The simulated time the exhibition ended, once it has."""
        self.room_tasks: set[asyncio.Task[None]] = set()
        """Every task playing the room (not the lag monitor): what step mode holds back."""
        self._table_tasks: dict[int, asyncio.Task[None]] = {}

    def _mover(self, name: str, engines: int) -> Mover:
        config = self.config
        return make_mover(
            name, config.gm_offload, engine_path=config.engine_path, engines=engines, engine_nodes=config.engine_nodes
        )

    @property
    def engine_pools(self) -> dict[str, EnginePool]:
        """The engines of each side that plays with them: "her", "the opponents'"."""
        sides = (("her", self.gm_mover), ("the opponents'", self.opponent_mover))
        return {side: mover.pool for side, mover in sides if isinstance(mover, EngineMover)}

    def subscribe(self, subscriber: Subscriber) -> None:
        """Call `subscriber` with every event of the exhibition."""
        self.bus.subscribe(subscriber)

    async def open(self) -> None:
        """Start the players' first engines, if they have any; `EngineFailed`, all closed, if one will not start.

        `run` does it too: call it first to hear of a bad engine before anything else starts.
        """
        try:
            for mover in (self.gm_mover, self.opponent_mover):
                await mover.open()
        except BaseException:
            await self._close_movers()
            raise

    async def run(self) -> None:
        """Play every game to its end; `EngineFailed` at once if an engine player's first engine will not start."""
        started = completed = False
        try:
            await self.open()
            if isinstance(self.clock, PacedClock):
                self.clock.start()
            self.bus.publish(ExhibitionStarted(self.config, tuple(table.gm_color for table in self.tables)))
            started = True
            self._seat_opponents()
            async with asyncio.TaskGroup() as monitoring:
                lag = monitoring.create_task(self.lag_monitor.run(), name=LAG_MONITOR)
                async with asyncio.TaskGroup() as room:
                    self._table_tasks = self.grandmaster.start(room)
                    walker = self.grandmaster.walker
                    self.room_tasks = {*self._table_tasks.values(), *([walker] if walker is not None else [])}
                lag.cancel()
            completed = True
        finally:
            if started:
                self._close(completed)
            await self._close_movers()

    async def _close_movers(self) -> None:
        for mover in (self.gm_mover, self.opponent_mover):
            await mover.aclose()  # a search's worker, every engine: nothing outlives the exhibition

    def resign(self, number: int) -> bool:
        """The grandmaster resigns at table `number`; return False if she cannot now.

        The table's own task (its opponent's, or under the `loop` policy the
        table's) is cancelled wherever it waits, mid-think included: the `await`
        raises `CancelledError` inside it, the clock's `finally` cancels its
        timer, and the task group carries on with every other table. She cannot
        resign where she is playing, nor where the game is over.
        """
        table = self.tables[number - 1]
        task = self._table_tasks.get(number)
        if task is None or table.is_over or table.state is TableState.PLAYING:
            return False
        table.resign()
        task.cancel()
        self.grandmaster.table_left(number)
        self.bus.publish(table.finished_event(self.clock.now()))
        return True

    def _seat_opponents(self) -> None:
        """Every table starts ready for the grandmaster, or with its opponent thinking."""
        for table in self.tables:
            if not table.gm_to_move:
                think = self.config.think.draw(table.rng)
                table.hand_to_opponent(0.0, think)
                self.bus.publish(OpponentThinking(table=table.number, at=0.0, seconds=think))

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
