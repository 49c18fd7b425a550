"""Measures event-loop lag: how late the loop gets round to a task whose timer is due."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from simul.loop.event_loop import SimulLoop

LAG_MONITOR = "lag monitor"
"""The monitor's task name: an instrument on the floor, not a part of the room."""


class LagMonitor:
    """A task that keeps an appointment every `interval` seconds and notes how late it is.

    On the real clock the lag is the oversleep: anything that holds the thread
    (a `time.sleep` in a coroutine, a long computation) shows up in full.

    On simul's virtual loop it takes no samples. That loop runs each timer at
    its due time unless a callback holds the thread, and an appointment every
    `interval` would add hours of timers to a long simulated run; what is
    meaningful there, the loop counts itself (passes, time spent in callbacks),
    and none of it depends on the wall clock, so virtual runs stay reproducible.
    """

    def __init__(self, interval: float = 0.05, *, clock: Callable[[], float] | None = None) -> None:
        if not interval > 0:
            raise ValueError(f"interval must be positive, not {interval}")
        self.interval = interval
        """Seconds of the loop's clock between two measurements."""
        self.samples: list[float] = []
        """Every lag measured, in seconds, oldest first."""
        self._clock = clock
        """Measure the oversleep against this clock rather than the loop's (tests stand in for the wall)."""

    async def run(self) -> None:
        """Measure until cancelled."""
        loop = asyncio.get_running_loop()
        if self._clock is None and isinstance(loop, SimulLoop) and loop.virtual:
            await loop.create_future()  # nothing to sample: wait to be cancelled
        now = self._clock if self._clock is not None else loop.time
        while True:
            due = now() + self.interval
            await asyncio.sleep(self.interval)
            self.samples.append(max(0.0, now() - due))
