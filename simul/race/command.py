"""`simul race`: four live progress lanes, then the table side by side, and optionally the JSON."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from simul.core.config import ExhibitionConfig
from simul.format import duration
from simul.loop.event_loop import run
from simul.options import EXIT_INTERRUPTED
from simul.output.atomic import write_atomically
from simul.race.modes import Mode
from simul.race.runner import Race
from simul.race.setup import MODE_NOTES


def race_table(race: Race) -> Table:
    """The four ways side by side."""
    config = race.config
    table = Table(
        title=f"{config.boards} boards, think {config.think} s, her move {config.gm_move:g} s, "
        f"{config.max_moves or 'all'} moves, seed {config.seed}, x{race.speed:g}",
        title_justify="left",
    )
    table.add_column("mode", no_wrap=True)
    for name in ("wall", "speedup", "threads", "memory", "CPU"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("how", style="dim", overflow="ellipsis")
    for mode, lane in race.lanes.items():
        figures = lane.figures
        if figures is None:
            status = lane.error or f"stopped after {lane.moves:,} moves"
            table.add_row(mode.value, "-", "-", "-", "-", "-", status)
            continue
        speedup = race.speedup(mode)
        table.add_row(
            mode.value,
            duration(figures.wall_seconds),
            f"{speedup:.1f}x" if speedup is not None else "-",
            str(figures.threads),
            f"{figures.peak_rss_bytes / 1e6:.1f} MB",
            duration(figures.cpu_seconds),
            MODE_NOTES[mode],
        )
    return table


def race_verdict(race: Race) -> str:
    """The schedule's bound and whether the games matched, in a line."""
    parts = []
    if race.plan is not None:
        plan = race.plan
        parts.append(
            f"The schedule: {duration(plan.sequential_seconds)} one game at a time, "
            f"{duration(plan.asyncio_seconds)} for one grandmaster: at best {plan.bound:.1f}x."
        )
    same = race.same_games
    if same is not None:
        parts.append(
            "The same games, move for move, in every mode that finished."
            if same
            else "[red]The modes played different games![/]"
        )
    return " ".join(parts)


def race_document(race: Race) -> dict[str, object]:
    """The race as JSON: `modes.<name>.wall_seconds`, `.speedup`, `.threads`, `.peak_rss_bytes`, `.cpu_seconds`."""
    config = race.config
    modes: dict[str, object] = {}
    for mode, lane in race.lanes.items():
        figures = lane.figures
        modes[mode.value] = {
            "finished": figures is not None,
            "moves": lane.moves,
            "wall_seconds": figures.wall_seconds if figures else None,
            "speedup": race.speedup(mode),
            "threads": figures.threads if figures else None,
            "peak_rss_bytes": figures.peak_rss_bytes if figures else None,
            "cpu_seconds": figures.cpu_seconds if figures else None,
            "error": lane.error,
        }
    plan = race.plan
    return {
        "schema": 1,
        "config": {
            "boards": config.boards,
            "think": str(config.think),
            "gm_move": config.gm_move,
            "max_moves": config.max_moves,
            "seed": config.seed,
            "gm": config.gm,
            "opponent": config.opponent,
        },
        "speed": race.speed,
        "completed": race.completed,
        "same_games": race.same_games,
        "schedule": {
            "moves": plan.moves,
            "sequential_seconds": plan.sequential_seconds,
            "asyncio_seconds": plan.asyncio_seconds,
            "bound": plan.bound,
        }
        if plan is not None
        else None,
        "modes": modes,
    }


def run_race(config: ExhibitionConfig, speed: float, json_path: Path | None, console: Console | None = None) -> int:
    """Race, show the lanes live and the table at the end, write the JSON; return the exit code."""
    console = console if console is not None else Console()
    race = Race(config, speed)
    progress = Progress(
        TextColumn("[bold]{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    lanes = {mode: progress.add_task(mode.value, total=None, start=False) for mode in Mode}

    def advance(mode: Mode, moves: int) -> None:
        assert race.plan is not None
        lane = lanes[mode]
        progress.start_task(lane)
        progress.update(lane, completed=moves, total=race.plan.moves)
        if moves == race.plan.moves:
            progress.stop_task(lane)  # its clock stops: the lane's own time

    interrupted = False
    with progress:
        try:
            run(race.run(advance))
        except KeyboardInterrupt:
            interrupted = True
    console.print(race_table(race))
    console.print(race_verdict(race))
    if json_path is not None:
        write_atomically(json_path, json.dumps(race_document(race), indent=2) + "\n")
        console.print(f"Figures: {json_path}")
    if interrupted:
        console.print("[yellow]Stopped by Ctrl+C: every mode was stopped where it stood.")
        return EXIT_INTERRUPTED
    return 0
