"""The live figures: time, moves, laps, the grandmaster's busy share, results, speedup."""

from __future__ import annotations

from rich.table import Table
from textual.widgets import Static

from simul.core.stats import Summary
from simul.format import duration


def stats_table(summary: Summary, speed: float, paused: bool) -> Table:
    """The summary as a two-column table for the side panel."""
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold", no_wrap=True, min_width=len("One at a time"))
    # Never folded: the panel has a fixed height, and a line that folds pushes the last figure out of it.
    table.add_column(no_wrap=True, overflow="ellipsis")
    results = summary.results
    clock = "paused" if paused else f"x{speed:g}"
    table.add_row("Elapsed", f"{duration(summary.simulated_seconds)} simulated ({clock})")
    walk = f", {summary.laps} laps, {summary.skips:,} walked past" if summary.laps is not None else ""
    table.add_row("Moves", f"{summary.moves:,}{walk}")
    table.add_row("Grandmaster", her_time(summary))
    table.add_row(
        "Results",
        f"won {results.gm_wins}, drew {results.draws}, lost {results.gm_losses}, {results.unfinished} playing"
        + (f", failed {results.failed}" if results.failed else ""),
    )
    table.add_row("One at a time", f"{duration(summary.sequential_seconds)} so far")
    table.add_row("Speedup", f"{summary.speedup:.1f}x" if summary.simulated_seconds else "-")
    lag = summary.loop_lag_ms
    if lag is not None:
        table.add_row("Loop lag", f"p50 {lag.p50:.1f} ms, max {lag.max:.0f} ms")
    return table


def her_time(summary: Summary) -> str:
    """How her time went, in the lesson's terms: never idle while some reply is in, else how idle."""
    if not summary.simulated_seconds:
        return "-"
    if summary.gm_waits == 0:
        # "busy 100%" said little: the point is that the opponents did all the waiting.
        return "never idle: a reply was always in"
    idle = 1 - summary.gm_busy_fraction
    times = "once" if summary.gm_waits == 1 else f"{summary.gm_waits:,} times"
    return f"idle {idle:.0%}: {times}, all thinking"


class StatsPanel(Static):
    """The figures, refreshed a few times a second by the app."""

    def show(self, summary: Summary, speed: float, paused: bool) -> None:
        """Draw these figures."""
        self.update(stats_table(summary, speed, paused), layout=False)  # a fixed height
