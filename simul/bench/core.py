"""The core benchmark: CPU per ply of a whole exhibition against the floor, python-chess playing the same games.

The floor does only what any simulator of these games must: for each table,
with its own seeded random source drawn in the core's order, list the legal
moves, choose one, push it, ask whether the game is over. Everything simul
adds (tasks, the loop, the clock, events, statistics) is the difference, given
as a ratio of CPU times on the same machine at the same moment, so that its
speed cancels. Two references in between (`simul.bench.ways`) split that
difference: what playing the games at once costs python-chess alone, and what
the same games cost as bare asyncio tasks and timers; the rest is simul's own.
Each way is played in a process of its own (`simul.bench.core_child`), in
turn, run after run.
"""

from __future__ import annotations

import asyncio
import gc
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from simul.bench.child import module_argv, run_child
from simul.bench.core_child import WAYS, WayRun
from simul.bench.ways import core_config
from simul.core.config import ExhibitionConfig
from simul.loop.event_loop import SimulLoop, run

WAKE_UPS_A_BOARD = 20
"""Wake-ups in the timer measure for each board of the scenario, shared among its tasks..."""
WAKE_UPS_AT_MOST = 40_000
"""...up to this many: enough for a steady figure at the scenario's 2,000 boards."""


def timers_waiting(config: ExhibitionConfig) -> int:
    """About how many timers an exhibition keeps in the loop's heap: its opponents thinking at once, and hers.

    She is the bottleneck: while she makes a move (her move time) a think
    (its mean) is under way at about `think / move time` tables; every other
    table waits for her, with no timer. Measured at 2,000 boards: a median of 36.
    """
    return min(config.boards, round(config.think.mean / config.gm_move) + 1)


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
    place in the heap), the pass that jumps the virtual clock to it, runs it
    and completes the future, the pass that runs the task's next step. One a
    ply is the least an exhibition can do: each move lands when a timer says
    so (her move time, or the opponent's think).
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
    """The median of each run's simul over that run's floor."""
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


class NotTheSameGames(Exception):
    """Two ways played different games: the ratio would compare unlike work."""


PlayWay = Callable[[str, int, int], WayRun]
"""Plays one way (`WAYS`) of the benchmark's games, at so many boards and moves, and says what it measured."""


def play_way_in_child(way: str, boards: int, max_moves: int) -> WayRun:
    """Play `way` in a process of its own."""
    answer = run_child(
        module_argv("simul.bench.core_child", way, boards, max_moves), f"the core benchmark's {way} run"
    ).answer()
    return WayRun(answer["cpu_seconds"], answer["plies"], answer["games_digest"], answer["passes"])


def measure_core(boards: int, max_moves: int, runs: int, play: PlayWay = play_way_in_child) -> CoreFigures:
    """Play every way `runs` times, in turn, each in a process of its own; raise if their games differ."""
    seconds: dict[str, list[float]] = {way: [] for way in WAYS}
    waiting = timers_waiting(core_config(boards, max_moves))  # the wake-up measured with a heap as deep
    wake_ups_a_run = min(WAKE_UPS_AT_MOST, WAKE_UPS_A_BOARD * boards)
    wake_ups = []
    plies = passes = 0
    for _ in range(runs):
        played = {way: play(way, boards, max_moves) for way in WAYS}
        if len({way_run.games_digest for way_run in played.values()}) > 1:
            raise NotTheSameGames("the floor, its references and simul played different games")
        for way, way_run in played.items():
            seconds[way].append(way_run.cpu_seconds)
        plies, passes = played["simul"].plies, played["simul"].passes or 0
        wake_ups.append(measure_timer_wake_up(tasks=waiting, wakes=max(1, wake_ups_a_run // waiting)))
    floors = seconds["floor"]
    ratios = _ratios(seconds["simul"], floors)

    def per_ply(way: str) -> float:
        return statistics.median(seconds[way]) / plies * 1e6

    return CoreFigures(
        boards=boards,
        max_moves=max_moves,
        plies=plies,
        floor_us_per_ply=per_ply("floor"),
        simul_us_per_ply=per_ply("simul"),
        overhead_ratio=statistics.median(ratios),
        runs=runs,
        ratios=ratios,
        passes_per_ply=passes / plies,
        timer_wake_up_us=statistics.median(wake_ups) * 1e6,
        interleaved_us_per_ply=per_ply("interleaved"),
        interleaved_ratio=statistics.median(_ratios(seconds["interleaved"], floors)),
        bare_asyncio_us_per_ply=per_ply("bare"),
        bare_asyncio_ratio=statistics.median(_ratios(seconds["bare"], floors)),
    )


def _ratios(seconds: list[float], floors: list[float]) -> tuple[float, ...]:
    """Each run's seconds over the floor's in the same run."""
    return tuple(way / floor for way, floor in zip(seconds, floors, strict=True))
