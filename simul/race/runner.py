"""Runs the four ways side by side, one child process each, and gathers what they measured."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from simul.core.clock import PacedClock
from simul.core.config import ExhibitionConfig
from simul.core.exhibition import Exhibition
from simul.core.stats import ExhibitionStats
from simul.loop.event_loop import virtual_loop
from simul.race.child import EXIT_STOPPED, config_to_json
from simul.race.modes import Mode, ModeFigures

STOP_SECONDS = 0.5
"""How long a stopped child may take to exit before it is killed."""

Progress = Callable[[Mode, int], None]
"""Told each mode's moves played so far, as they come."""


@dataclass(frozen=True, slots=True)
class Plan:
    """The exhibition's schedule, worked out on the virtual clock before the race."""

    moves: int
    """Moves in all the games: every lane's finish line."""
    sequential_seconds: float
    """One game at a time, in simulated seconds."""
    asyncio_seconds: float
    """The grandmaster's schedule, in simulated seconds."""

    @property
    def bound(self) -> float:
        """The best speedup the schedule allows one grandmaster."""
        return self.sequential_seconds / self.asyncio_seconds if self.asyncio_seconds else 1.0


def plan_race(config: ExhibitionConfig) -> Plan:
    """Play the exhibition on a virtual loop: its moves and its schedule, in a moment.

    Blocking (it runs a loop of its own): call it with `asyncio.to_thread`.
    """
    exhibition = Exhibition(config, PacedClock())
    stats = ExhibitionStats()
    exhibition.subscribe(stats.record)
    loop = virtual_loop()
    try:
        loop.run_until_complete(exhibition.run())
    finally:
        loop.close()
    return Plan(stats.moves, stats.sequential_seconds, exhibition.finished_at or 0.0)


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

    async def run(self, progress: Progress | None = None) -> None:
        """Plan, then race every mode at once; cancelling stops every child within `STOP_SECONDS`."""
        # Planning runs a loop of its own: in a thread, so this loop (the TUI's, say) never blocks.
        self.plan = await asyncio.to_thread(plan_race, self.config)
        async with asyncio.TaskGroup() as lanes:
            for lane in self.lanes.values():
                lanes.create_task(self._run_lane(lane, progress), name=f"lane {lane.mode.value}")
        self.completed = all(lane.figures is not None for lane in self.lanes.values())

    async def _run_lane(self, lane: Lane, progress: Progress | None) -> None:
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "simul.race.child",
            lane.mode.value,
            repr(self.speed),
            config_to_json(self.config),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,  # Ctrl+C reaches the parent only, which stops each child itself
        )
        assert child.stdout is not None
        assert child.stderr is not None
        try:
            async for line in child.stdout:
                message = json.loads(line)
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
                lane.error = errors.splitlines()[-1] if errors else f"exit code {child.returncode}"
        except asyncio.CancelledError:
            await _stop(child)
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

    def speedup(self, mode: Mode) -> float | None:
        """How many times faster than one game at a time `mode` was (None until both finished)."""
        sequential, this = self.lanes[Mode.SEQUENTIAL].figures, self.lanes[mode].figures
        if sequential is None or this is None or this.wall_seconds == 0:
            return None
        return sequential.wall_seconds / this.wall_seconds


async def _stop(child: asyncio.subprocess.Process) -> None:
    """Ask a child to stop (it stops at once, mid-sleep), and make sure it has."""
    with contextlib.suppress(ProcessLookupError):
        child.terminate()
    try:
        await asyncio.wait_for(child.wait(), STOP_SECONDS)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            child.kill()
        await child.wait()
