"""The scale benchmark: the same exhibition from 50 to 100,000 boards on the virtual clock, each size in a process.

Each size runs the core benchmark's exhibition (random movers on both sides,
the virtual clock, seeded) in a child of its own, so that its peak memory is
its own. Memory per board is the peak at N boards less the peak of the same
program at one board, over N - 1: the interpreter, the imports and the loop
cancel out. The curve is at `--max-moves 10` (the goal of 100,000 boards under
1.5 GiB is set there); memory per board at 40 plies, whose goal is 12 KB, is
measured apart at one size (`MemoryProbe`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from simul.bench.child import module_argv, run_child
from simul.bench.memory import GIB, KB, per_unit

SIZES = (50, 500, 5_000, 50_000, 100_000)
QUICK_SIZES = (50, 500, 2_000)
MAX_MOVES = 10
"""The curve's games: 20 plies, where the goal for 100,000 boards is set."""
PROBE_MAX_MOVES = 20
"""40 plies a game, where the goal for memory per board is set."""
PROBE_BOARDS = 5_000
QUICK_PROBE_BOARDS = 1_000
SEED = 1

LINEAR_FROM = 500
"""The smallest size whose cost a ply is the reference: below it, set-up weighs on every ply."""
LINEAR_TOLERANCE = 0.20
"""How much more a ply may cost at a larger size than at the reference before the growth is called not linear."""
PEAK_GOAL_BYTES = int(1.5 * GIB)
PEAK_GOAL_AT = (100_000, MAX_MOVES)
"""The boards and `--max-moves` the peak goal is set for."""
PER_BOARD_GOAL_BYTES = 12 * KB
"""At 40 plies a game."""


@dataclass(frozen=True, slots=True)
class Sample:
    """What one child measured: one exhibition, played once."""

    boards: int
    max_moves: int
    plies: int
    wall_seconds: float
    """The play alone, without the interpreter's start-up."""
    cpu_seconds: float
    """The play alone."""
    process_cpu_seconds: float
    """The whole child's, as `os.wait4` gave it: the interpreter's start-up and the imports included."""
    peak_rss_bytes: int
    """The whole process's, start-up included."""


@dataclass(frozen=True, slots=True)
class ScalePoint:
    """One size of the curve, against the one-board baseline."""

    boards: int
    wall_seconds: float
    """The play alone."""
    cpu_seconds: float
    """The play alone."""
    process_cpu_seconds: float
    """The whole child's, start-up included."""
    plies: int
    peak_rss_bytes: int
    us_per_ply: float
    """CPU a ply, in microseconds."""
    memory_per_board_bytes: float | None
    """None at one board, the baseline itself."""
    growth: float | None
    """`us_per_ply` over the reference size's, less 1 (None below the reference size, or without one)."""

    @property
    def linear(self) -> bool:
        """Whether a ply costs no more here than the tolerance allows over the reference size."""
        return self.growth is None or self.growth <= LINEAR_TOLERANCE


@dataclass(frozen=True, slots=True)
class MemoryProbe:
    """Memory per board at 40 plies a game: one size against one board, both at `--max-moves 20`."""

    boards: int
    max_moves: int
    plies: int
    peak_rss_bytes: int
    baseline_rss_bytes: int
    memory_per_board_bytes: float

    @property
    def plies_per_board(self) -> float:
        return self.plies / self.boards

    @property
    def met(self) -> bool:
        return self.memory_per_board_bytes <= PER_BOARD_GOAL_BYTES


@dataclass(frozen=True, slots=True)
class ScaleFigures:
    """The curve and the probe."""

    max_moves: int
    baseline_rss_bytes: int
    """The peak at one board, `max_moves` moves: what every size's memory per board is measured from."""
    points: tuple[ScalePoint, ...]
    probe: MemoryProbe
    quick: bool

    @property
    def reference(self) -> ScalePoint | None:
        """The size every other's cost a ply is compared with: the smallest from `LINEAR_FROM` boards."""
        return next((point for point in self.points if point.boards >= LINEAR_FROM), None)

    @property
    def not_linear(self) -> list[ScalePoint]:
        """The sizes where a ply costs more than the tolerance over the reference."""
        return [point for point in self.points if not point.linear]

    @property
    def peak_goal_point(self) -> ScalePoint | None:
        """The size the peak goal is set for, if the curve reached it at its `--max-moves`."""
        boards, max_moves = PEAK_GOAL_AT
        if self.max_moves != max_moves:
            return None
        return next((point for point in self.points if point.boards == boards), None)


