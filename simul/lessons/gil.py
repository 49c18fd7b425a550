"""Lesson: with the GIL, one thread runs Python at a time; processes each have their own interpreter."""

from __future__ import annotations

import os
import random
import sys
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor

import chess

from simul.core.movers import GreedyMover

WORKERS = 4
POSITIONS = 3000
"""Positions the greedy grandmaster chooses a move in: pure Python, CPU-bound."""


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


def gil_enabled() -> bool:
    """Whether this interpreter runs with the GIL on (always, before 3.13)."""
    is_enabled = getattr(sys, "_is_gil_enabled", None)
    return True if is_enabled is None else bool(is_enabled())


def gil_state() -> str:
    """Whether this interpreter has the GIL on, in words."""
    if getattr(sys, "_is_gil_enabled", None) is None:
        return f"Python {sys.version_info.major}.{sys.version_info.minor}: the GIL is always on before 3.13"
    return "sys._is_gil_enabled() is " + ("True: the GIL is on" if gil_enabled() else "False: the GIL is off")


def show(virtual: bool) -> None:
    fens = positions(POSITIONS // 10) * 10  # the work is choosing, not making positions
    cores = os.cpu_count() or 1
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(f"The greedy grandmaster chooses moves in {POSITIONS} positions (pure Python), on {cores} cores.")
    print(f"  {gil_state()}")
    alone = timed(None, fens)
    print(f"  one thread:           {alone:5.2f} s")
    threads = timed(lambda: ThreadPoolExecutor(WORKERS), fens)
    if gil_enabled():
        parallel = "the GIL let one run Python at a time"
    elif cores == 1:
        parallel = "no GIL, but one core: they could only take turns"
    else:
        parallel = "no GIL: they ran Python in parallel, as far as the cores allow"
    print(f"  {WORKERS} threads:            {threads:5.2f} s  ({alone / threads:3.1f}x: {parallel})")
    processes = timed(lambda: ProcessPoolExecutor(WORKERS), fens)
    print(f"  {WORKERS} processes:          {processes:5.2f} s  ({alone / processes:3.1f}x: an interpreter each)")
    print(f"  Parallel work gains only on idle cores: the load was {load:.1f} on {cores} cores at the start.")
    print("Waiting costs no CPU, by threads or by tasks alike (the race shows both); asyncio's edge is the")
    print("cost of each waiter, cancelling, and structure. Computing needs cores: processes, or threads")
    print("running C code that releases the GIL, or a free-threaded Python (one event loop is still one thread).")
