"""Lesson: `asyncio.timeout` as a chess clock: when the flag falls, the think is cancelled and TimeoutError raised."""

from __future__ import annotations

import asyncio

from simul.core.clock import PacedClock
from simul.core.config import ExhibitionConfig, ThinkTime
from simul.core.exhibition import seat_tables
from simul.core.movers import RandomMover
from simul.loop.event_loop import run

CONFIG = ExhibitionConfig(boards=2, think=ThinkTime(3.0, 7.0), seed=4)
LEFT_ON_CLOCK = 5.0
"""Seconds left on each opponent's chess clock."""
THINKS = (3.0, 7.0)
"""How long each opponent needs for the move: one is in time, one is not."""


async def move_against_the_clock(number: int, think: float) -> str:
    """The opponent at table `number` thinks `think` seconds with `LEFT_ON_CLOCK` on its clock."""
    table = seat_tables(CONFIG)[number - 1]
    table.board.push_san("e4")  # she has opened; the opponent's clock runs
    clock = PacedClock()
    clock.start()
    move = await RandomMover().choose_move(table.board, table.rng)
    try:
        async with asyncio.timeout(LEFT_ON_CLOCK):
            await clock.sleep_until(think)  # the think: one await on a timer
    except TimeoutError:
        return (
            f"table {number}: needs {think:g} s, has {LEFT_ON_CLOCK:g} s: at {clock.now():.1f} s the flag fell.\n"
            "  asyncio.timeout cancelled the await inside (CancelledError there; its finally\n"
            "  blocks ran) and raised TimeoutError at the `async with`: the opponent loses on time."
        )
    return (
        f"table {number}: needs {think:g} s, has {LEFT_ON_CLOCK:g} s: at {clock.now():.1f} s it plays "
        f"1... {table.board.san(move)}.\n  Leaving the `async with` in time disarmed the timeout."
    )


def show(virtual: bool) -> None:
    for number, think in enumerate(THINKS, start=1):
        print(run(move_against_the_clock(number, think), virtual=virtual))
