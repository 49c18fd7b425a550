"""Lesson: with the GIL, one thread runs Python at a time; processes each have their own interpreter.

Then the same search as the grandmaster's three places to think (`--gm-offload`),
timed with a task that measures how late the loop wakes it.
"""

from __future__ import annotations

import asyncio
import math
import os
import random
import sys
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass

import chess

from simul.core.offload import Offload, OffloadedSearch
from simul.core.search import SearchMover
from simul.core.stats import LagSummary
from simul.loop.event_loop import run

WORKERS = 4
POSITIONS = 40
"""Positions the grandmaster's search (depth `DEPTH`) chooses a move in, each time: pure Python, CPU-bound."""
DEPTH = 2
"""Plies of the search that the ways of running Python are timed on: a tenth of a second for all 40."""
OFFLOAD_DEPTH = 3
"""Plies of her search in the second part, as `--gm search:3`: tens of milliseconds to a few tenths a move."""
OFFLOAD_POSITIONS = 8
"""Positions she searches in each place of the second part."""
TICK = 0.005
"""How often the second part's task asks the loop to wake it, in seconds: how late it wakes is the lag."""
ROUNDS = 3
"""Times each way is measured, the three ways in turn: the best of each is kept."""
NOISE = 1.2
"""A speed-up of threads over one thread above this cannot come from threads that take turns: the load changed."""


def positions(count: int, seed: int = 1) -> list[str]:
    """`count` middlegame positions (FEN), from seeded random games."""
    rng = random.Random(seed)
    fens: list[str] = []
    while len(fens) < count:
        board = chess.Board()
        for _ in range(rng.randrange(10, 40)):
            moves = list(board.legal_moves)
            if not moves:
                break
            board.push(rng.choice(moves))
        if not board.is_game_over():
            fens.append(board.fen())
    return fens


def choose_moves(fens: list[str]) -> int:
    """The grandmaster's moves in each position; returns how many."""
    mover, rng = SearchMover(DEPTH), random.Random(0)
    return sum(1 for fen in fens if mover.pick(chess.Board(fen), rng))


def timed(executor_factory: Callable[[], Executor] | None, fens: list[str]) -> float:
    start = time.perf_counter()
    if executor_factory is None:
        choose_moves(fens)
    else:
        chunks = [fens[index::WORKERS] for index in range(WORKERS)]
        with executor_factory() as executor:
            list(executor.map(choose_moves, chunks))
    return time.perf_counter() - start


@dataclass(frozen=True, slots=True)
class Timings:
    """The best time of each way, in seconds."""

    alone: float
    threads: float
    processes: float


def measure(fens: list[str], rounds: int = ROUNDS) -> Timings:
    """Each way `rounds` times, in turn, keeping its best time.

    Taken in turn, a load that comes and goes weighs on every way alike rather
    than on whichever ran while it lasted; the best time is the one least slowed.
    """
    ways: dict[str, Callable[[], Executor] | None] = {
        "alone": None,
        "threads": lambda: ThreadPoolExecutor(WORKERS),
        "processes": lambda: ProcessPoolExecutor(WORKERS),
    }
    best = dict.fromkeys(ways, math.inf)
    for _ in range(rounds):
        for name, factory in ways.items():
            best[name] = min(best[name], timed(factory, fens))
    return Timings(**best)


@dataclass(frozen=True, slots=True)
class LoopFigures:
    """Her searches in one place: how long they took, and how late the loop woke a ticking task meanwhile."""

    wall: float
    wakes: int
    """How many times the ticking task ran."""
    lag_p50: float
    lag_p99: float
    lag_max: float


async def search_while_ticking(offload: Offload, fens: list[str], depth: int = OFFLOAD_DEPTH) -> LoopFigures:
    """Her search in each of `fens`, run where `offload` says, while another task wakes every `TICK`."""
    mover = OffloadedSearch(depth, offload)
    rng = random.Random(0)
    lags: list[float] = []

    async def tick(due: float) -> None:
        while True:  # each wake-up: how long after it was due did the loop run it?
            lags.append(max(0.0, time.perf_counter() - due))
            due = time.perf_counter() + TICK
            await asyncio.sleep(TICK)

    try:
        await mover.choose_move(chess.Board(fens[0]), rng)  # a process pool starts its worker: not timed
        async with asyncio.TaskGroup() as tasks:
            start = time.perf_counter()
            ticker = tasks.create_task(tick(due=start))  # due at once: its first step is already queued
            for fen in fens:
                await mover.choose_move(chess.Board(fen), rng)
            wall = time.perf_counter() - start
            await asyncio.sleep(0)  # a ticker never run yet (the searches held the thread) runs now, that late
            ticker.cancel()
    finally:
        await mover.aclose()
    lag = LagSummary.of(lags)  # in milliseconds
    return LoopFigures(wall, lag.samples, lag.p50 / 1000, lag.p99 / 1000, lag.max / 1000)


