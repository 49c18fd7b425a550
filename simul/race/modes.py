"""The four ways to play an exhibition, each measured in a process of its own.

All four play the same games: every table draws its moves and think times from
its own seeded random source in the same order, whoever plays it and however
the waiting is done. Only the waiting differs, and that is the lesson.

Every way keeps to its own schedule as the core does: each wait ends at a
deadline worked out from the start and the scheduled seconds before it, never
"so many seconds from now", so a sleep's overshoot is made up by the next wait
instead of piling up over thousands of moves.
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
from simul.core.mover_specs import make_instant_mover
from simul.core.movers import InstantMover
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


Now = Callable[[], float]
"""A clock: seconds, from any fixed origin."""
Sleep = Callable[[float], None]
"""Holds the thread for about that many seconds: it may overshoot; a test's, or an event's wait, may return early."""


class Timeline:
    """One schedule played on a real clock: every wait ends at its deadline, `start + scheduled / speed`.

    `time.sleep(seconds / speed)` per move would add each sleep's overshoot to
    every later move; waiting until a deadline makes up the last overshoot at
    the next wait, so the whole schedule is late by one overshoot at most.
    """

    def __init__(self, speed: float, start: float | None = None, *, now: Now, sleep: Sleep) -> None:
        self._speed = speed
        self._now = now
        self._sleep = sleep
        self.start = now() if start is None else start
        """When simulated time 0 was, on `now`'s clock."""
        self.scheduled = 0.0
        """Simulated seconds waited out so far."""

    @property
    def deadline(self) -> float:
        """When the last wait was due to end, on `now`'s clock."""
        return self.start + self.scheduled / self._speed

    def wait(self, seconds: float) -> None:
        """Wait out `seconds` more of the schedule: until its deadline (at once if that has passed)."""
        self.scheduled += seconds
        deadline = self.deadline
        # A loop: a replaceable `sleep` (a test's, an event's wait) may return early; the wait only ends once
        # the deadline has passed. (`time.sleep` itself resumes after a signal's handler, since PEP 475.)
        while (left := deadline - self._now()) > 0:
            self._sleep(left)


@dataclass(frozen=True, slots=True)
class Pace:
    """How fast the schedule is played, and the real clock it is played on (a fake one in tests)."""

    speed: float
    """Simulated seconds per real second."""
    now: Now = time.perf_counter
    sleep: Sleep = time.sleep

    def timeline(self, start: float | None = None, sleep: Sleep | None = None) -> Timeline:
        """A schedule of its own, from `start` (now if None), waited with `sleep` (this pace's if None)."""
        return Timeline(self.speed, start, now=self.now, sleep=sleep if sleep is not None else self.sleep)


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
    return make_instant_mover(config.gm), make_instant_mover(config.opponent)


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


def play_sequential(config: ExhibitionConfig, pace: Pace, tally: Tally) -> list[Table]:
    """One game at a time: each sleep holds the only player, and every other table waits.

    One timeline for the whole process: the games are one schedule, played end to end.
    """
    tables = seat_tables(config)
    timeline = pace.timeline()
    for table in tables:
        play_game(table, config, timeline.wait, tally)
    return tables


def play_threads(config: ExhibitionConfig, pace: Pace, tally: Tally) -> list[Table]:
    """A player per board, each in an OS thread of its own; all wait at once.

    Each board's game is a schedule of its own, every one from the same start:
    a thread started late catches up on its first deadlines.
    """
    tables = seat_tables(config)
    stop = threading.Event()

    def sleep(seconds: float) -> None:
        # An event, not a bare sleep: Ctrl+C sets it and every thread wakes at once.
        if stop.wait(seconds):
            raise Stopped

    start = pace.now()

    def player(table: Table) -> None:
        try:
            play_game(table, config, pace.timeline(start, sleep).wait, tally)
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


def play_asyncio(config: ExhibitionConfig, pace: Pace, tally: Tally) -> list[Table]:
    """The grandmaster coroutine, simul's core, on a real event loop: one thread.

    The core keeps to its schedule itself (`PacedClock.sleep_until`), on the loop's clock.
    """
    exhibition = Exhibition(config, PacedClock(pace.speed))

    def count(event: Event) -> None:
        if isinstance(event, MovePlayed):
            tally.move()

    exhibition.subscribe(count)
    run(exhibition.run(), signals=False)  # the child's SIGTERM handler stops it, mid-sleep too
    return exhibition.tables


async def play_game_blocking(table: Table, config: ExhibitionConfig, timeline: Timeline, tally: Tally) -> None:
    """The tutorial's BAD example: an `async def` whose every wait is a `time.sleep`.

    It never awaits, so it never yields: no other table moves until its whole
    game is over, however many tasks were started.
    """
    play_game(table, config, timeline.wait, tally)  # WRONG on purpose: `timeline.wait` is a `time.sleep`


def play_blocking(config: ExhibitionConfig, pace: Pace, tally: Tally) -> list[Table]:
    """Every table a task, all started together, each blocking the one thread in turn.

    One timeline for the whole process, shared by every task: as they block the
    thread in turn, their games are one schedule, played end to end.
    """
    tables = seat_tables(config)

    async def everyone() -> None:
        timeline = pace.timeline()
        async with asyncio.TaskGroup() as room:
            for table in tables:
                room.create_task(play_game_blocking(table, config, timeline, tally))

    # The child's SIGTERM handler, not a cancellation: no cancellation reaches a task inside `time.sleep`.
    run(everyone(), signals=False)
    return tables


PLAYERS: dict[Mode, Callable[[ExhibitionConfig, Pace, Tally], list[Table]]] = {
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
    tables = PLAYERS[mode](config, Pace(speed), tally)
    wall = time.perf_counter() - start
    tally.flush()
    peak_rss = peak_rss_bytes()
    games = [[move.uci() for move in table.moves] for table in tables]
    return ModeFigures(wall, time.process_time() - cpu, tally.peak_threads, peak_rss, games)
