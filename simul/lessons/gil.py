"""Lesson: with the GIL, one thread runs Python at a time; processes each have their own interpreter."""

from __future__ import annotations

import math
import os
import random
import sys
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass

import chess

from simul.core.movers import GreedyMover

WORKERS = 4
POSITIONS = 1000
"""Positions the greedy grandmaster chooses a move in, each time: pure Python, CPU-bound."""
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
    mover, rng = GreedyMover(), random.Random(0)
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
    print(f"The greedy grandmaster chooses moves in {POSITIONS} positions (pure Python), on {cores} cores;")
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
    print("A blocked wait costs no CPU, a thread asleep in the kernel or a task suspended on a future alike,")
    print("as the race shows (a polling loop is another matter). asyncio's edge is the cost of each waiter,")
    print("cancelling, and structure. Computing needs cores: processes, or threads running C code that")
    print("releases the GIL, or a free-threaded Python (one event loop is still one thread).")
