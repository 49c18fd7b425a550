"""`simul run`: an exhibition without the TUI, a Rich progress bar, then a summary table."""

from __future__ import annotations

import asyncio
import datetime
import sys
from collections.abc import Sequence

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from simul.core.clock import PacedClock
from simul.core.engines import EngineFailed
from simul.core.events import Event, ExhibitionStarted, GameFinished, Subscriber
from simul.core.exhibition import Exhibition
from simul.core.lag import LagMonitor
from simul.core.stats import ExhibitionStats, Summary
from simul.format import duration
from simul.gc_tuning import calm_garbage_collector
from simul.loop.event_loop import SimulLoop
from simul.loop.figures import LoopFigures
from simul.options import EXIT_FAULT, EXIT_INTERRUPTED, EXIT_USAGE, ClockKind, LoopKind, RunOptions
from simul.output.autosave import Autosaver, play_with_autosave
from simul.output.pgn import write_pgn
from simul.output.report import write_report
from simul.shutdown import StopRequests


class _LiveFigures(ProgressColumn):
    """Moves played and simulated time, read from the statistics at each refresh."""

    def __init__(self, stats: ExhibitionStats) -> None:
        super().__init__()
        self._stats = stats

    def render(self, task: Task) -> Text:
        return Text(f"{self._stats.moves:,} moves · {duration(self._stats.now)} simulated", style="cyan")


def summary_table(summary: Summary, options: RunOptions, loop: LoopFigures | None) -> Table:
    """The summary, as a table for the terminal: on the virtual clock, the same in every run."""
    config = options.config
    results = summary.results
    table = Table(
        title=f"simul: {config.boards} boards, seed {config.seed}, policy {config.policy.value}",
        show_header=False,
        title_justify="left",
    )
    table.add_column(style="bold")
    table.add_column()
    virtual = options.clock is ClockKind.VIRTUAL
    clock = "virtual clock" if virtual else f"real clock x{options.speed:g}"
    table.add_row("Simulated time", f"{duration(summary.simulated_seconds)} ({clock})")
    if not virtual:
        table.add_row("Wall time", duration(summary.wall_seconds))
    table.add_row("One game at a time", duration(summary.sequential_seconds))
    # No time passed at all (every duration 0): a speedup would be 0 / 0.
    table.add_row("Speedup", f"{summary.speedup:.1f}x" if summary.simulated_seconds else "-")
    laps = f", {summary.laps:,} laps" if summary.laps is not None else ""
    table.add_row("Grandmaster", f"busy {summary.gm_busy_fraction:.0%}, waited {summary.gm_waits:,} times{laps}")
    if summary.skips is not None:
        table.add_row("Walked past", f"{summary.skips:,} tables, their opponent still thinking")
    waits = summary.waits
    table.add_row(
        "Replies waited",
        f"mean {duration(waits.mean)}, p99 {duration(waits.p99)}, longest {duration(waits.max)}",
    )
    table.add_row("Moves", f"{summary.moves:,}")
    table.add_row(
        "Results",
        f"won {results.gm_wins:,}, drawn {results.draws:,}, lost {results.gm_losses:,}"
        + (f", unfinished {results.unfinished:,}" if results.unfinished else "")
        + (f", failed {results.failed:,}" if results.failed else ""),
    )
    if loop is None:
        table.add_row("Event loop", "uvloop (its passes are not counted)")
    else:
        passes = f"{loop.passes:,} passes" + (f", {loop.jumps:,} jumps of the virtual clock" if virtual else "")
        table.add_row("Event loop", passes)
    lag = summary.loop_lag_ms
    if lag is not None:
        table.add_row("Loop lag", f"p50 {lag.p50:.2f} ms, p99 {lag.p99:.2f} ms, max {lag.max:.2f} ms")
    return table


def engine_lines(exhibition: Exhibition) -> list[str]:
    """What each side's engines did: how many processes ran, and how many were replaced after a fault."""
    lines = []
    for side, pool in exhibition.engine_pools.items():
        faults = f", {pool.replaced:,} replaced after a fault" if pool.replaced else ", none failed"
        lines.append(f"Engines ({side}): {pool.started:,} started (a pool of up to {pool.size:,}){faults}")
    return lines


def measured_line(summary: Summary, loop: LoopFigures) -> str:
    """What this machine measured: it varies from run to run, so a virtual run prints it apart."""
    return (
        f"Measured here: {duration(summary.wall_seconds)} of wall time; each loop pass ran callbacks for "
        f"{loop.callback_p50_ms:.3f} ms at the median, {loop.callback_p99_ms:.2f} ms at p99, "
        f"{loop.callback_max_ms:.1f} ms at most."
    )


FAILURES_SHOWN = 10
"""Failed tables named one by one in the summary, before the rest are counted."""


