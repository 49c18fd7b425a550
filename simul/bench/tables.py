"""Every benchmark's figures as a Rich table, each next to its goal."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table

from simul.bench.core import CoreFigures
from simul.bench.engines import OffloadFigures
from simul.bench.goals import (
    ENGINES_LAG_FAR_BELOW,
    ENGINES_LAG_P99_GOAL_MS,
    Goal,
    core_goals,
    race_goals,
    real_goals,
    scale_goals,
    tui_goals,
)
from simul.bench.memory import KB, MIB
from simul.bench.race import SPEED, Idle, Play, RaceFigures
from simul.bench.real import RealFigures
from simul.bench.scale import LINEAR_FROM, LINEAR_TOLERANCE, ScaleFigures
from simul.bench.tui import TuiRuns

QUICK_NOTE = "quick: a smaller scenario, one run; the goals are set for the full one"


def _verdict(met: bool | None) -> str:
    if met is None:
        return "[dim]n/a[/]"  # the goal is set for another size: say nothing either way
    return "[green]met[/]" if met else "[red]missed[/]"


def _measure_table(title: str, caption: str | None = None) -> Table:
    table = Table(title=title, caption=caption)
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("goal", justify="right")
    table.add_column("")
    return table


def _add_goals(table: Table, goals: Iterable[Goal]) -> None:
    for goal in goals:
        table.add_row(goal.measure, goal.value, goal.target, _verdict(goal.met))


def goals_table(title: str, goals: Iterable[Goal]) -> Table:
    """Goals alone, under a table of figures."""
    table = _measure_table(title)
    _add_goals(table, goals)
    return table


def core_table(figures: CoreFigures, *, quick: bool = False) -> Table:
    """The overhead ratio, next to its limit and goal."""
    table = _measure_table(
        f"simul core: {figures.boards:,} boards x {figures.max_moves} moves, random movers, virtual clock, "
        f"{figures.plies:,} plies, {figures.runs} run{'s' if figures.runs > 1 else ''}",
        QUICK_NOTE if quick else None,
    )
    table.add_row("floor: python-chess alone, game by game", _per_ply(figures.floor_us_per_ply), "", "")
    table.add_row(
        "python-chess alone, games interleaved",
        _per_ply(figures.interleaved_us_per_ply, figures.interleaved_ratio),
        "",
        "",
    )
    table.add_row(
        "bare asyncio: tasks and timers",
        _per_ply(figures.bare_asyncio_us_per_ply, figures.bare_asyncio_ratio),
        "",
        "",
    )
    table.add_row("simul: the whole exhibition", _per_ply(figures.simul_us_per_ply, figures.overhead_ratio), "", "")
    table.add_row("  passes of the loop a ply", f"{figures.passes_per_ply:.2f}", "", "")
    table.add_row("  one task woken by a timer, alone", f"{figures.timer_wake_up_us:.1f} µs", "", "")
    _add_goals(table, core_goals(figures))
    return table


def _per_ply(microseconds: float, ratio: float | None = None) -> str:
    """CPU a ply, and its ratio to the floor."""
    return f"{microseconds:.1f} µs" + (f" (x{ratio:.2f})" if ratio is not None else "")


def tui_table(figures: TuiRuns) -> Table:
    """The median of the runs (and their spread), next to the goals."""
    runs = len(figures.runs)
    table = _measure_table(
        f"simul TUI: {figures.boards} boards at speed {figures.speed:g}, 200x50 terminal, "
        f"{runs} run{'s' if runs > 1 else ''}" + (" (median, and the spread)" if runs > 1 else ""),
        QUICK_NOTE if figures.quick else None,
    )
    goals = tui_goals(figures)
    _add_goals(table, goals[:2])
    if figures.presses:
        median = figures.key_latency_p50_ms
        spread = f" ({median.low:.0f}-{median.high:.0f})" if runs > 1 else ""
        table.add_row(f"key to screen, median of {figures.presses}", f"{median.median:.0f} ms{spread}", "", "")
        _add_goals(table, goals[2:])
    return table


def scale_table(figures: ScaleFigures) -> Table:
    """The scaling curve: each size's time, cost a ply and memory, its growth flagged."""
    table = Table(
        title=f"simul scale: random movers, virtual clock, --max-moves {figures.max_moves}, each size in a process",
        caption="wall and CPU: the play alone (the whole child's CPU, from wait4, is in the JSON); "
        "memory per board = (peak RSS at N boards - peak RSS of the same run at 1 board) / (N - 1); "
        f"CPU a ply against the first size from {LINEAR_FROM:,} boards, flagged past +{LINEAR_TOLERANCE:.0%}"
        + (f"; {QUICK_NOTE}" if figures.quick else ""),
    )
    for column in ("boards", "plies", "wall s", "CPU s", "µs a ply", "against ref", "peak MiB", "KB a board"):
        table.add_column(column, justify="right")
    reference = figures.reference
    for point in figures.points:
        if reference is not None and point.boards == reference.boards:
            growth = "ref"
        elif point.growth is None:
            growth = ""  # under the reference's size: set-up weighs on every ply
        else:
            growth = f"{point.growth:+.0%}" if point.linear else f"[red]{point.growth:+.0%} not linear[/]"
        table.add_row(
            f"{point.boards:,}",
            f"{point.plies:,}",
            f"{point.wall_seconds:.2f}",
            f"{point.cpu_seconds:.2f}",
            f"{point.us_per_ply:.1f}",
            growth,
            f"{point.peak_rss_bytes / MIB:,.0f}",
            f"{point.memory_per_board_bytes / KB:.1f}" if point.memory_per_board_bytes is not None else "-",
        )
    return table


