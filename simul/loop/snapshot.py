"""One reading of the event loop's insides: its ready queue, its next timers, and what every task waits for."""

from __future__ import annotations

import asyncio
import heapq
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from simul.loop.event_loop import SimulLoop
from simul.loop.handles import HandleView, describe
from simul.loop.internals import is_cancelled, ready_queue, timer_heap
from simul.loop.waits import WaitFinder, WaitKind


@dataclass(frozen=True, slots=True)
class TimerView:
    """One timer in the loop's heap."""

    due_in: float
    """Seconds of the loop's clock until it is due (0 or less: due now)."""
    handle: HandleView
    """Who it wakes, or what it calls."""


@dataclass(frozen=True, slots=True)
class LoopSnapshot:
    """The loop as it stands at one instant, seen from a callback running in it."""

    time: float
    """The loop's clock."""
    virtual: bool
    """Whether that clock is virtual."""
    passes: int
    """Passes the loop has made so far."""
    ready: tuple[HandleView, ...]
    """The ready queue (`loop._ready`), in order: read from a callback, its front is the rest of this pass."""
    held: tuple[HandleView, ...]
    """Ready handles step mode holds back, in order (empty unless stepping)."""
    timers: tuple[TimerView, ...]
    """The next timers due, soonest first."""
    timer_count: int
    """Every live timer in the heap."""
    focused_timers: tuple[TimerView, ...]
    """The next timers of those picked out by `take_snapshot`'s `focus` (a room's, say), soonest first."""
    waits: dict[WaitKind, int]
    """How many tasks wait for each kind of thing (`READY`: its step or wake-up is queued, or it is running)."""
    last_timeout: float | None
    """What the last pass asked the selector to wait: 0 if something was ready, None for "until I/O"."""
    last_pass_seconds: float
    """Real seconds the last pass spent running callbacks."""

    @property
    def tasks(self) -> int:
        """Tasks alive on the loop."""
        return sum(self.waits.values())


def take_snapshot(
    loop: asyncio.AbstractEventLoop, *, timers: int = 5, focus: Callable[[HandleView], bool] | None = None
) -> LoopSnapshot:
    """Read `loop` now: cheap enough for a few times a second at thousands of tasks.

    On a loop that is not simul's, the counters read 0; the queue and the
    timers are still read off asyncio's own structures.
    """
    now = loop.time()
    live = [timer for timer in timer_heap(loop) if not timer.cancelled()]
    soonest = heapq.nsmallest(timers, live, key=asyncio.TimerHandle.when)
    focused: list[TimerView] = []
    if focus is not None:
        for timer in sorted(live, key=asyncio.TimerHandle.when):
            view = describe(timer)
            if focus(view):
                focused.append(TimerView(timer.when() - now, view))
                if len(focused) == timers:
                    break
    finder = WaitFinder(loop)
    waits = Counter(finder.kind(task) for task in asyncio.all_tasks(loop))
    simul = loop if isinstance(loop, SimulLoop) else None
    return LoopSnapshot(
        time=now,
        virtual=simul.virtual if simul is not None else False,
        passes=simul.passes if simul is not None else 0,
        ready=tuple(describe(handle) for handle in ready_queue(loop) if not is_cancelled(handle)),
        held=tuple(describe(handle) for handle in simul.held) if simul is not None else (),
        timers=tuple(TimerView(timer.when() - now, describe(timer)) for timer in soonest),
        timer_count=len(live),
        focused_timers=tuple(focused),
        waits=dict(waits),
        last_timeout=simul.last_timeout if simul is not None else None,
        last_pass_seconds=simul.last_pass_seconds if simul is not None else 0.0,
    )
