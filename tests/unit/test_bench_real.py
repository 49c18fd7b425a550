"""The real-clock benchmark: the command it runs, the figures read from that command's report, and the goals."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from simul.bench.goals import real_goals
from simul.bench.real import QUICK, SCENARIO, RealFigures, RealScenario, figures_from_report
from simul.bench.tables import real_table
from simul.cli import build_parser, options_from
from simul.core.config import ThinkTime
from simul.core.stats import ExhibitionStats, LagSummary
from simul.loop.figures import LoopFigures
from simul.options import ClockKind, RunOptions
from simul.output.report import render_report


def _run_options(scenario: RealScenario) -> RunOptions:
    """What `simul run` makes of the scenario's command (after `python -m simul`)."""
    return options_from(build_parser().parse_args(scenario.argv(Path("r.json"))[3:]))


def test_the_scenario_is_issue_10s_and_simul_run_takes_its_command() -> None:
    options = _run_options(SCENARIO)
    config = options.config
    assert options.clock is ClockKind.REAL
    assert options.speed == 1.0
    assert (config.boards, config.max_moves, config.gm_move, config.think) == (10_000, 10, 0.0005, ThinkTime(1, 4))
    assert (config.gm, config.opponent, config.seed) == ("random", "random", 1)
    assert options.report == Path("r.json").resolve()
    assert SCENARIO.command.startswith("simul run --clock real --boards 10000 --gm random --gm-move 0.0005")


def _report(wall: float, simulated: float, lag_samples: list[float]) -> dict[str, Any]:
    """A report as `simul run --report` writes it, for an exhibition of `simulated` seconds that took `wall`."""
    summary = ExhibitionStats().summary(lag_samples)
    summary = dataclasses.replace(summary, simulated_seconds=simulated, wall_seconds=wall)
    loop = LoopFigures(False, 10, 0, 0.0, 0.1, 0.2, 0.3)
    text = render_report(_run_options(SCENARIO).config, summary, [], loop, clock="real", speed=1.0)
    report: dict[str, Any] = json.loads(text)
    return report


def test_the_figures_are_read_from_the_runs_own_report() -> None:
    figures = figures_from_report(_report(50.5, 50.0, [0.001, 0.002, 0.030]), SCENARIO, 30.0, quick=False)
    assert (figures.wall_seconds, figures.schedule_seconds, figures.cpu_seconds) == (50.5, 50.0, 30.0)
    assert figures.wall_over_schedule == pytest.approx(0.01)
    assert figures.lag_ms == LagSummary.of([0.001, 0.002, 0.030])  # the run's own p50/p99, not a second copy
    assert figures.at_goal_scenario


@pytest.mark.parametrize(
    ("wall", "p99_ms", "verdicts"),
    [(50.5, 4.0, [True, True]), (52.0, 4.0, [False, True]), (50.1, 39.6, [True, False])],
)
def test_the_goals_are_wall_within_two_percent_and_lag_p99_at_most_20_ms(
    wall: float, p99_ms: float, verdicts: list[bool]
) -> None:
    figures = _figures(SCENARIO, wall=wall, p99_ms=p99_ms)
    assert [goal.met for goal in real_goals(figures)] == verdicts


def test_the_quick_scenario_is_shown_but_not_judged() -> None:
    figures = _figures(QUICK, wall=14.0, p99_ms=4.0, quick=True)
    assert [goal.met for goal in real_goals(figures)] == [None, None]
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(real_table(figures))
    shown = " ".join(console.export_text().split())
    assert "n/a" in shown
    assert "quick: a smaller scenario" in shown
    assert QUICK.command in shown


def _figures(scenario: RealScenario, *, wall: float, p99_ms: float, quick: bool = False) -> RealFigures:
    return RealFigures(
        boards=scenario.boards,
        max_moves=scenario.max_moves,
        gm_move=scenario.gm_move,
        think=scenario.think,
        seed=scenario.seed,
        command=scenario.command,
        wall_seconds=wall,
        schedule_seconds=50.0 if not quick else 14.0,
        cpu_seconds=20.0,
        moves=200_000,
        lag_ms=LagSummary(1.0, p99_ms, p99_ms * 2, 1000),
        quick=quick,
    )