def points_of(samples: Sequence[Sample], baseline: Sample) -> tuple[ScalePoint, ...]:
    """The curve from each size's sample and the one-board baseline: memory per board, cost a ply and its growth."""
    reference = next((sample for sample in samples if sample.boards >= LINEAR_FROM), None)
    reference_cost = reference.cpu_seconds / reference.plies if reference is not None and reference.plies else None
    points = []
    for sample in samples:
        cost = sample.cpu_seconds / sample.plies if sample.plies else 0.0
        growth = cost / reference_cost - 1 if reference_cost and sample.boards >= LINEAR_FROM else None
        per_board = (
            per_unit(sample.peak_rss_bytes, baseline.peak_rss_bytes, sample.boards, baseline.boards)
            if sample.boards > baseline.boards
            else None
        )
        points.append(
            ScalePoint(
                boards=sample.boards,
                wall_seconds=sample.wall_seconds,
                cpu_seconds=sample.cpu_seconds,
                process_cpu_seconds=sample.process_cpu_seconds,
                plies=sample.plies,
                peak_rss_bytes=sample.peak_rss_bytes,
                us_per_ply=cost * 1e6,
                memory_per_board_bytes=per_board,
                growth=growth,
            )
        )
    return tuple(points)


def probe_of(sample: Sample, baseline: Sample) -> MemoryProbe:
    """Memory per board at the probe's size, from its sample and the one-board baseline at the same moves."""
    return MemoryProbe(
        boards=sample.boards,
        max_moves=sample.max_moves,
        plies=sample.plies,
        peak_rss_bytes=sample.peak_rss_bytes,
        baseline_rss_bytes=baseline.peak_rss_bytes,
        memory_per_board_bytes=per_unit(sample.peak_rss_bytes, baseline.peak_rss_bytes, sample.boards, baseline.boards),
    )


def sample_in_child(boards: int, max_moves: int) -> Sample:
    """Play `boards` boards of `max_moves` moves in a process of its own; `BenchError` if it fails."""
    run = run_child(
        module_argv("simul.bench.scale_child", boards, max_moves, SEED), f"the scale run at {boards:,} boards"
    )
    answer = run.answer()
    return Sample(
        boards=boards,
        max_moves=max_moves,
        plies=int(answer["plies"]),
        wall_seconds=float(answer["wall_seconds"]),
        cpu_seconds=float(answer["cpu_seconds"]),
        process_cpu_seconds=run.cpu_seconds,
        peak_rss_bytes=int(answer["peak_rss_bytes"]),
    )


Sampler = Callable[[int, int], Sample]
"""Plays `boards` boards of `max_moves` moves and measures them (a child process; a test's stand-in)."""
Progress = Callable[[str], None]
"""Told what is about to be measured."""


def measure_scale(
    *, quick: bool = False, sample: Sampler = sample_in_child, progress: Progress | None = None
) -> ScaleFigures:
    """Every size of the curve, the baseline, and the probe, one child each, smallest first."""
    sizes = QUICK_SIZES if quick else SIZES
    probe_boards = QUICK_PROBE_BOARDS if quick else PROBE_BOARDS

    def measured(boards: int, max_moves: int) -> Sample:
        if progress is not None:
            progress(f"{boards:,} board{'s' if boards > 1 else ''}, --max-moves {max_moves}")
        return sample(boards, max_moves)

    baseline = measured(1, MAX_MOVES)
    samples = [measured(boards, MAX_MOVES) for boards in sizes]
    probe_baseline = measured(1, PROBE_MAX_MOVES)
    probe = measured(probe_boards, PROBE_MAX_MOVES)
    return ScaleFigures(
        max_moves=MAX_MOVES,
        baseline_rss_bytes=baseline.peak_rss_bytes,
        points=points_of(samples, baseline),
        probe=probe_of(probe, probe_baseline),
        quick=quick,
    )
