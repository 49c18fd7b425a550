"""What the event loop counted over a whole run, for the summary and the report."""

from __future__ import annotations

from dataclasses import dataclass

from simul.loop.event_loop import SimulLoop


@dataclass(frozen=True, slots=True)
class LoopFigures:
    """The loop's own counts: the same in every run on the virtual clock, but for the callback times."""

    virtual: bool
    passes: int
    """Passes of the loop: each polled the selector once, then ran what was ready."""
    jumps: int
    """Times the virtual clock jumped to the next timer (0 on the real clock)."""
    held_seconds: float
    """Loop time that callbacks held the thread through `SimulLoop.hold` (the `loop` policy's moves)."""
    callback_p50_ms: float
    """Real time a pass spent running callbacks: the median pass (measured, so it varies)."""
    callback_p99_ms: float
    callback_max_ms: float

    @classmethod
    def of(cls, loop: SimulLoop) -> LoopFigures:
        """Read `loop`'s counters."""
        times = loop.pass_times
        return cls(
            virtual=loop.virtual,
            passes=loop.passes,
            jumps=loop.jumps,
            held_seconds=loop.held_seconds,
            callback_p50_ms=times.percentile(0.5) * 1000,
            callback_p99_ms=times.percentile(0.99) * 1000,
            callback_max_ms=times.max * 1000,
        )