def run_headless(options: RunOptions, console: Console | None = None, subscribers: Sequence[Subscriber] = ()) -> int:
    """Play the exhibition to its end (or to Ctrl+C), write the outputs; return the exit code.

    Args:
        options: What to play, and where to write it.
        console: Where the summary goes (standard output by default).
        subscribers: More observers of the exhibition's events.
    """
    console = console if console is not None else Console()
    config = options.config
    exhibition = Exhibition(config, PacedClock(options.speed), lag_monitor=LagMonitor())
    stats = ExhibitionStats()
    exhibition.subscribe(stats.record)
    for subscriber in subscribers:
        exhibition.subscribe(subscriber)
    progress = Progress(
        TextColumn("[bold]games"),
        BarColumn(),
        MofNCompleteColumn(),
        _LiveFigures(stats),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    games = progress.add_task("games", total=config.boards)

    def count_games(event: Event) -> None:
        if isinstance(event, GameFinished):
            progress.advance(games)
        elif isinstance(event, ExhibitionStarted):
            progress.start()  # only now: an engine that will not start leaves one line, and no bar

    exhibition.subscribe(count_games)
    autosaver = (
        Autosaver(options.pgn, exhibition.tables, exhibition.clock, options.autosave)
        if options.pgn is not None and options.autosave is not None
        else None
    )
    loop = make_loop(options)
    calm_garbage_collector()
    # From here a stop signal asks: the games stop at their next await, then the outputs are written whole,
    # and further signals change nothing until the command has said everything.
    with StopRequests(final=True) as stops:
        try:
            stops.run(play_with_autosave(exhibition, autosaver), loop)
        except EngineFailed as error:  # its first engine would not start: nothing was played
            print(f"simul run: error: {error}", file=sys.stderr)
            return EXIT_USAGE
        finally:
            if progress.live.is_started:  # stopping a bar never shown would still print a blank line
                progress.stop()
        if not stats.started:
            print("Stopped before the first move: nothing to save.", file=sys.stderr)
            return stops.exit_code or EXIT_INTERRUPTED
        _finish(options, exhibition, stats, loop, stops, autosaver, console)
        for failure in exhibition.bus.failures:
            print(
                f"simul run: a subscriber failed and was dropped, the games played on: {failure.subscriber} "
                f"on {type(failure.event).__name__}: {failure.error}",
                file=sys.stderr,
            )
        return stops.exit_code or (EXIT_FAULT if exhibition.bus.failures else 0)


def make_loop(options: RunOptions) -> asyncio.AbstractEventLoop:
    """The event loop `options` ask for: simul's own (virtual or real), or uvloop's on the real clock."""
    if options.loop is LoopKind.UVLOOP:
        import uvloop  # an optional extra: imported only when asked for (the command line checked it is there)

        return uvloop.new_event_loop()
    return SimulLoop(virtual=options.clock is ClockKind.VIRTUAL)


def _finish(
    options: RunOptions,
    exhibition: Exhibition,
    stats: ExhibitionStats,
    loop: asyncio.AbstractEventLoop,
    stops: StopRequests,
    autosaver: Autosaver | None,
    console: Console,
) -> None:
    """Write the outputs, then print the summary."""
    virtual = options.clock is ClockKind.VIRTUAL
    summary = stats.summary(None if virtual else exhibition.lag_monitor.samples)
    figures = LoopFigures.of(loop) if isinstance(loop, SimulLoop) else None
    if options.pgn is not None:
        write_pgn(options.pgn, exhibition.tables, datetime.date.today())
    if options.report is not None:
        write_report(
            options.report,
            options.config,
            summary,
            stats.tables,
            figures,
            clock=options.clock.value,
            speed=options.speed,
            event_loop=options.loop.value,
        )
    console.print(summary_table(summary, options, figures))
    for line in engine_lines(exhibition):
        console.print(line, highlight=False, soft_wrap=True)
    failed = [table for table in exhibition.tables if table.error is not None]
    for table in failed[:FAILURES_SHOWN]:
        console.print(f"[red]Table {table.number} failed:[/] {table.error}", highlight=False, soft_wrap=True)
    if len(failed) > FAILURES_SHOWN:
        console.print(f"[red]... and {len(failed) - FAILURES_SHOWN} more tables failed[/]")
    if virtual and figures is not None:
        Console(stderr=True).print(measured_line(summary, figures), style="dim", soft_wrap=True)
    if stops.signum is not None:
        console.print(f"[yellow]Stopped by {stops.cause}: unfinished games are saved with result *.")
    if autosaver is not None:
        console.print(f"Autosaved {autosaver.saves} times while playing, every {options.autosave:g} s.")
    for flag, path in (("Games", options.pgn), ("Report", options.report)):
        if path is not None:
            console.print(f"{flag}: {path}")
