"""An opponent: thinks (awaits the clock), then moves when its time is up."""

from __future__ import annotations

from simul.core.clock import Clock
from simul.core.events import EventBus, MovePlayed, Side, TableFailed
from simul.core.movers import Mover
from simul.core.table import Table


async def answer_move(table: Table, mover: Mover, clock: Clock, bus: EventBus) -> bool:
    """The opponent's move at `table`: think until the time she handed over is up, then play.

    Returns whether the game goes on. The think is one `await` on the clock: a
    timer on the loop, during which this task is suspended and costs no CPU
    (only its memory) while the loop runs whatever else is ready.
    """
    # An engine searches for what is left of the think time; any other mover answers at once.
    move = await mover.choose_move(table.board, table.rng, clock.loop_seconds_until(table.ready_at))
    # The move lands when the think time the grandmaster handed over is up.
    await clock.sleep_until(table.ready_at)
    think = table.ready_at - table.last_move_at
    ending = table.play(move)
    table.last_move_at = table.ready_at
    bus.publish(MovePlayed(table.number, table.plies, move, Side.OPPONENT, table.ready_at, think))
    if ending is not None:
        bus.publish(table.finished_event(table.ready_at))
        return False
    table.mark_ready()
    return True


async def play_opponent(table: Table, mover: Mover, clock: Clock, bus: EventBus) -> None:
    """The opponent's task at `table` (`round` and `urgent` policies): answer every move of hers."""
    try:
        while True:
            await table.wait_for_opponent_turn()
            if table.is_over or not await answer_move(table, mover, clock, bus):
                return
    except Exception as error:  # this table's failure must not stop the others
        table.fail(error)
        bus.publish(TableFailed(table=table.number, at=table.ready_at, error=table.error or ""))