def scale_goals_table(figures: ScaleFigures) -> Table:
    """The scale benchmark's goals."""
    return goals_table("simul scale: goals", scale_goals(figures))


def real_table(figures: RealFigures) -> Table:
    """Wall time against the schedule's, and the loop's lag."""
    lag = figures.lag_ms
    table = _measure_table(f"simul real: {figures.command}", QUICK_NOTE if figures.quick else None)
    table.add_row("boards, moves played", f"{figures.boards:,}, {figures.moves:,}", "", "")
    table.add_row("the schedule's time", f"{figures.schedule_seconds:.2f} s", "", "")
    table.add_row("wall time", f"{figures.wall_seconds:.2f} s", "", "")
    table.add_row("CPU (the whole process)", f"{figures.cpu_seconds:.2f} s", "", "")
    goals = real_goals(figures)
    _add_goals(table, goals[:1])
    table.add_row(f"loop lag p50 ({lag.samples:,} samples)", f"{lag.p50:.1f} ms", "", "")
    _add_goals(table, goals[1:])
    table.add_row("loop lag max", f"{lag.max:.1f} ms", "", "")
    return table


def race_table(figures: RaceFigures) -> Table:
    """Each way of playing and each kind of waiting unit, at each size."""
    table = Table(
        title=f"simul race: a thread per board against asyncio, think {figures.think} s, her move "
        f"{figures.gm_move:g} s, {figures.max_moves} moves, x{SPEED:g}; then the waiting units alone, no chess",
        caption="per board: (peak at N boards - peak of the same way at 1 board) / (N - 1); "
        "per unit: (peak with N waiting - peak with none) / N" + (f"; {QUICK_NOTE}" if figures.quick else ""),
    )
    table.add_column("boards", justify="right")
    table.add_column("what")
    for column in ("wall s", "CPU s", "OS threads", "peak MiB", "KB each"):
        table.add_column(column, justify="right")
    for size in figures.sizes:
        for play in size.plays:
            table.add_row(f"{size.boards:,}", f"play: {play.mode}", *_play_cells(play))
        for idle in size.idle:
            table.add_row(f"{size.boards:,}", f"waiting {idle.kind}", *_idle_cells(idle))
    return table


def _play_cells(play: Play) -> tuple[str, ...]:
    if play.error is not None:
        return (f"[red]{play.error}[/]", "", "", "", "")
    assert play.wall_seconds is not None
    assert play.cpu_seconds is not None
    assert play.peak_rss_bytes is not None
    return (
        f"{play.wall_seconds:.2f}",
        f"{play.cpu_seconds:.2f}",
        f"{play.os_threads:,}",
        f"{play.peak_rss_bytes / MIB:,.0f}",
        f"{play.memory_per_board_bytes / KB:.1f}" if play.memory_per_board_bytes is not None else "-",
    )


def _idle_cells(idle: Idle) -> tuple[str, ...]:
    started = f"{idle.os_threads:,}" + (
        f" [red](the OS refused thread {idle.started + 1:,}: {idle.refused})[/]" if idle.refused else ""
    )
    return (
        "",
        "",
        started,
        f"{idle.peak_rss_bytes / MIB:,.0f}",
        f"{idle.per_unit_bytes / KB:.2f}" if idle.per_unit_bytes is not None else "-",
    )


def race_goals_table(figures: RaceFigures) -> Table:
    """The race benchmark's goals."""
    return goals_table("simul race: goals", race_goals(figures))


def engines_table(figures: list[OffloadFigures], boards: int, depth: int, speed: float) -> Table:
    """Each place for her search, its lag, and the goal."""
    table = Table(
        title=f"simul engines: {boards} boards, --gm search:{depth}, speed {speed:g}, real clock",
        caption=f"goal: with her search in a process, lag p99 < {ENGINES_LAG_P99_GOAL_MS:g} ms and "
        f"{ENGINES_LAG_FAR_BELOW:g}x below the loop's own thread",
    )
    table.add_column("--gm-offload")
    for column in ("lag p50 ms", "lag p99 ms", "lag max ms", "samples", "moves"):
        table.add_column(column, justify="right")
    table.add_column("goal")
    by_place = {figure.offload: figure for figure in figures}
    process, loop = by_place["process"], by_place["none"]
    met = process.lag_p99_ms < ENGINES_LAG_P99_GOAL_MS and process.lag_p99_ms * ENGINES_LAG_FAR_BELOW <= loop.lag_p99_ms
    for figure in figures:
        table.add_row(
            figure.offload,
            f"{figure.lag_p50_ms:.1f}",
            f"{figure.lag_p99_ms:.1f}",
            f"{figure.lag_max_ms:.1f}",
            f"{figure.samples:,}",
            f"{figure.moves:,}",
            _verdict(met) if figure is process else "",
        )
    return table
