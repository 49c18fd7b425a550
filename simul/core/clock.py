"""The one clock every duration in the core goes through: paced, pausable, or fast-forwarded.

Simulated time is the schedule's. Actors never sleep "for d seconds from now":
each computes its next deadline from the scheduled times before it and sleeps
*until* that deadline, so timer jitter and CPU time cannot pile up over
thousands of moves. The clock only decides how fast that timeline is played:
at `speed` times the event loop's clock, paused, or (on a virtual loop)
as fast as the CPU allows.
"""

from __future__ import annotations

import asyncio
from typing import Protocol

import looptime


class Clock(Protocol):
    """Simulated time, as the core sees it."""

    def now(self) -> float:
        """Simulated seconds since the clock started."""
        ...

    async def sleep_until(self, deadline: float) -> None:
        """Return at simulated time `deadline` (at once if it has passed)."""
        ...


def _wake(sleeper: asyncio.Future[bool], on_time: bool) -> None:
    if not sleeper.done():
        sleeper.set_result(on_time)


class PacedClock:
    """Simulated time paced by the running event loop's clock.

    On a normal loop this is the real clock, scaled by `speed` and pausable (the
    TUI's space bar). On a virtual loop (`virtual_event_loop`), the loop's own
    clock jumps to the next timer whenever nothing is ready to run, so hours of
    simulated time pass in seconds with the very same code.
    """

    def __init__(self, speed: float = 1.0) -> None:
        if not speed > 0:
            raise ValueError(f"speed must be positive, not {speed}")
        self._speed = speed
        self._loop: asyncio.AbstractEventLoop | None = None
        # Simulated time at the last re-pacing, and the loop's time then.
        self._sim_anchor = 0.0
        self._loop_anchor = 0.0
        self._paused = False
        self._resumed = asyncio.Event()
        self._resumed.set()
        # Sleepers are woken early on pause and speed changes, to re-pace.
        self._sleepers: set[asyncio.Future[bool]] = set()

    def start(self) -> None:
        """Start simulated time at 0, now, on the running loop."""
        self._loop = asyncio.get_running_loop()
        self._sim_anchor = 0.0
        self._loop_anchor = self._loop.time()

    @property
    def _running_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            raise RuntimeError("the clock has not been started")
        return self._loop

    def now(self) -> float:
        if self._paused or self._loop is None:  # stopped, or not started yet: time stands still
            return self._sim_anchor
        return self._sim_anchor + (self._loop.time() - self._loop_anchor) * self._speed

    @property
    def speed(self) -> float:
        """How many simulated seconds pass per second of the loop's clock."""
        return self._speed

    @speed.setter
    def speed(self, speed: float) -> None:
        if not speed > 0:
            raise ValueError(f"speed must be positive, not {speed}")
        self._reanchor()
        self._speed = speed
        self._wake_sleepers()

    @property
    def paused(self) -> bool:
        """Whether simulated time is standing still."""
        return self._paused

    def pause(self) -> None:
        """Stop simulated time: every sleeper stays asleep until `resume`."""
        if not self._paused:
            self._reanchor()
            self._paused = True
            self._resumed.clear()
            self._wake_sleepers()

    def resume(self) -> None:
        """Let simulated time flow again from where it stopped."""
        if self._paused:
            if self._loop is not None:
                self._loop_anchor = self._loop.time()
            self._paused = False
            self._resumed.set()
            self._wake_sleepers()

    async def sleep_until(self, deadline: float) -> None:
        loop = self._running_loop
        while True:
            if self._paused:
                await self._resumed.wait()
                continue
            delay = (deadline - self.now()) / self._speed
            if delay <= 0:
                return
            sleeper: asyncio.Future[bool] = loop.create_future()
            timer = loop.call_later(delay, _wake, sleeper, True)
            self._sleepers.add(sleeper)
            try:
                on_time = await sleeper
            finally:
                timer.cancel()
                self._sleepers.discard(sleeper)
            if on_time:
                return

    def _reanchor(self) -> None:
        if self._loop is not None:  # before `start` there is nothing to re-pace: time is 0
            self._sim_anchor = self.now()
            self._loop_anchor = self._loop.time()

    def _wake_sleepers(self) -> None:
        for sleeper in self._sleepers:
            _wake(sleeper, False)


def virtual_event_loop() -> asyncio.AbstractEventLoop:
    """A new event loop whose clock fast-forwards to the next timer when nothing is ready.

    Built on looptime: no task can tell the difference, except that waiting
    costs no real time. Its default 42 idle loop cycles before each jump would
    cost more than the simulation itself at thousands of boards; none are
    needed here, since the clock only jumps when no task is ready to run.
    """
    return looptime.new_event_loop(start=0.0, noop_cycles=0)
