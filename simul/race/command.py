"""`simul race`: four live progress lanes, then the table side by side (drawn by Rich), and optionally the JSON."""

from __future__ import annotations

import json
from pathlib import Path

from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from simul.core.config import ExhibitionConfig
from simul.loop.event_loop import real_loop
from simul.output.atomic import write_atomically
from simul.race.figures import COLUMNS, EXIT_LANE_FAILED, race_document, race_failure, race_rows, race_title
from simul.race.figures import race_verdict as verdict_sentences
from simul.race.modes import Mode
from simul.race.runner import Race
from simul.shutdown import StopRequests


def race_table(race: Race, width: int | None = None) -> Table:
    """The four ways side by side: the rows of `simul.race.figures`, drawn by Rich.

    The notes ("how") come last and only if the table fits in `width` with
    them: the figures must never be cut short to make room for words.
    """
    table = _table(race, notes=True)
    # Measured on a console wide enough for its natural width: a narrow one would clamp the measure.
    if width is not None and Console(width=1 << 16).measure(table).maximum > width:
        table = _table(race, notes=False)
    return table


def _table(race: Race, *, notes: bool) -> Table:
    # No borders, only a rule under the headings and two spaces between columns: the figures fit 80 columns.
    table = Table(
        title=race_title(race),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
    )
    shown = [index for index, column in enumerate(COLUMNS) if notes or column.name != "how"]
    for index in shown:
        column = COLUMNS[index]
        if column.numeric:
            table.add_column(column.heading, justify="right", no_wrap=True)
        else:
            table.add_column(column.heading, style="dim" if column.name == "how" else None, no_wrap=True)
    for row in race_rows(race):
        cells = row.cells()
        table.add_row(*(cells[index] for index in shown))
    return table


def race_verdict(race: Race) -> Text:
    """What the table means, in a paragraph: alarms in red."""
    return Text(" ").join(
        Text(sentence.text, style="red" if sentence.alarm else "") for sentence in verdict_sentences(race)
    )


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

    # A stop signal stops every lane's child where it stands; the table and the JSON are then written whole,
    # and a second signal changes nothing until the command has said everything.
    with StopRequests(final=True) as stops:
        with progress:
            stops.run(race.run(advance), real_loop())
        return _finish(race, json_path, console, stops)


def _finish(race: Race, json_path: Path | None, console: Console, stops: StopRequests) -> int:
    """Show the table, write the JSON, say how it ended; return the exit code."""
    console.print(race_table(race, console.width))
    console.print(race_verdict(race))
    if json_path is not None:
        write_atomically(json_path, json.dumps(race_document(race), indent=2) + "\n")
        console.print(f"Figures: {json_path}")
    if stops.exit_code is not None:
        console.print(f"[yellow]Stopped by {stops.cause}: every mode was stopped where it stood.")
        return stops.exit_code
    failure = race_failure(race)
    if failure is not None:
        # Said, and in the exit code: a script running the race must not take a failed lane for figures.
        console.print(Text(failure, style="red"))
        return EXIT_LANE_FAILED
    return 0
