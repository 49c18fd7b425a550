"""Runs the four ways side by side, one child process each, and gathers what they measured."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from simul.core.clock import PacedClock
from simul.core.config import ExhibitionConfig, config_to_json
from simul.core.events import Event, MovePlayed
from simul.core.exhibition import Exhibition
from simul.loop.event_loop import virtual_loop
from simul.race.child import EXIT_STOPPED
from simul.race.modes import Mode, ModeFigures

STOP_SECONDS = 0.5
"""How long a stopped child may take to exit before it is killed."""
REPORT_LINE_LIMIT = 1 << 30
"""The longest line a child may write: its last one holds every game, far beyond asyncio's 64 KiB default.

Only a limit: the reader's buffer grows with the line, it is not reserved.
"""

Progress = Callable[[Mode, int], None]
"""Told each mode's moves played so far, as they come."""


@dataclass(frozen=True, slots=True)
class Plan:
    """The exhibition's schedules, worked out on the virtual clock before the race: each mode's own."""

    moves: int
    """Moves in all the games: every lane's finish line."""
    sequential_seconds: float
    """One game at a time: every move's duration, one after another (the blocking mode's schedule too)."""
    asyncio_seconds: float
    """The grandmaster's schedule: she makes every one of her moves herself."""
    threads_seconds: float
    """The longest single game: with a player per board, every game is played at once."""

    def seconds(self, mode: Mode) -> float:
        """`mode`'s own schedule, in simulated seconds."""
        match mode:
            case Mode.SEQUENTIAL | Mode.BLOCKING:
                return self.sequential_seconds
            case Mode.THREADS:
                return self.threads_seconds
            case Mode.ASYNCIO:
                return self.asyncio_seconds

    def bound_for(self, mode: Mode) -> float:
        """The best speedup `mode`'s schedule allows: one game at a time over its own schedule."""
        seconds = self.seconds(mode)
        return self.sequential_seconds / seconds if seconds else 1.0

    @property
    def bound(self) -> float:
        """The best speedup the schedule allows one grandmaster (the asyncio mode's bound)."""
        return self.bound_for(Mode.ASYNCIO)


def plan_race(config: ExhibitionConfig, on_start: Callable[[Callable[[], None]], None] | None = None) -> Plan:
    """Play the exhibition on a virtual loop: its moves and its schedules, in a moment.

    Blocking (it runs a loop of its own): call it with `asyncio.to_thread`.
    `on_start` is handed a function that cancels the planning from any thread
    (a thousand boards of a hundred moves take seconds to plan).
    """
    exhibition = Exhibition(config, PacedClock())
    # Each table's game, in simulated seconds: all its moves, both sides', one after another.
    games = [0.0] * config.boards
    moves = 0

    def time_games(event: Event) -> None:
        nonlocal moves
        if isinstance(event, MovePlayed):
            games[event.table - 1] += event.seconds
            moves += 1

    exhibition.subscribe(time_games)
    loop = virtual_loop()
    try:
        main = loop.create_task(exhibition.run())
        if on_start is not None:

            def cancel() -> None:
                loop.call_soon_threadsafe(main.cancel)

            on_start(cancel)
        loop.run_until_complete(main)
    finally:
        loop.close()
    return Plan(moves, sum(games), exhibition.finished_at or 0.0, max(games, default=0.0))


class _Planning:
    """The plan, worked out in a thread; `stop` ends it from the race's loop (a thread cannot be cancelled)."""

    def __init__(self, config: ExhibitionConfig) -> None:
        self.config = config
        self._lock = threading.Lock()
        self._cancel: Callable[[], None] | None = None
        self._stopped = False

    def _started(self, cancel: Callable[[], None]) -> None:
        with self._lock:
            self._cancel = cancel
            if self._stopped:
                cancel()

    def plan(self) -> Plan:
        return plan_race(self.config, self._started)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            if self._cancel is not None:
                with contextlib.suppress(RuntimeError):  # its loop closed meanwhile: nothing left to stop
                    self._cancel()


def child_command(mode: Mode, speed: float, config: ExhibitionConfig) -> list[str]:
    """The command that plays `mode` in a process of its own."""
    parent = str(os.getpid())
    return [sys.executable, "-m", "simul.race.child", mode.value, repr(speed), config_to_json(config), parent]


@dataclass
class Lane:
    """One way of playing, as the race goes."""

    mode: Mode
    moves: int = 0
    figures: ModeFigures | None = None
    """What it measured, once it has finished."""
    error: str | None = None
    """Why it could not finish, if it failed."""
    stopped: bool = False
    """Whether it was told to stop, and did."""


