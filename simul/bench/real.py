"""The real-clock benchmark: 10,000 boards as `simul run --clock real` plays them, wall time against the schedule.

It runs the command itself, in a process of its own, and reads its JSON report
(docs/report.md): the schedule's time is the exhibition's simulated time (each
actor sleeps until deadlines taken from the schedule, so at speed 1 the
schedule says when the last move is due), the wall time is what the run took
from its first move to its last, and the loop's lag is the lag monitor's
summary, as `simul run` prints it.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simul.bench.child import module_argv, run_child
from simul.core.stats import LagSummary


@dataclass(frozen=True, slots=True)
class RealScenario:
    """What the benchmark plays: `simul run --clock real` with these settings, random movers, seeded."""

    boards: int
    max_moves: int
    gm_move: float = 0.0005
    think: str = "1..4"
    seed: int = 1

    def argv(self, report: Path) -> list[str]:
        """The command, writing its report to `report`."""
        return module_argv(
            "simul",
            "run",
            "--clock=real",
            f"--boards={self.boards}",
            "--gm=random",
            "--opponent=random",
            f"--gm-move={self.gm_move:g}",
            f"--think={self.think}",
            f"--max-moves={self.max_moves}",
            f"--seed={self.seed}",
            f"--report={report}",
        )

    @property
    def command(self) -> str:
        """The command as a person would type it."""
        return (
            f"simul run --clock real --boards {self.boards} --gm random --gm-move {self.gm_move:g} "
            f"--think {self.think} --max-moves {self.max_moves} --seed {self.seed}"
        )


SCENARIO = RealScenario(boards=10_000, max_moves=10)
"""Issue 10's: her moves keep her busy, with CPU to spare at the measured cost of a ply."""
QUICK = RealScenario(boards=5_000, max_moves=3)

WALL_GOAL = 0.02
"""The wall time may pass the schedule's by this fraction at most."""
LAG_P99_LIMIT_MS = 20.0
LAG_P99_GOAL_MS = 10.0
"""What we aim for."""


@dataclass(frozen=True, slots=True)
class RealFigures:
    """What one real-clock run measured."""

    boards: int
    max_moves: int
    gm_move: float
    think: str
    seed: int
    command: str
    wall_seconds: float
    """From the first move to the last, as the run's report gives it."""
    schedule_seconds: float
    """The schedule's time for the same span (the simulated time, at speed 1)."""
    cpu_seconds: float
    """The whole process's, start-up and report included."""
    moves: int
    lag_ms: LagSummary
    quick: bool

    @property
    def wall_over_schedule(self) -> float:
        """How much longer than the schedule the run took, as a fraction (0.01: 1% late)."""
        return self.wall_seconds / self.schedule_seconds - 1 if self.schedule_seconds else 0.0

    @property
    def at_goal_scenario(self) -> bool:
        """Whether this is the scenario the goals are set for (not the quick one)."""
        return (self.boards, self.max_moves, self.gm_move, self.think) == (
            SCENARIO.boards,
            SCENARIO.max_moves,
            SCENARIO.gm_move,
            SCENARIO.think,
        )


def figures_from_report(
    report: dict[str, Any], scenario: RealScenario, cpu_seconds: float, *, quick: bool
) -> RealFigures:
    """The figures from a `simul run --report` document (docs/report.md)."""
    summary = report["summary"]
    lag = summary["loop_lag_ms"]
    return RealFigures(
        boards=scenario.boards,
        max_moves=scenario.max_moves,
        gm_move=scenario.gm_move,
        think=scenario.think,
        seed=scenario.seed,
        command=scenario.command,
        wall_seconds=float(summary["wall_seconds"]),
        schedule_seconds=float(summary["simulated_seconds"]),
        cpu_seconds=cpu_seconds,
        moves=int(summary["moves"]),
        lag_ms=LagSummary(float(lag["p50"]), float(lag["p99"]), float(lag["max"]), int(lag["samples"])),
        quick=quick,
    )


def measure_real(*, quick: bool = False) -> RealFigures:
    """Run the scenario as a user would, read its report; `BenchError` if the run fails."""
    scenario = QUICK if quick else SCENARIO
    with tempfile.TemporaryDirectory(prefix="simul-bench-") as folder:
        report_path = Path(folder) / "report.json"
        run = run_child(scenario.argv(report_path), f"`{scenario.command}`")
        report = json.loads(report_path.read_text())
    return figures_from_report(report, scenario, run.cpu_seconds, quick=quick)
