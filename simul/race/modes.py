"""The four ways to play an exhibition, each measured in a process of its own.

All four play the same games: every table draws its moves and think times from
its own seeded random source in the same order, whoever plays it and however
the waiting is done. Only the waiting differs, and that is the lesson.
"""

from __future__ import annotations

import asyncio
import enum
import resource
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from simul.core.clock import PacedClock
from simul.core.config import ExhibitionConfig
from simul.core.events import Event, MovePlayed
from simul.core.exhibition import Exhibition, seat_tables
from simul.core.movers import MOVERS, InstantMover
from simul.core.table import Table
from simul.loop.event_loop import run


class Mode(enum.Enum):
    """One way to play every table."""

    SEQUENTIAL = "sequential"
    """One game at a time, start to finish: plain functions and `time.sleep`."""
    THREADS = "threads"
    """One OS thread per board, each with a player of its own."""
    ASYNCIO = "asyncio"
    """The grandmaster coroutine: simul's core."""
    BLOCKING = "blocking"
    """The asyncio version with `time.sleep` inside the coroutines: the tutorial's BAD example."""


class Stopped(Exception):
    """The race was stopped (Ctrl+C) while this player waited."""


@dataclass(frozen=True, slots=True)
class ModeFigures:
    """What one way of playing measured, in its own process."""

    wall_seconds: float
    cpu_seconds: float
    """User and system time of the whole process, every thread."""
    threads: int
    """The OS threads the process used to play: the most seen at once, or all it started."""
    peak_rss_bytes: int
    games: list[list[str]]
    """Every table's moves, in UCI: to check all four played the same games."""


class Tally:
    """Moves played so far, from any thread; reports them at most every `interval` seconds."""

    def __init__(self, report: Callable[[int], None], interval: float = 0.1) -> None:
        self._report = report
        self._interval = interval
        self._lock = threading.RLock()
        self._last = 0.0
        self.moves = 0
        self.peak_threads = threading.active_count()

    def move(self) -> None:
        """One more move played."""
        with self._lock:
            self.moves += 1
            now = time.perf_counter()
            if now - self._last >= self._interval:
                self.flush(now)

    def flush(self, now: float | None = None) -> None:
        """Report the count now (one report at a time, whichever thread calls)."""
        with self._lock:
            self._last = now if now is not None else time.perf_counter()
            self.peak_threads = max(self.peak_threads, threading.active_count())
            self._report(self.moves)


def movers(config: ExhibitionConfig) -> tuple[InstantMover, InstantMover]:
    """The grandmaster's (or a hired player's) mover, and the opponents'."""
    return MOVERS[config.gm](), MOVERS[config.opponent]()


def play_game(table: Table, config: ExhibitionConfig, wait: Callable[[float], None], tally: Tally) -> None:
    """Play one table's whole game, calling `wait(seconds)` for every move's time.

    The random source is drawn in the core's order: her move, then (if the game
    goes on) the think time, then the opponent's move.
    """
    player, opponent = movers(config)
    think = config.think.draw(table.rng) if not table.gm_to_move else 0.0
    while not table.is_over:
        if table.gm_to_move:
            move = player.pick(table.board, table.rng)
            wait(config.gm_move)
            if table.play(move) is None:
                think = config.think.draw(table.rng)
        else:
            move = opponent.pick(table.board, table.rng)
            wait(think)
            table.play(move)
        tally.move()


def play_sequential(config: ExhibitionConfig, speed: float, tally: Tally) -> list[Table]:
    """One game at a time: each sleep holds the only player, and every other table waits."""
    tables = seat_tables(config)
    for table in tables:
        play_game(table, config, lambda seconds: time.sleep(seconds / speed), tally)
    return tables


def play_threads(config: ExhibitionConfig, speed: float, tally: Tally) -> list[Table]:
    """A player per board, each in an OS thread of its own; all wait at once."""
    tables = seat_tables(config)
    stop = threading.Event()

    def wait(seconds: float) -> None:
        # An event, not a bare sleep: Ctrl+C sets it and every thread wakes at once.
        if stop.wait(seconds / speed):
            raise Stopped

    def player(table: Table) -> None:
        try:
            play_game(table, config, wait, tally)
        except Stopped:
            return

    threads = [threading.Thread(target=player, args=(table,), name=f"table {table.number}") for table in tables]
    try:
        for thread in threads:
            thread.start()
        # Every board's player, and the main thread that waits for them (a fast game may end before the count).
        tally.peak_threads = max(tally.peak_threads, len(threads) + 1)
        tally.flush()
        for thread in threads:
            while thread.is_alive():
                thread.join(timeout=0.1)
                tally.flush()
    finally:
        stop.set()
        for thread in threads:
            if thread.ident is not None:
                thread.join()
    return tables


def play_asyncio(config: ExhibitionConfig, speed: float, tally: Tally) -> list[Table]:
    """The grandmaster coroutine, simul's core, on a real event loop: one thread."""
    exhibition = Exhibition(config, PacedClock(speed))

    def count(event: Event) -> None:
        if isinstance(event, MovePlayed):
            tally.move()

    exhibition.subscribe(count)
    run(exhibition.run())
    return exhibition.tables


async def play_game_blocking(table: Table, config: ExhibitionConfig, speed: float, tally: Tally) -> None:
    """The tutorial's BAD example: an `async def` whose every wait is a `time.sleep`.

    It never awaits, so it never yields: no other table moves until its whole
    game is over, however many tasks were started.
    """
    play_game(table, config, lambda seconds: time.sleep(seconds / speed), tally)  # WRONG on purpose


def play_blocking(config: ExhibitionConfig, speed: float, tally: Tally) -> list[Table]:
    """Every table a task, all started together, each blocking the one thread in turn."""
    tables = seat_tables(config)

    async def everyone() -> None:
        async with asyncio.TaskGroup() as room:
            for table in tables:
                room.create_task(play_game_blocking(table, config, speed, tally))

    run(everyone())
    return tables


PLAYERS: dict[Mode, Callable[[ExhibitionConfig, float, Tally], list[Table]]] = {
    Mode.SEQUENTIAL: play_sequential,
    Mode.THREADS: play_threads,
    Mode.ASYNCIO: play_asyncio,
    Mode.BLOCKING: play_blocking,
}


def peak_rss_bytes() -> int:
    """This process's peak resident memory.

    From /proc where there is one: `ru_maxrss` survives `exec`, so a child
    started by a big parent (the TUI) would report the parent's peak as its own.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(kib) * 1024


def measure(mode: Mode, config: ExhibitionConfig, speed: float, report: Callable[[int], None]) -> ModeFigures:
    """Play the whole exhibition `mode`'s way; measure it."""
    tally = Tally(report)
    cpu, start = time.process_time(), time.perf_counter()
    tables = PLAYERS[mode](config, speed, tally)
    wall = time.perf_counter() - start
    tally.flush()
    peak_rss = peak_rss_bytes()
    games = [[move.uci() for move in table.board.move_stack] for table in tables]
    return ModeFigures(wall, time.process_time() - cpu, tally.peak_threads, peak_rss, games)
