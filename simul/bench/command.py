"""`simul bench`: run a benchmark, print its figures against the goals, optionally save them as JSON."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from simul.bench.tui import BenchError, TuiFigures, measure_tui
from simul.output.atomic import write_atomically

FRAMES_GOAL = 20.0
"""Frames a second the TUI keeps at 50 boards and speed 10."""
FRAMES_GOAL_AT = (50, 10.0)
"""The boards and speed the frames and CPU goals are set for."""
KEY_GOAL_BOARDS = 200
"""The key goal holds at this many boards."""
CORES_GOAL = 0.5
"""The CPU it may use meanwhile, in cores."""
KEY_GOAL_MS = 100.0
"""The longest a key press may take to show, at 200 boards."""


def _verdict(met: bool, applies: bool) -> str:
    if not applies:
        return "[dim]n/a[/]"  # the goal is set for another size: say nothing either way
    return "[green]met[/]" if met else "[red]missed[/]"


def tui_table(figures: TuiFigures) -> Table:
    """The figures next to the goals."""
    table = Table(title=f"simul TUI: {figures.boards} boards at speed {figures.speed:g}, 200x50 terminal")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("goal", justify="right")
    table.add_column("")
    at_goal_size = (figures.boards, figures.speed) == FRAMES_GOAL_AT
    boards, speed = FRAMES_GOAL_AT
    table.add_row(
        "frames a second",
        f"{figures.frames_per_second:.1f}",
        f">= {FRAMES_GOAL:g} at {boards} boards x{speed:g}",
        _verdict(figures.frames_per_second >= FRAMES_GOAL, at_goal_size),
    )
    table.add_row(
        "CPU, in cores",
        f"{figures.cpu_cores:.2f}",
        f"< {CORES_GOAL:g} at {boards} boards x{speed:g}",
        _verdict(figures.cpu_cores < CORES_GOAL, at_goal_size),
    )
    if figures.key_latencies_ms:
        table.add_row(
            f"key to screen, median of {len(figures.key_latencies_ms)}", f"{figures.key_latency_p50_ms:.0f} ms", "", ""
        )
        table.add_row(
            "key to screen, slowest",
            f"{figures.key_latency_max_ms:.0f} ms",
            f"< {KEY_GOAL_MS:g} ms at {KEY_GOAL_BOARDS} boards",
            _verdict(figures.key_latency_max_ms < KEY_GOAL_MS, figures.boards >= KEY_GOAL_BOARDS),
        )
    return table


def run_tui_bench(boards: int, speed: float, seconds: float, presses: int, json_path: Path | None) -> int:
    """`simul bench tui`; return the exit code."""
    console = Console()
    console.print(f"Running simul with {boards} boards at speed {speed:g} in a pseudo-terminal...", style="dim")
    try:
        figures = measure_tui(boards, speed, seconds, presses)
    except BenchError as error:
        print(f"simul bench: error: {error}", file=sys.stderr)
        return 1
    console.print(tui_table(figures))
    if json_path is not None:
        document = {"benchmark": "tui", **asdict(figures)}
        write_atomically(json_path, json.dumps(document, indent=2) + "\n")
        console.print(f"Figures written to {json_path}")
    return 0
