"""`simul bench`: run a benchmark, print its figures against the goals, optionally save them as JSON."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from simul.bench.core import CoreFigures, NotTheSameGames, measure_core
from simul.bench.engines import OffloadFigures, measure_engines
from simul.bench.errors import BenchError
from simul.bench.tui import TuiFigures, measure_tui
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


LAG_P99_GOAL_MS = 20.0
"""The loop's lag, p99, with her search in a process of its own: as if she did not search at all."""
LAG_FAR_BELOW = 5.0
"""How many times lower that lag must be than with her search on the loop's own thread."""


OVERHEAD_LIMIT = 1.3
"""The most CPU a ply may cost in simul, as a multiple of python-chess alone playing the same games."""
OVERHEAD_GOAL = 1.15
"""What we aim for."""


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


def core_table(figures: CoreFigures) -> Table:
    """The overhead ratio, next to its limit and goal."""
    table = Table(
        title=f"simul core: {figures.boards:,} boards x {figures.max_moves} moves, random movers, virtual clock, "
        f"{figures.plies:,} plies, {figures.runs} runs"
    )
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("goal", justify="right")
    table.add_column("")
    table.add_row("floor: python-chess alone, CPU a ply", f"{figures.floor_us_per_ply:.1f} us", "", "")
    table.add_row("simul, CPU a ply", f"{figures.simul_us_per_ply:.1f} us", "", "")
    spread = f" ({min(figures.ratios):.2f}-{max(figures.ratios):.2f})" if figures.runs > 1 else ""
    table.add_row(
        "overhead ratio, simul / floor",
        f"{figures.overhead_ratio:.2f}{spread}",
        f"<= {OVERHEAD_LIMIT:g} (aim {OVERHEAD_GOAL:g})",
        _verdict(figures.overhead_ratio <= OVERHEAD_LIMIT, applies=True),
    )
    return table


def run_core_bench(boards: int, max_moves: int, runs: int, json_path: Path | None) -> int:
    """`simul bench core`; return the exit code."""
    console = Console()
    console.print(f"Playing {boards:,} games of {max_moves} moves, {runs} times each way...", style="dim")
    try:
        figures = measure_core(boards, max_moves, runs)
    except NotTheSameGames as error:
        print(f"simul bench: error: {error}", file=sys.stderr)
        return 1
    console.print(core_table(figures))
    if json_path is not None:
        document = {"benchmark": "core", "core": asdict(figures)}
        write_atomically(json_path, json.dumps(document, indent=2) + "\n")
        console.print(f"Figures written to {json_path}")
    return 0


def engines_table(figures: list[OffloadFigures], boards: int, depth: int, speed: float) -> Table:
    """Each place for her search, its lag, and the goal."""
    table = Table(
        title=f"simul engines: {boards} boards, --gm search:{depth}, speed {speed:g}, real clock",
        caption=f"goal: with her search in a process, lag p99 < {LAG_P99_GOAL_MS:g} ms and "
        f"{LAG_FAR_BELOW:g}x below the loop's own thread",
    )
    table.add_column("--gm-offload")
    for column in ("lag p50 ms", "lag p99 ms", "lag max ms", "samples", "moves"):
        table.add_column(column, justify="right")
    table.add_column("goal")
    by_place = {figure.offload: figure for figure in figures}
    process, loop = by_place["process"], by_place["none"]
    met = process.lag_p99_ms < LAG_P99_GOAL_MS and process.lag_p99_ms * LAG_FAR_BELOW <= loop.lag_p99_ms
    for figure in figures:
        table.add_row(
            figure.offload,
            f"{figure.lag_p50_ms:.1f}",
            f"{figure.lag_p99_ms:.1f}",
            f"{figure.lag_max_ms:.1f}",
            f"{figure.samples:,}",
            f"{figure.moves:,}",
            _verdict(met, True) if figure is process else "",
        )
    return table


def run_engines_bench(boards: int, depth: int, speed: float, seconds: float, json_path: Path | None) -> int:
    """`simul bench engines`; return the exit code."""
    console = Console()
    console.print(
        f"Playing {boards} boards with her search:{depth} in a process, a thread and on the loop's thread, "
        f"{seconds:g} s each...",
        style="dim",
    )
    figures = measure_engines(boards, depth, speed, seconds)
    console.print(engines_table(figures, boards, depth, speed))
    if json_path is not None:
        document = {"benchmark": "engines", "engines": [asdict(figure) for figure in figures]}
        write_atomically(json_path, json.dumps(document, indent=2) + "\n")
        console.print(f"Figures written to {json_path}")
    return 0
