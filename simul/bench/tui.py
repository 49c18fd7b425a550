"""The TUI benchmark: `simul` in a 200x50 pseudo-terminal, its frames, its CPU, and how fast a key shows."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

from simul.bench.errors import BenchError
from simul.bench.terminal import Terminal

WARM_UP_SECONDS = 3.0
"""Let the app settle (imports, first layout, the first moves) before measuring."""
STARTED = b"Elapsed"
"""Drawn by the stats panel once the app is up."""


@dataclass(frozen=True, slots=True)
class TuiFigures:
    """What one run of the TUI benchmark measured."""

    boards: int
    speed: float
    seconds: float
    """How long frames and CPU were counted."""
    frames_per_second: float
    cpu_cores: float
    """CPU seconds the app used per wall second: 0.5 is half a core."""
    key_latencies_ms: tuple[float, ...]
    """From typing space (pause, then resume) to the stats panel showing it."""

    @property
    def key_latency_p50_ms(self) -> float:
        return statistics.median(self.key_latencies_ms) if self.key_latencies_ms else 0.0

    @property
    def key_latency_p95_ms(self) -> float:
        """The 95th percentile of the presses (interpolated between the two nearest; 0 without presses)."""
        latencies = self.key_latencies_ms
        if len(latencies) < 2:
            return latencies[0] if latencies else 0.0
        return statistics.quantiles(latencies, n=20, method="inclusive")[-1]

    @property
    def key_latency_max_ms(self) -> float:
        return max(self.key_latencies_ms, default=0.0)


def measure_tui(
    boards: int, speed: float, seconds: float, presses: int, *, columns: int = 200, rows: int = 50, seed: int = 1
) -> TuiFigures:
    """Run the TUI as a person would, count what it draws; leave nothing running."""
    argv = [sys.executable, "-m", "simul", "--boards", str(boards), "--speed", f"{speed:g}", "--seed", str(seed)]
    terminal = Terminal(argv, columns=columns, rows=rows)
    try:
        if terminal.wait_for(STARTED, timeout=60) is None:
            raise BenchError(f"the app drew nothing in 60 s (exit code {terminal.process.poll()})")
        terminal.pump(WARM_UP_SECONDS)
        frames, cpu, start = terminal.counter.frames, terminal.cpu_seconds(), time.perf_counter()
        terminal.pump(seconds)
        wall = time.perf_counter() - start
        frames_per_second = (terminal.counter.frames - frames) / wall
        cpu_cores = (terminal.cpu_seconds() - cpu) / wall
        latencies = []
        for press in range(presses):
            shown = b"(paused)" if press % 2 == 0 else f"(x{speed:g})".encode()
            terminal.clear_screen_text()
            terminal.send(b" ")
            latency = terminal.wait_for(shown, timeout=10)
            if latency is None:
                raise BenchError(f"space was pressed, and {shown.decode()} did not show within 10 s")
            latencies.append(latency * 1000)
            terminal.pump(0.3)  # a person's pace between two presses
    finally:
        terminal.close()
    return TuiFigures(boards, speed, seconds, frames_per_second, cpu_cores, tuple(latencies))


@dataclass(frozen=True, slots=True)
class Spread:
    """The median of a few runs' figure, and the lowest and highest."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        return cls(statistics.median(values), min(values), max(values))


@dataclass(frozen=True, slots=True)
class TuiRuns:
    """Several runs of the TUI benchmark, each a fresh app: each figure's median and spread."""

    runs: tuple[TuiFigures, ...]
    quick: bool = False

    @property
    def boards(self) -> int:
        return self.runs[0].boards

    @property
    def speed(self) -> float:
        return self.runs[0].speed

    @property
    def seconds(self) -> float:
        return self.runs[0].seconds

    @property
    def frames_per_second(self) -> Spread:
        return Spread.of([run.frames_per_second for run in self.runs])

    @property
    def cpu_cores(self) -> Spread:
        return Spread.of([run.cpu_cores for run in self.runs])

    @property
    def presses(self) -> int:
        return len(self.runs[0].key_latencies_ms)

    @property
    def key_latency_p50_ms(self) -> Spread:
        """Each run's median key-to-screen time: their median and spread."""
        return Spread.of([run.key_latency_p50_ms for run in self.runs])

    @property
    def key_latency_p95_ms(self) -> Spread:
        """Each run's 95th percentile key-to-screen time: their median and spread."""
        return Spread.of([run.key_latency_p95_ms for run in self.runs])

    @property
    def key_latency_max_ms(self) -> Spread:
        """Each run's slowest key-to-screen time: their median and spread."""
        return Spread.of([run.key_latency_max_ms for run in self.runs])


def measure_tui_runs(
    boards: int, speed: float, seconds: float, presses: int, runs: int, *, quick: bool = False
) -> TuiRuns:
    """`measure_tui` `runs` times, one after another, each with an app of its own."""
    return TuiRuns(tuple(measure_tui(boards, speed, seconds, presses) for _ in range(runs)), quick)