@dataclass
class Race:
    """The same exhibition, played four ways at once at `speed`."""

    config: ExhibitionConfig
    speed: float
    plan: Plan | None = None
    lanes: dict[Mode, Lane] = field(default_factory=lambda: {mode: Lane(mode) for mode in Mode})
    completed: bool = False
    """Whether every lane ran to its end (not stopped)."""
    stop_seconds: float = STOP_SECONDS
    """How long a stopped child may take to exit on its own before it is killed."""

    async def run(self, progress: Progress | None = None) -> None:
        """Plan, then race every mode at once; cancelling stops every child within `stop_seconds`."""
        # Planning runs a loop of its own: in a thread, so this loop (the TUI's, say) never blocks.
        planning = _Planning(self.config)
        try:
            self.plan = await asyncio.to_thread(planning.plan)
        except asyncio.CancelledError:
            planning.stop()  # else Ctrl+C would wait for the whole plan, seconds at a thousand boards
            raise
        async with asyncio.TaskGroup() as lanes:
            for lane in self.lanes.values():
                lanes.create_task(self._run_lane(lane, progress), name=f"lane {lane.mode.value}")
        self.completed = all(lane.figures is not None for lane in self.lanes.values())

    async def _run_lane(self, lane: Lane, progress: Progress | None) -> None:
        child = await asyncio.create_subprocess_exec(
            *child_command(lane.mode, self.speed, self.config),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,  # Ctrl+C reaches the parent only, which stops each child itself
            limit=REPORT_LINE_LIMIT,
        )
        assert child.stdout is not None
        assert child.stderr is not None
        unreadable: str | None = None
        try:
            async for line in child.stdout:
                try:
                    message = json.loads(line)
                except ValueError:
                    # A child killed mid-line leaves half a line: this lane failed, not the race.
                    unreadable = unreadable or f"unreadable report: {line[:40].decode(errors='replace')!r}"
                    continue
                if "moves" in message:
                    lane.moves = message["moves"]
                    if progress is not None:
                        progress(lane.mode, lane.moves)
                elif "figures" in message:
                    lane.figures = ModeFigures(**message["figures"])
                elif message.get("stopped"):
                    lane.stopped = True
            errors = (await child.stderr.read()).decode(errors="replace").strip()
            if await child.wait() != 0 or lane.figures is None:
                lane.error = errors.splitlines()[-1] if errors else unreadable or f"exit code {child.returncode}"
        except asyncio.CancelledError:
            await _stop(child, self.stop_seconds)
            if child.returncode == EXIT_STOPPED:
                lane.stopped = True  # its last words may still be in the pipe, unread
            raise

    @property
    def same_games(self) -> bool | None:
        """Whether every finished mode played the very same games (None before two have finished)."""
        games = [lane.figures.games for lane in self.lanes.values() if lane.figures is not None]
        if len(games) < 2:
            return None
        return all(other == games[0] for other in games[1:])

    @property
    def failed(self) -> list[Lane]:
        """The lanes that could not finish (not those told to stop)."""
        return [lane for lane in self.lanes.values() if lane.error is not None]

    def speedup(self, mode: Mode) -> float | None:
        """How many times faster than one game at a time `mode` was, as measured (None until both finished)."""
        sequential, this = self.lanes[Mode.SEQUENTIAL].figures, self.lanes[mode].figures
        if sequential is None or this is None or this.wall_seconds == 0:
            return None
        return sequential.wall_seconds / this.wall_seconds

    def schedule_seconds(self, mode: Mode) -> float | None:
        """`mode`'s own schedule in real seconds, at this race's speed (None before the plan)."""
        return self.plan.seconds(mode) / self.speed if self.plan is not None else None

    def drift_seconds(self, mode: Mode) -> float | None:
        """How much longer than its own schedule `mode` took (None until it finished)."""
        figures, schedule = self.lanes[mode].figures, self.schedule_seconds(mode)
        if figures is None or schedule is None:
            return None
        return figures.wall_seconds - schedule

    def bound(self, mode: Mode) -> float | None:
        """The best speedup `mode`'s own schedule allows (None before the plan)."""
        return self.plan.bound_for(mode) if self.plan is not None else None


async def _stop(child: asyncio.subprocess.Process, grace: float) -> None:
    """Ask a child to stop (it stops at once, mid-sleep), and make sure it has: killed after `grace` seconds."""
    with contextlib.suppress(ProcessLookupError):
        child.terminate()
    try:
        await asyncio.wait_for(child.wait(), grace)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            child.kill()
        await child.wait()
