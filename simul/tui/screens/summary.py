"""The end of the story: when the last game ends, the exhibition at a glance, large enough for a class to read."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from simul.core.stats import Summary
from simul.format import duration


def summary_figures(summary: Summary, boards: int) -> Table:
    """What the class should remember, one line each: the time, the speedup, the results, her day."""
    table = Table(box=None, show_header=False, padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_row("Simulated", f"{duration(summary.simulated_seconds)} for {boards} games at once")
    table.add_row("One game at a time", duration(summary.sequential_seconds))
    speedup = f"{summary.speedup:.1f}x" if summary.simulated_seconds else "-"
    table.add_row("Speedup", Text(speedup, style="bold #87d787"))
    results = summary.results
    table.add_row(
        "Results",
        f"she won {results.gm_wins}, drew {results.draws}, lost {results.gm_losses}"
        + (f", {results.failed} failed" if results.failed else "")
        + (f", {results.unfinished} unfinished" if results.unfinished else ""),
    )
    walk = []
    if summary.laps is not None:
        walk.append(f"{summary.laps:,} laps of the room")
    if summary.skips is not None:
        walk.append(f"walked past {summary.skips:,} tables still thinking")
    if walk:
        table.add_row("Her walk", ", ".join(walk))
    table.add_row(
        "Her time",
        f"busy {summary.gm_busy_fraction:.0%} (her moves and walks), waited for a reply {summary.gm_waits:,} times",
    )
    waits = summary.waits
    table.add_row("Replies waited", f"{duration(waits.mean)} on average, {duration(waits.max)} at the longest")
    return table


class SummaryScreen(ModalScreen[bool]):
    """Shown when the last game ends; dismisses with True to start a new exhibition."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "dismiss(True)", "New exhibition"),
        Binding("escape,enter", "dismiss(False)", "Back to the room"),
    ]

    def __init__(self, summary: Summary, boards: int) -> None:
        super().__init__()
        self.summary = summary
        self.boards = boards

    def compose(self) -> ComposeResult:
        with Vertical(id="summary"):
            yield Static(Text("Every game is over", style="bold #87d787"), id="summary-title")
            yield Static(summary_figures(self.summary, self.boards), id="summary-figures")
            yield Static(
                f"One thread played all {self.boards} games. Each opponent's think was an await: a timer "
                "in the loop's heap, costing no CPU while it waited. The room had nothing to do only when "
                "every table was waiting at once.",
                id="summary-moral",
            )
        yield Footer()
