"""Every benchmark's goals, and each figure judged against its own: the same verdicts for the tables and the JSON."""

from __future__ import annotations

from dataclasses import dataclass

from simul.bench.core import CoreFigures
from simul.bench.memory import KB, MIB
from simul.bench.race import UNIT_RATIO_GOAL, RaceFigures
from simul.bench.real import LAG_P99_GOAL_MS, LAG_P99_LIMIT_MS, WALL_GOAL, RealFigures
from simul.bench.scale import (
    LINEAR_FROM,
    LINEAR_TOLERANCE,
    PEAK_GOAL_AT,
    PEAK_GOAL_BYTES,
    PER_BOARD_GOAL_BYTES,
    ScaleFigures,
)
from simul.bench.tui import TuiRuns

OVERHEAD_LIMIT = 1.3
"""The most CPU a ply may cost in simul, as a multiple of python-chess alone playing the same games."""
OVERHEAD_GOAL = 1.15
"""What we aim for."""
OVERHEAD_GOAL_AT = (2_000, 40)
"""The boards and moves a game the overhead goal is set for: the ratio grows with the boards in play."""

ENGINES_LAG_P99_GOAL_MS = 20.0
"""`simul bench engines`: the loop's lag, p99, with her search in a process of its own: as if she did not search."""
ENGINES_LAG_FAR_BELOW = 5.0
"""How many times lower that lag must be than with her search on the loop's own thread."""

FRAMES_GOAL = 30.0
"""Frames a second the TUI keeps at 50 boards and speed 10."""
FRAMES_GOAL_AT = (50, 10.0)
"""The boards and speed the frames and CPU goals are set for."""
CORES_GOAL = 0.35
"""The most CPU it may use meanwhile, in cores."""
KEY_GOAL_BOARDS = 200
"""The key goal holds at this many boards."""
KEY_GOAL_MS = 50.0
"""The time within which 95% of key presses show, at 200 boards."""


@dataclass(frozen=True, slots=True)
class Goal:
    """A figure next to its goal."""

    measure: str
    value: str
    """The figure, as shown."""
    target: str
    """The goal, as shown."""
    met: bool | None
    """None where the goal is set for another size or scenario than the one measured: not judged."""


def core_goals(figures: CoreFigures) -> list[Goal]:
    """The overhead ratio against its limit."""
    spread = f" ({min(figures.ratios):.2f}-{max(figures.ratios):.2f})" if figures.runs > 1 else ""
    at_goal_size = (figures.boards, figures.max_moves) == OVERHEAD_GOAL_AT
    return [
        Goal(
            "overhead ratio, simul / floor",
            f"{figures.overhead_ratio:.2f}{spread}",
            f"<= {OVERHEAD_LIMIT:g} (aim {OVERHEAD_GOAL:g}) at {OVERHEAD_GOAL_AT[0]:,} boards",
            figures.overhead_ratio <= OVERHEAD_LIMIT if at_goal_size else None,
        )
    ]


def scale_goals(figures: ScaleFigures) -> list[Goal]:
    """Memory per board at 40 plies, the peak at 100,000 boards, and a cost a ply that grows linearly."""
    probe = figures.probe
    goals = [
        Goal(
            f"memory per board at {probe.plies_per_board:.0f} plies ({probe.boards:,} boards, "
            f"--max-moves {probe.max_moves})",
            f"{probe.memory_per_board_bytes / KB:.1f} KB",
            f"<= {PER_BOARD_GOAL_BYTES / KB:g} KB at 40 plies",
            probe.met,
        )
    ]
    boards, max_moves = PEAK_GOAL_AT
    at = figures.peak_goal_point
    goals.append(
        Goal(
            f"peak memory, {boards:,} boards --max-moves {max_moves}",
            f"{at.peak_rss_bytes / MIB:,.0f} MiB" if at is not None else "not measured",
            f"< {PEAK_GOAL_BYTES / MIB:,.0f} MiB",
            at.peak_rss_bytes < PEAK_GOAL_BYTES if at is not None else None,
        )
    )
    reference, not_linear = figures.reference, figures.not_linear
    goals.append(
        Goal(
            f"CPU a ply against {LINEAR_FROM:,} boards",
            "not measured"
            if reference is None
            else "linear"
            if not not_linear
            else "grows at " + ", ".join(f"{point.boards:,}" for point in not_linear),
            f"within +{LINEAR_TOLERANCE:.0%} at every size",
            None if reference is None else not not_linear,
        )
    )
    return goals


