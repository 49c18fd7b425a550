"""An opponent: a task of its own that thinks (awaits the clock) and moves when its time is up."""

from __future__ import annotations

from simul.core.clock import Clock
from simul.core.events import EventBus, MovePlayed, Side, TableFailed
from simul.core.movers import Mover
from simul.core.table import Table


async def play_opponent(table: Table, mover: Mover, clock: Clock, bus: EventBus) -> None:
    """Answer every grandmaster move at `table` until the game is over.

    While it awaits `clock.sleep_until`, this task is suspended and costs
    nothing: the event loop, the grandmaster, runs the other tables.
    """
    try:
        while True:
            await table.wait_for_opponent_turn()
            if table.is_over:
                return
            move = await mover.choose_move(table.board, table.rng)
            # The move lands when the think time the grandmaster handed over is up.
            await clock.sleep_until(table.ready_at)
            think = table.ready_at - table.last_move_at
            ending = table.play(move)
            table.last_move_at = table.ready_at
            bus.publish(MovePlayed(table.number, table.plies, move, Side.OPPONENT, table.ready_at, think))
            if ending is not None:
                bus.publish(table.finished_event(table.ready_at))
                return
            table.mark_ready()
    except Exception as error:  # this table's failure must not stop the others
        table.fail(error)
        bus.publish(TableFailed(table=table.number, at=table.ready_at, error=table.error or ""))
