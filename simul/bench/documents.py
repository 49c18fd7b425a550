"""The benchmarks' figures as JSON: each command's document, and `simul bench all`'s made of the same parts."""

from __future__ import annotations

import datetime
import json
import os
import platform
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from typing import Any

from simul.bench.core import CoreFigures
from simul.bench.engines import OffloadFigures
from simul.bench.goals import Goal, core_goals, race_goals, real_goals, scale_goals, tui_goals
from simul.bench.race import RaceFigures
from simul.bench.real import RealFigures
from simul.bench.scale import ScaleFigures
from simul.bench.tui import TuiRuns

Part = dict[str, Any]
"""Top-level keys of a document: a benchmark's figures under its own name."""


def machine() -> dict[str, Any]:
    """Where and when it is measured: taken as the benchmarks start, so that the load is the machine's, not theirs."""
    return {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def _goals(goals: Iterable[Goal]) -> list[dict[str, Any]]:
    return [asdict(goal) for goal in goals]


def core_part(figures: CoreFigures, *, quick: bool) -> Part:
    """`core`: the overhead ratio, per ply both ways, each run's ratio."""
    return {
        "core": {
            **asdict(figures),
            "overhead_us_per_ply": figures.overhead_us_per_ply,
            "quick": quick,
            "goals": _goals(core_goals(figures)),
        }
    }


def scale_part(figures: ScaleFigures) -> Part:
    """`scale`: the curve, one object a size; `scale_summary`: its settings, the baseline, the 40-ply probe, goals."""
    return {
        "scale": [
            {**asdict(point), "max_moves": figures.max_moves, "linear": point.linear} for point in figures.points
        ],
        "scale_summary": {
            "max_moves": figures.max_moves,
            "baseline_rss_bytes": figures.baseline_rss_bytes,
            "memory_at_40_plies": {**asdict(figures.probe), "plies_per_board": figures.probe.plies_per_board},
            "quick": figures.quick,
            "goals": _goals(scale_goals(figures)),
        },
    }


def real_part(figures: RealFigures) -> Part:
    """`real`: wall time against the schedule's, and the loop's lag in ms."""
    return {
        "real": {
            **asdict(figures),
            "wall_over_schedule": figures.wall_over_schedule,
            "goals": _goals(real_goals(figures)),
        }
    }


def race_part(figures: RaceFigures) -> Part:
    """`race`: at each size, each way's play and each kind of waiting unit."""
    sizes = [
        {
            "boards": size.boards,
            "plays": {play.mode: asdict(play) for play in size.plays},
            "waiting": {idle.kind: asdict(idle) for idle in size.idle},
            "unit_ratio": size.unit_ratio,
            "threads_refused_at": size.threads_refused_at,
            "same_games": size.same_games,
        }
        for size in figures.sizes
    ]
    settings = {key: value for key, value in asdict(figures).items() if key != "sizes"}
    return {"race": {**settings, "sizes": sizes, "goals": _goals(race_goals(figures))}}


def tui_part(figures: TuiRuns) -> Part:
    """`tui`: each figure's median and spread over the runs, and every run."""
    return {
        "tui": {
            "boards": figures.boards,
            "speed": figures.speed,
            "seconds": figures.seconds,
            "presses": figures.presses,
            "frames_per_second": asdict(figures.frames_per_second),
            "cpu_cores": asdict(figures.cpu_cores),
            "key_latency_p50_ms": asdict(figures.key_latency_p50_ms),
            "key_latency_p95_ms": asdict(figures.key_latency_p95_ms),
            "key_latency_max_ms": asdict(figures.key_latency_max_ms),
            "runs": [asdict(run) for run in figures.runs],
            "quick": figures.quick,
            "goals": _goals(tui_goals(figures)),
        }
    }


def engines_part(figures: list[OffloadFigures]) -> Part:
    """`engines`: the loop's lag with her search in each place."""
    return {"engines": [asdict(figure) for figure in figures]}


def document(
    benchmark: str,
    parts: Iterable[Part],
    *,
    quick: bool,
    errors: Mapping[str, str] | None = None,
    measured_on: dict[str, Any] | None = None,
) -> Part:
    """A whole document: what was run, whether quick, the machine (`machine()` as they started), every part, and
    what could not be measured."""
    whole: Part = {"benchmark": benchmark, "quick": quick, "machine": measured_on or machine()}
    for part in parts:
        whole.update(part)
    if errors:
        whole["errors"] = dict(errors)
    return whole


def render(whole: Part) -> str:
    """The document as JSON text; NaN or infinity anywhere is a bug, and raises."""
    return json.dumps(whole, indent=2, allow_nan=False) + "\n"
