"""The race screen: the same exhibition four ways, four live lanes, then the table side by side."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Label, ProgressBar, Static

from simul.core.config import ExhibitionConfig
from simul.race.figures import COLUMNS, race_failure, race_rows, race_verdict
from simul.race.modes import Mode
from simul.race.runner import Race
from simul.race.setup import MODE_NOTES


class RaceScreen(ModalScreen[None]):
    """Races the four ways in child processes: this app's loop only reads their progress."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,r", "dismiss", "Stop and close")]

    def __init__(self, config: ExhibitionConfig, speed: float) -> None:
        super().__init__()
        self.race = Race(config, speed)
        self._racing = False

    def compose(self) -> ComposeResult:
        config = self.race.config
        with Vertical(id="race"):
            yield Static(
                Text.assemble(
                    ("The race: ", "bold"),
                    f"the same {config.boards} games, four ways, at x{self.race.speed:g} "
                    f"(think {config.think} s, her move {config.gm_move:g} s, {config.max_moves} moves, "
                    f"seed {config.seed})",
                ),
                id="race-title",
            )
            with Grid(id="race-lanes"):
                for mode in Mode:
                    yield Label(Text(mode.value, style="bold"))
                    yield ProgressBar(id=f"lane-{mode.value}", show_eta=False)
                    yield Label(MODE_NOTES[mode], classes="race-note")
            # Filled, and shown, once the race is over: the figures, then (below) what they mean.
            # Two-line headings, the unit under the name (`Column.heading`), so that ten columns fit the screen.
            yield DataTable(id="race-table", show_cursor=False, zebra_stripes=True, header_height=2)
            yield Static("Planning the schedule on the virtual clock...", id="race-result")
        yield Footer()

    def on_mount(self) -> None:
        self.run_worker(self._run(), exclusive=True)

    async def _run(self) -> None:
        # Cancelled with the screen (escape): every child process is stopped, and waited for.
        await self.race.run(self._advance)
        self._show_figures()

    def _show_figures(self) -> None:
        """The same rows the command line draws with Rich, in a `DataTable`, and the verdict under it."""
        table = self.query_one("#race-table", DataTable)
        table.clear(columns=True)
        table.add_columns(*(Text(column.heading, justify="right" if column.numeric else "left") for column in COLUMNS))
        for row in race_rows(self.race):
            cells = row.cells()
            table.add_row(
                *(
                    Text(cell, justify="right") if column.numeric else Text(cell)
                    for column, cell in zip(COLUMNS, cells, strict=True)
                ),
                key=row.mode.value,
            )
        table.display = True
        verdict = Text(" ").join(
            Text(sentence.text, style="red" if sentence.alarm else "") for sentence in race_verdict(self.race)
        )
        failure = race_failure(self.race)
        if failure is not None:
            verdict.append_text(Text(f"\n{failure}", style="red"))
        self.query_one("#race-result", Static).update(verdict)

    def _advance(self, mode: Mode, moves: int) -> None:
        assert self.race.plan is not None
        if not self._racing:
            self._racing = True
            self.query_one("#race-result", Static).update(
                "Racing: each way plays in a process of its own; this app's loop only reads their progress."
            )
        self.query_one(f"#lane-{mode.value}", ProgressBar).update(total=self.race.plan.moves, progress=moves)
