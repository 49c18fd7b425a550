"""The exhibition's figures as a JSON report (the schema is in docs/report.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from simul.core.config import ExhibitionConfig
from simul.core.stats import Summary, TableStats
from simul.loop.figures import LoopFigures
from simul.output.atomic import write_atomically

SCHEMA_VERSION = 3


def config_json(config: ExhibitionConfig, *, clock: str, speed: float, event_loop: str = "asyncio") -> dict[str, Any]:
    """The settings, as the report records them."""
    return {
        "boards": config.boards,
        "think": {"min": config.think.low, "max": config.think.high},
        "gm_move": config.gm_move,
        "walk": config.walk,
        "max_moves": config.max_moves,
        "seed": config.seed,
        "gm": config.gm,
        "opponent": config.opponent,
        "gm_offload": config.gm_offload.value,
        "engine_path": config.engine_path,
        "engines": config.engines,
        "engine_nodes": config.engine_nodes,
        "gm_color": config.gm_color.value,
        "fen": config.fen,
        "policy": config.policy.value,
        "clock": clock,
        "speed": speed,
        "event_loop": event_loop,
    }


def summary_json(summary: Summary, loop: LoopFigures | None) -> dict[str, Any]:
    """The summary, as the report records it."""
    results = summary.results
    lag = summary.loop_lag_ms
    waits = summary.waits
    return {
        "simulated_seconds": summary.simulated_seconds,
        "wall_seconds": summary.wall_seconds,
        "sequential_seconds": summary.sequential_seconds,
        "speedup": summary.speedup,
        "gm_busy_fraction": summary.gm_busy_fraction,
        "gm_waits": summary.gm_waits,
        "laps": summary.laps,
        "skips": summary.skips,
        "wait_seconds": {"mean": waits.mean, "p99": waits.p99, "max": waits.max, "count": waits.count},
        "moves": summary.moves,
        "results": {
            "gm_wins": results.gm_wins,
            "draws": results.draws,
            "gm_losses": results.gm_losses,
            "unfinished": results.unfinished,
            "failed": results.failed,
        },
        "loop_lag_ms": {"p50": lag.p50, "p99": lag.p99, "max": lag.max, "samples": lag.samples}
        if lag is not None
        else None,
        "loop": {
            "passes": loop.passes,
            "jumps": loop.jumps,
            "held_seconds": loop.held_seconds,
            "callback_ms": {"p50": loop.callback_p50_ms, "p99": loop.callback_p99_ms, "max": loop.callback_max_ms},
        }
        if loop is not None
        else None,
    }


def table_json(table: TableStats) -> dict[str, Any]:
    """One table's figures, as the report records them."""
    return {
        "table": table.table,
        "gm_color": "white" if table.gm_color else "black",
        "result": table.result,
        "termination": table.termination.value if table.termination is not None else None,
        "reason": table.reason,
        "plies": table.plies,
        "gm_seconds": table.gm_seconds,
        "wait_seconds": table.wait_seconds,
        "think_seconds": sum(table.think_seconds),
        "error": table.error,
    }


def render_report(
    config: ExhibitionConfig,
    summary: Summary,
    tables: Sequence[TableStats],
    loop: LoopFigures | None,
    *,
    clock: str,
    speed: float,
    event_loop: str = "asyncio",
) -> str:
    """The whole report as JSON text; NaN or infinity anywhere is a bug, and raises."""
    report = {
        "schema": SCHEMA_VERSION,
        "config": config_json(config, clock=clock, speed=speed, event_loop=event_loop),
        "summary": summary_json(summary, loop),
        "tables": [table_json(table) for table in tables],
    }
    return json.dumps(report, indent=2, allow_nan=False) + "\n"


def write_report(
    path: Path,
    config: ExhibitionConfig,
    summary: Summary,
    tables: Sequence[TableStats],
    loop: LoopFigures | None,
    *,
    clock: str,
    speed: float,
    event_loop: str = "asyncio",
) -> None:
    """Write the report to `path`, atomically."""
    write_atomically(
        path, render_report(config, summary, tables, loop, clock=clock, speed=speed, event_loop=event_loop)
    )
