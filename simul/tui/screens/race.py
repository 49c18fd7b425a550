"""The race screen: the same exhibition four ways, four live lanes, then the table side by side."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, ProgressBar, Static

from simul.core.config import ExhibitionConfig
from simul.race.command import race_table, race_verdict
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
            yield Static("Planning the schedule on the virtual clock...", id="race-result")
        yield Footer()

    def on_mount(self) -> None:
        self.run_worker(self._run(), exclusive=True)

    async def _run(self) -> None:
        # Cancelled with the screen (escape): every child process is stopped, and waited for.
        await self.race.run(self._advance)
        self.query_one("#race-result", Static).update(
            Group(race_table(self.race), Text.from_markup(race_verdict(self.race)))
        )

    def _advance(self, mode: Mode, moves: int) -> None:
        assert self.race.plan is not None
        if not self._racing:
            self._racing = True
            self.query_one("#race-result", Static).update(
                "Racing: each way plays in a process of its own; this app's loop only reads their progress."
            )
        self.query_one(f"#lane-{mode.value}", ProgressBar).update(total=self.race.plan.moves, progress=moves)
