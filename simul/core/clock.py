"""The one clock every duration in the core goes through: paced, pausable, or fast-forwarded.

Simulated time is the schedule's. Actors never sleep "for d seconds from now":
each computes its next deadline from the scheduled times before it and sleeps
*until* that deadline, so timer jitter and CPU time cannot pile up over
thousands of moves. The clock only decides how fast that timeline is played:
at `speed` times the event loop's clock, paused, or (on simul's virtual loop)
as fast as the CPU allows.
"""

from __future__ import annotations

import asyncio
import time
from typing import Protocol

from simul.loop.event_loop import SimulLoop


class Clock(Protocol):
    """Simulated time, as the core sees it."""

    def now(self) -> float:
        """Simulated seconds since the clock started."""
        ...

    async def sleep_until(self, deadline: float) -> None:
        """Return at simulated time `deadline` (at once, without suspending, if it has passed)."""
        ...

    def hold_until(self, deadline: float) -> None:
        """Hold the thread until simulated time `deadline`, as synchronous work does: nothing else runs."""
        ...

    def loop_seconds_until(self, deadline: float) -> float:
        """Seconds of the loop's clock until simulated time `deadline` at the present pace (0 if it has passed)."""
        ...


def _wake(sleeper: asyncio.Future[bool], on_time: bool) -> None:
    if not sleeper.done():
        sleeper.set_result(on_time)


class PacedClock:
    """Simulated time paced by the running event loop's clock.

    On a normal loop this is the real clock, scaled by `speed` and pausable (the
    TUI's space bar). On simul's virtual loop the loop's own clock jumps to the
    next timer whenever nothing is ready to run, so hours of simulated time pass
    in seconds with the very same code.

    Each sleeper is a future, woken by a timer on the loop (`call_later`).
    Paused, a sleeper has no timer: it waits for `resume`, or for a step of
    the paused clock to its deadline (`step_to_next_deadline`).
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
        # Each sleeper and its deadline. They are woken early on pause, resume and speed
        # changes, to re-pace; woken "on time" (True) when their deadline has come.
        self._sleepers: dict[asyncio.Future[bool], float] = {}

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
            self._wake_sleepers()

    def resume(self) -> None:
        """Let simulated time flow again from where it stopped."""
        if self._paused:
            if self._loop is not None:
                self._loop_anchor = self._loop.time()
            self._paused = False
            self._wake_sleepers()

    async def sleep_until(self, deadline: float) -> None:
        loop = self._running_loop
        while True:
            delay = (deadline - self.now()) / self._speed
            if delay <= 0:
                return  # no await reached: the caller runs on without suspending
            sleeper: asyncio.Future[bool] = loop.create_future()
            timer = None if self._paused else loop.call_later(delay, _wake, sleeper, True)
            self._sleepers[sleeper] = deadline
            try:
                on_time = await sleeper
            finally:
                if timer is not None:
                    timer.cancel()
                del self._sleepers[sleeper]
            if on_time:
                return

    def hold_until(self, deadline: float) -> None:
        seconds = (deadline - self.now()) / self._speed
        if seconds <= 0:
            return
        loop = self._running_loop
        if isinstance(loop, SimulLoop):
            loop.hold(seconds)  # virtual: the loop's clock moves on; real: the thread sleeps
        else:
            time.sleep(seconds)

    def loop_seconds_until(self, deadline: float) -> float:
        return max(0.0, (deadline - self.now()) / self._speed)

    def next_deadline(self) -> float | None:
        """The earliest deadline a sleeper waits for, if any."""
        return min(self._sleepers.values(), default=None)

    def step_to_next_deadline(self) -> float | None:
        """Paused: move simulated time on to the earliest deadline a sleeper waits for, and wake those due.

        This is what a virtual loop does when nothing is ready, done by hand
        on a paused clock (the TUI's step mode). Returns the new time, or None
        if the clock runs or nobody sleeps.
        """
        deadline = self.next_deadline()
        if not self._paused or deadline is None:
            return None
        self._sim_anchor = max(self._sim_anchor, deadline)
        for sleeper, due in list(self._sleepers.items()):
            if due <= self._sim_anchor:
                _wake(sleeper, True)
        return self._sim_anchor

    def _reanchor(self) -> None:
        if self._loop is not None:  # before `start` there is nothing to re-pace: time is 0
            self._sim_anchor = self.now()
            self._loop_anchor = self._loop.time()

    def _wake_sleepers(self) -> None:
        for sleeper in list(self._sleepers):
            _wake(sleeper, False)
