"""The walk policies side by side: the same exhibition played three ways on the virtual clock, in a thread."""

from __future__ import annotations

import asyncio
import sys
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from simul.compare import SAME_WALKS, PolicyRun, compare_policies, where_walks_part
from simul.core.config import ExhibitionConfig, Policy
from simul.format import duration
from simul.lessons.gil import gil_enabled

POLICY_NOTES = {
    Policy.ROUND: "table order, skipping thinking ones",
    Policy.URGENT: "the reply waiting longest",
    Policy.LOOP: "the loop's own order: first come",
}
STOPS_SHOWN = 14
"""Stops of each walk shown, from just before the policies part ways."""


def playing_note(*, gil: bool, switch_interval: float) -> str:
    """What the screen says while the three exhibitions play in a thread: the GIL's part only when it is on."""
    if not gil:
        return "Playing it three times, in a thread, beside the loop's."
    return (
        "Playing it three times, in a thread. The screen slows meanwhile: with the GIL, one thread runs Python "
        "at a time. The worker's Python competes with the loop's, and each time the loop's thread wants the GIL "
        f"back it waits about the {switch_interval * 1000:g} ms switch interval, until the worker is made to let go."
    )


def comparison_verdict(runs: list[PolicyRun]) -> str:
    """What changed between the policies, and what did not."""
    same = all(run.games == runs[0].games for run in runs)
    times = {round(run.summary.simulated_seconds, 6) for run in runs}
    return (
        ("The same games under all three" if same else "Different games!")
        + (", in the same time" if len(times) == 1 else "")
        + ": one loop, one thread each time. What changes is the order she serves the tables in, "
        "and so how long each reply waits for her."
    )


class PoliciesScreen(ModalScreen[Policy | None]):
    """Plays this exhibition under each policy, then offers to play one of them in the room."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,p", "dismiss(None)", "Close")]

    def __init__(self, config: ExhibitionConfig) -> None:
        super().__init__()
        self.config = config
        self.runs: list[PolicyRun] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="policies"):
            yield Static(
                Text.assemble(
                    ("Walk policies: ", "bold"),
                    f"this exhibition (seed {self.config.seed}) played three ways on the virtual clock",
                )
            )
            yield DataTable(id="policy-table", cursor_type="row", zebra_stripes=True)
            yield Static(playing_note(gil=gil_enabled(), switch_interval=sys.getswitchinterval()), id="policy-walks")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(
            "policy", "simulated", "speedup", "she waited", "reply wait: mean", "p99", "longest", "loop passes", "how"
        )
        self.run_worker(self._compare(), exclusive=True)

    async def _compare(self) -> None:
        # Three whole exhibitions on loops of their own: in a thread, so this screen stays live.
        self.runs = await asyncio.to_thread(compare_policies, self.config)
        table = self.query_one(DataTable)
        for run in self.runs:
            summary, waits = run.summary, run.summary.waits
            table.add_row(
                Text(run.policy.value, style="bold"),
                duration(summary.simulated_seconds),
                f"{summary.speedup:.1f}x",
                f"{summary.gm_waits:,} times",
                duration(waits.mean),
                duration(waits.p99),
                duration(waits.max),
                f"{run.passes:,}",
                POLICY_NOTES[run.policy],
                key=run.policy.value,
            )
        parting = where_walks_part(self.runs)
        if parting is None:
            walks = Text(SAME_WALKS + "\n", style="dim")
        else:
            start = max(0, parting - 2)
            walks = Text(f"Her walk from stop {start + 1}, where the policies part ways:\n", style="dim")
            for run in self.runs:
                walks.append(f"{run.policy.value:<7}", "bold")
                walks.append(" ▸ ".join(map(str, run.walk[start : start + STOPS_SHOWN])) + " ...\n")
        walks.append(comparison_verdict(self.runs) + "\n\n")
        walks.append("Enter plays the chosen policy in the room, from the start; escape goes back.", "dim")
        self.query_one("#policy-walks", Static).update(walks)
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.dismiss(Policy(event.row_key.value))
