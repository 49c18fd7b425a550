"""The core benchmark: CPU per ply of a whole exhibition against the floor, python-chess playing the same games.

The floor does only what any simulator of these games must: for each table,
with its own seeded random source drawn in the core's order, list the legal
moves, choose one, push it, ask whether the game is over. Everything simul
adds (tasks, the loop, the clock, events, statistics) is the difference, given
as a ratio measured in the same process, so that the machine's speed cancels.
Two references in between (`simul.bench.references`) split that difference:
what playing the games at once costs python-chess alone, and what the same
games cost as bare asyncio tasks and timers; the rest is simul's own.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from simul.bench.references import (
    Games,
    exhibition_order,
    play_bare_asyncio,
    play_interleaved,
    play_one_after_another,
)
from simul.core.clock import PacedClock
from simul.core.config import ExhibitionConfig, ThinkTime
from simul.core.exhibition import Exhibition
from simul.core.stats import ExhibitionStats
from simul.gc_tuning import calm_garbage_collector
from simul.loop.event_loop import SimulLoop, run

WAKE_UP_TASKS = 2_000
"""Tasks in the timer wake-up measure: as many as the benchmark's boards, so the timer heap is as deep."""
WAKE_UPS_EACH = 20

T = TypeVar("T")


def core_config(boards: int, max_moves: int, seed: int = 1) -> ExhibitionConfig:
    """The benchmark's exhibition: random movers on both sides, seeded, adjudicated after `max_moves`."""
    return ExhibitionConfig(
        boards=boards, think=ThinkTime(5.0, 30.0), gm_move=0.5, max_moves=max_moves, seed=seed, gm="random"
    )


def play_exhibition(config: ExhibitionConfig, loop: SimulLoop | None = None) -> Exhibition:
    """The whole exhibition as `simul run --clock virtual` plays it: the core, its statistics, simul's loop."""
    exhibition = Exhibition(config, PacedClock())
    exhibition.subscribe(ExhibitionStats().record)
    run(exhibition.run(), loop=loop if loop is not None else SimulLoop(virtual=True))
    return exhibition


def games_of(exhibition: Exhibition) -> Games:
    """Every table's moves, unpacked into `chess.Move` objects: for comparing, outside any measure."""
    return [table.moves for table in exhibition.tables]


def play_simul(config: ExhibitionConfig) -> Games:
    """The exhibition's games (`play_exhibition`, then `games_of`)."""
    return games_of(play_exhibition(config))


async def _woken_by_timers(wakes: int, seed: int) -> None:
    loop = asyncio.get_running_loop()
    rng = random.Random(seed)
    due = loop.time()
    for _ in range(wakes):
        due += rng.uniform(5.0, 30.0)  # spread as the opponents' thinks are, so the heap is as deep
        woken = loop.create_future()
        loop.call_at(due, woken.set_result, None)
        await woken


async def _tasks_woken_by_timers(tasks: int, wakes: int) -> None:
    async with asyncio.TaskGroup() as room:
        for number in range(tasks):
            room.create_task(_woken_by_timers(wakes, number))


def measure_timer_wake_up(tasks: int, wakes: int) -> float:
    """CPU seconds for one suspended task to be woken by its timer on simul's virtual loop, nothing else done.

    What any `await` of a timer costs on this loop: the timer (`call_at`, its
    place in the heap), the pass that runs it and completes the future, the
    pass that runs the task's next step. Two per ply are the least an
    exhibition can do (her move time, the opponent's think).
    """
    loop = SimulLoop(virtual=True)
    gc.collect()
    start = time.process_time()
    run(_tasks_woken_by_timers(tasks, wakes), loop=loop)
    return (time.process_time() - start) / (tasks * wakes)


