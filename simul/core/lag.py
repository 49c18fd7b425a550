"""Measures event-loop lag: how late the loop gets round to a task that is due."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import looptime


class LagMonitor:
    """A task that keeps an appointment every `interval` seconds and notes how late it is.

    On a real loop the lag is the oversleep: anything that holds the thread
    (a `time.sleep` in a coroutine, a long computation) shows up in full.
    A virtual loop jumps its clock straight to each timer, so there the
    monitor times on the wall clock how long a task that was just woken waits
    for its turn (one lap of the loop), and spaces its samples by wall time too.
    """

    def __init__(
        self,
        interval: float = 0.05,
        wall_clock: Callable[[], float] = time.perf_counter,
        *,
        clock: Callable[[], float] | None = None,
    ) -> None:
        if not interval > 0:
            raise ValueError(f"interval must be positive, not {interval}")
        self.interval = interval
        """Wall-clock seconds between two measurements."""
        self.samples: list[float] = []
        """Every lag measured, in seconds, oldest first."""
        self._wall_clock = wall_clock
        self._clock = clock
        """Measure the oversleep against this clock rather than the loop's (tests stand in for the wall)."""

    async def run(self) -> None:
        """Measure until cancelled."""
        loop = asyncio.get_running_loop()
        if self._clock is not None:
            await self._measure_oversleep(self._clock)
        elif isinstance(loop, looptime.LoopTimeEventLoop) and loop.looptime_on:
            await self._measure_virtual()
        else:
            await self._measure_oversleep(loop.time)

    async def _measure_oversleep(self, now: Callable[[], float]) -> None:
        while True:
            due = now() + self.interval
            await asyncio.sleep(self.interval)
            self.samples.append(max(0.0, now() - due))

    async def _measure_virtual(self) -> None:
        step = self.interval  # in virtual seconds, adjusted to keep samples `interval` apart in wall time
        last = self._wall_clock()
        while True:
            await asyncio.sleep(step)
            woken = self._wall_clock()
            await asyncio.sleep(0)
            self.samples.append(self._wall_clock() - woken)
            gap, last = woken - last, woken
            step *= min(2.0, max(0.5, self.interval / gap)) if gap > 0 else 2.0
