"""`simul bench engines`: the loop's lag while the grandmaster searches in a process, a thread, or on the loop."""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass

from simul.core.clock import PacedClock
from simul.core.config import ExhibitionConfig
from simul.core.events import Event, MovePlayed
from simul.core.exhibition import Exhibition
from simul.core.lag import LagMonitor
from simul.core.offload import Offload
from simul.core.stats import LagSummary
from simul.loop.event_loop import run


@dataclass(frozen=True, slots=True)
class OffloadFigures:
    """One place for her search: the loop's lag while she played, and how much she played."""

    offload: str
    lag_p50_ms: float
    lag_p99_ms: float
    lag_max_ms: float
    samples: int
    """Lag samples taken (one every 50 ms the loop was free to take it)."""
    moves: int


async def _play_for(config: ExhibitionConfig, speed: float, seconds: float) -> OffloadFigures:
    exhibition = Exhibition(config, PacedClock(speed), lag_monitor=LagMonitor())
    moves = 0

    def count(event: Event) -> None:
        nonlocal moves
        moves += isinstance(event, MovePlayed)

    exhibition.subscribe(count)
    async with asyncio.TaskGroup() as tasks:
        playing = tasks.create_task(exhibition.run())
        await asyncio.sleep(seconds)
        playing.cancel()  # the exhibition stops at its awaits and closes her search's pool; the group goes on
    samples = exhibition.lag_monitor.samples
    # Not one sample: the loop was never free for the monitor, late by the whole run.
    lag = LagSummary.of(samples or [seconds])
    return OffloadFigures(config.gm_offload.value, lag.p50, lag.p99, lag.max, len(samples), moves)


def measure_engines(boards: int, depth: int, speed: float, seconds: float) -> list[OffloadFigures]:
    """`boards` boards with her search `depth` plies deep in each place, `seconds` of the real clock each."""
    base = ExhibitionConfig(boards=boards, gm=f"search:{depth}", seed=1)
    return [run(_play_for(dataclasses.replace(base, gm_offload=offload), speed, seconds)) for offload in Offload]