@dataclass(frozen=True, slots=True)
class CoreFigures:
    """What the core benchmark measured."""

    boards: int
    max_moves: int
    plies: int
    floor_us_per_ply: float
    """The median of the runs."""
    simul_us_per_ply: float
    """The median of the runs."""
    overhead_ratio: float
    """The median of each run's simul over the floor run just before it."""
    runs: int
    ratios: tuple[float, ...]
    """Each run's ratio, for the spread."""
    passes_per_ply: float = 0.0
    """Passes of simul's loop per ply: the same in every run (the virtual clock)."""
    timer_wake_up_us: float = 0.0
    """CPU for one task woken by a timer on simul's loop and nothing else (the median of the runs)."""
    interleaved_us_per_ply: float = 0.0
    """python-chess alone, the same plies in the exhibition's order (the median of the runs)."""
    interleaved_ratio: float = 0.0
    """The median of each run's interleaved over its floor."""
    bare_asyncio_us_per_ply: float = 0.0
    """The same games as bare asyncio tasks and timers, nothing of simul (the median of the runs)."""
    bare_asyncio_ratio: float = 0.0
    """The median of each run's bare asyncio over its floor."""

    @property
    def overhead_us_per_ply(self) -> float:
        """What simul adds to each ply, over python-chess alone."""
        return self.simul_us_per_ply - self.floor_us_per_ply


def _cpu_seconds(play: Callable[[ExhibitionConfig], T], config: ExhibitionConfig) -> tuple[float, T]:
    gc.collect()
    start = time.process_time()
    played = play(config)
    return time.process_time() - start, played


class NotTheSameGames(Exception):
    """The floor and simul played different games: the ratio would compare unlike work."""


def measure_core(boards: int, max_moves: int, runs: int) -> CoreFigures:
    """Play the floor, its references and the exhibition `runs` times each, in turn; raise if their games differ."""
    config = core_config(boards, max_moves)
    calm_garbage_collector()  # as `simul run` does, for every way
    order = exhibition_order(config)  # which table each ply is at, for the interleaved way: not measured
    floors, interleaved, bare, simuls, wake_ups = [], [], [], [], []
    plies = passes = 0
    for _ in range(runs):
        loop = SimulLoop(virtual=True)
        floor_seconds, floor_games = _cpu_seconds(play_one_after_another, config)
        interleaved_seconds, interleaved_games = _cpu_seconds(functools.partial(play_interleaved, order=order), config)
        bare_seconds, bare_games = _cpu_seconds(play_bare_asyncio, config)
        simul_seconds, exhibition = _cpu_seconds(functools.partial(play_exhibition, loop=loop), config)
        simul_games = games_of(exhibition)  # unpacked outside the measure, as the floor's need not be
        if not floor_games == interleaved_games == bare_games == simul_games:
            raise NotTheSameGames("the floor, its references and simul played different games")
        plies, passes = sum(map(len, simul_games)), loop.passes
        floors.append(floor_seconds)
        interleaved.append(interleaved_seconds)
        bare.append(bare_seconds)
        simuls.append(simul_seconds)
        wake_ups.append(measure_timer_wake_up(tasks=min(boards, WAKE_UP_TASKS), wakes=WAKE_UPS_EACH))
    ratios = _ratios(simuls, floors)
    return CoreFigures(
        boards=boards,
        max_moves=max_moves,
        plies=plies,
        floor_us_per_ply=statistics.median(floors) / plies * 1e6,
        simul_us_per_ply=statistics.median(simuls) / plies * 1e6,
        overhead_ratio=statistics.median(ratios),
        runs=runs,
        ratios=ratios,
        passes_per_ply=passes / plies,
        timer_wake_up_us=statistics.median(wake_ups) * 1e6,
        interleaved_us_per_ply=statistics.median(interleaved) / plies * 1e6,
        interleaved_ratio=statistics.median(_ratios(interleaved, floors)),
        bare_asyncio_us_per_ply=statistics.median(bare) / plies * 1e6,
        bare_asyncio_ratio=statistics.median(_ratios(bare, floors)),
    )


def _ratios(seconds: list[float], floors: list[float]) -> tuple[float, ...]:
    """Each run's seconds over the floor's in the same run."""
    return tuple(way / floor for way, floor in zip(seconds, floors, strict=True))