def real_goals(figures: RealFigures) -> list[Goal]:
    """Wall time against the schedule and the loop's lag; judged only at the goals' own scenario."""
    judged = figures.at_goal_scenario
    return [
        Goal(
            "wall time over the schedule",
            f"{figures.wall_over_schedule:+.2%}",
            f"within {WALL_GOAL:.0%}",
            abs(figures.wall_over_schedule) <= WALL_GOAL if judged else None,
        ),
        Goal(
            "loop lag p99",
            f"{figures.lag_ms.p99:.1f} ms",
            f"<= {LAG_P99_LIMIT_MS:g} ms (aim {LAG_P99_GOAL_MS:g})",
            figures.lag_ms.p99 <= LAG_P99_LIMIT_MS if judged else None,
        ),
    ]


def race_goals(figures: RaceFigures) -> list[Goal]:
    """1,000 boards play both ways; a waiting task costs at least five times less memory than a thread."""
    goals = []
    for size in figures.sizes:
        if size.boards == 1_000:
            failed = [play.mode for play in size.plays if play.error is not None]
            goals.append(
                Goal(
                    "1,000 boards, both ways",
                    "played" if not failed else "failed: " + ", ".join(failed),
                    "both finish",
                    not failed,
                )
            )
        if size.same_games is not None:
            goals.append(
                Goal(
                    f"{size.boards:,} boards: the same games both ways",
                    "yes" if size.same_games else "no",
                    "yes",
                    size.same_games,
                )
            )
        ratio = size.unit_ratio
        goals.append(
            Goal(
                f"a waiting thread's memory over a task's, {size.boards:,} of each",
                f"{ratio:.1f}x" if ratio is not None else "not measured",
                f">= {UNIT_RATIO_GOAL:g}x",
                size.unit_goal_met if ratio is not None else None,
            )
        )
    return goals


def tui_goals(figures: TuiRuns) -> list[Goal]:
    """Frames and CPU at 50 boards x10, and the slowest key at 200 boards, each at the median of the runs."""
    boards, speed = FRAMES_GOAL_AT
    at_goal_size = (figures.boards, figures.speed) == FRAMES_GOAL_AT
    frames, cores = figures.frames_per_second, figures.cpu_cores
    goals = [
        Goal(
            "frames a second",
            _with_spread(frames.median, frames.low, frames.high, "{:.1f}", len(figures.runs)),
            f">= {FRAMES_GOAL:g} at {boards} boards x{speed:g}",
            frames.median >= FRAMES_GOAL if at_goal_size else None,
        ),
        Goal(
            "CPU, in cores",
            _with_spread(cores.median, cores.low, cores.high, "{:.2f}", len(figures.runs)),
            f"<= {CORES_GOAL:g} at {boards} boards x{speed:g}",
            cores.median <= CORES_GOAL if at_goal_size else None,
        ),
    ]
    if figures.presses:
        p95 = figures.key_latency_p95_ms
        goals.append(
            Goal(
                f"key to screen, p95 of {figures.presses} presses",
                _with_spread(p95.median, p95.low, p95.high, "{:.0f} ms", len(figures.runs)),
                f"<= {KEY_GOAL_MS:g} ms at {KEY_GOAL_BOARDS} boards",
                p95.median <= KEY_GOAL_MS if figures.boards >= KEY_GOAL_BOARDS else None,
            )
        )
    return goals


def _with_spread(median: float, low: float, high: float, form: str, runs: int) -> str:
    """`30.6 (29.3-30.7)`: the median, and the spread when there was more than one run."""
    shown = form.format(median)
    if runs > 1:
        shown += f" ({form.format(low).removesuffix(' ms')}-{form.format(high).removesuffix(' ms')})"
    return shown