def measure_offload(fens: list[str]) -> dict[Offload, LoopFigures]:
    """`search_while_ticking` in each place, each on a loop of its own."""
    return {offload: run(search_while_ticking(offload, fens)) for offload in Offload}


def usable_cores() -> int:
    """The cores this process may run on: its CPU affinity, which may be fewer than the machine has.

    (A container's CPU quota is not counted: it limits time, not which cores.)
    """
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    counted: Callable[[], int | None] = getattr(os, "process_cpu_count", os.cpu_count)  # 3.13 has the former
    return counted() or 1


def gil_enabled() -> bool:
    """Whether this interpreter runs with the GIL on (always, before 3.13)."""
    is_enabled = getattr(sys, "_is_gil_enabled", None)
    return True if is_enabled is None else bool(is_enabled())


def gil_state() -> str:
    """Whether this interpreter has the GIL on, in words."""
    if getattr(sys, "_is_gil_enabled", None) is None:
        return f"Python {sys.version_info.major}.{sys.version_info.minor}: the GIL is always on before 3.13"
    return "sys._is_gil_enabled() is " + ("True: the GIL is on" if gil_enabled() else "False: the GIL is off")


def threads_verdict(speedup: float, *, gil: bool, cores: int) -> tuple[str, str | None]:
    """What the threads' measured speed-up over one thread says, and a note if it contradicts the rule.

    With the GIL, or on one core, threads running Python take turns: they
    cannot beat one thread. A measurement that says they did was disturbed, so
    it is not given the rule as its explanation.
    """
    if gil or cores == 1:
        if speedup > NOISE:
            why = "With the GIL" if gil else "On one core"
            note = f"{why}, pure-Python threads cannot beat one thread: run it again on a quiet machine."
            return "the machine's load changed during the measurement", note
        if gil:
            return "the GIL let one run Python at a time", None
        return "no GIL, but one core: they could only take turns", None
    if speedup > NOISE:
        return "no GIL: they ran Python in parallel, as far as the cores allow", None
    return "no GIL, yet no faster: other load took the cores, or the threads contended", None


def show(virtual: bool) -> None:
    fens = positions(POSITIONS // 10) * 10  # the work is choosing, not making positions
    cores = usable_cores()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(f"Her search (search:{DEPTH}, pure Python) chooses moves in {POSITIONS} positions, on {cores} cores;")
    print(f"  each way is timed {ROUNDS} times, the three in turn, and its best time kept.")
    print(f"  {gil_state()}")
    timings = measure(fens)
    alone, threads, processes = timings.alone, timings.threads, timings.processes
    print(f"  one thread:           {alone:5.2f} s")
    verdict, note = threads_verdict(alone / threads, gil=gil_enabled(), cores=cores)
    print(f"  {WORKERS} threads:            {threads:5.2f} s  ({alone / threads:3.1f}x: {verdict})")
    if note is not None:
        print(f"  {note}")
    print(f"  {WORKERS} processes:          {processes:5.2f} s  ({alone / processes:3.1f}x: an interpreter each)")
    print(f"  Parallel work gains only on idle cores: the machine's load average was {load:.1f} at the start.")
    where = {Offload.PROCESS: "in a process", Offload.THREAD: "in a thread", Offload.NONE: "on the loop's thread"}
    print(f"Her search (search:{OFFLOAD_DEPTH}) in {OFFLOAD_POSITIONS} positions, as --gm-offload puts it, while")
    print(f"a task asks the loop to wake it every {TICK * 1000:g} ms (the lag: how late it wakes):")
    for offload, figures in measure_offload(positions(OFFLOAD_POSITIONS, seed=2)).items():
        p50, p99, most = (1000 * lag for lag in (figures.lag_p50, figures.lag_p99, figures.lag_max))
        lag = f"lag p50 {p50:5.1f}, p99 {p99:5.1f}, max {most:5.1f} ms"
        wakes = f"{figures.wakes:3} wake-up{'s' if figures.wakes != 1 else ' '}"
        print(f"  {where[offload] + ':':21} {figures.wall:5.2f} s, {wakes}; {lag}")
    print("On the loop's thread the search reaches no await until it is done: nothing else runs meanwhile")
    print("(the ticking task ran once, after the last search).")
    print("A thread frees the loop, but the search holds the GIL and the loop waits its turn for it;")
    print("a process has an interpreter, and a GIL, of its own.")
    print("A blocked wait costs no CPU, a thread asleep in the kernel or a task suspended on a future alike,")
    print("as the race shows (a polling loop is another matter). asyncio's edge is the cost of each waiter,")
    print("cancelling, and structure. Computing needs cores: processes, or threads running C code that")
    print("releases the GIL, or a free-threaded Python (one event loop is still one thread).")
