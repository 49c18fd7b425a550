"""Lesson: the GIL lets one thread run Python at a time; processes each have their own."""

from __future__ import annotations

import os
import random
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


def show(virtual: bool) -> None:
    fens = positions(POSITIONS // 10) * 10  # the work is choosing, not making positions
    cores = os.cpu_count() or 1
    print(f"The greedy grandmaster chooses moves in {POSITIONS} positions (pure Python), on {cores} cores:")
    alone = timed(None, fens)
    print(f"  one thread:           {alone:5.2f} s")
    threads = timed(lambda: ThreadPoolExecutor(WORKERS), fens)
    print(
        f"  {WORKERS} threads:            {threads:5.2f} s  ({alone / threads:3.1f}x: the GIL lets one run at a time)"
    )
    processes = timed(lambda: ProcessPoolExecutor(WORKERS), fens)
    print(f"  {WORKERS} processes:          {processes:5.2f} s  ({alone / processes:3.1f}x: an interpreter each)")
    print("Waiting (I/O, sleep, an engine) needs no core: asyncio. Computing needs cores: processes.")
