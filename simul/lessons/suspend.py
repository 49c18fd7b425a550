"""Lesson: `await` suspends only when something down the chain yields: a pending future, or a bare yield."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from simul.core.clock import PacedClock
from simul.core.config import ExhibitionConfig
from simul.core.exhibition import seat_tables
from simul.core.movers import RandomMover
from simul.loop.event_loop import SimulLoop, run

CONFIG = ExhibitionConfig(boards=1, seed=1)
AWAITS = 1000
"""Awaits in the fairness demonstration."""


async def passes_during(awaitable: Awaitable[object]) -> int:
    """Loop passes that went by while awaiting `awaitable`: 0 means the task never suspended."""
    loop = asyncio.get_running_loop()
    assert isinstance(loop, SimulLoop)
    before = loop.passes
    await awaitable
    return loop.passes - before


async def main() -> None:
    table = seat_tables(CONFIG)[0]
    clock = PacedClock()
    clock.start()
    cases: list[tuple[str, str, Awaitable[object]]] = [
        ("mover.choose_move(board, rng)", "an instant mover", RandomMover().choose_move(table.board, table.rng)),
        ("clock.sleep_until(0.0)", "a past deadline", clock.sleep_until(0.0)),
        ("table.wait_until_ready()", "its event is set", table.wait_until_ready()),
        ("asyncio.sleep(0)", "a bare yield", asyncio.sleep(0)),
        ("clock.sleep_until(2.0)", "a future deadline", clock.sleep_until(2.0)),
    ]
    print(f"  {'await ...':<31} {'because':<18} suspended?")
    for code, why, awaitable in cases:
        passes = await passes_during(awaitable)
        counted = f"{passes} loop pass" + ("" if passes == 1 else "es")
        print(f"  {code:<31} {why:<18} {'yes' if passes else 'no ':<4} ({counted})")

    beats = 0

    async def heartbeat() -> None:
        nonlocal beats
        while True:
            beats += 1
            await asyncio.sleep(0)

    async def behind_schedule(yield_each_time: bool) -> int:
        """A grandmaster far behind: her deadlines have passed, her tables are ready."""
        nonlocal beats
        beating = asyncio.create_task(heartbeat())
        await asyncio.sleep(0)  # the heartbeat starts
        beats = 0
        for _ in range(AWAITS):
            await clock.sleep_until(0.0)
            if yield_each_time:
                await asyncio.sleep(0)
        during = beats
        beating.cancel()
        await asyncio.gather(beating, return_exceptions=True)
        return during

    print(f"Fairness: a grandmaster behind schedule makes {AWAITS:,} awaits of past deadlines")
    print(f"  beside a heartbeat task: it ran {await behind_schedule(False):,} times meanwhile")
    print(f"  with an `await asyncio.sleep(0)` after each one: it ran {await behind_schedule(True):,} times")


def show(virtual: bool) -> None:
    print("Which awaits in simul's own code suspend the task, handing the thread to the loop?")
    run(main(), virtual=virtual)
    print("So simul's grandmaster yields once a move if none of her awaits suspended.")
