"""Her walk round the room: the tables she played, and the thinking ones she walked past."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.widgets import Static

from simul.tui.room import Step


def walk_text(steps: Iterable[Step], width: int | None = None) -> Text:
    """Her last stops, oldest first, each after the tables she walked past to reach it.

    Given a `width`, the oldest stops give way until the line fits: the newest,
    where she is now, always shows.
    """
    steps = list(steps)
    text = _walk_text(steps)
    while width is not None and text.cell_len > width and len(steps) > 1:
        steps = steps[1:]
        text = _walk_text(steps)
    return text


def _walk_text(steps: list[Step]) -> Text:
    text = Text("Her walk ", style="bold")
    if not steps:
        text.append("has not begun", style="dim")
    for index, step in enumerate(steps):
        text.append("▸ ", style="dim")
        if step.passed_count:
            names = " ".join(map(str, step.passed))
            more = f" +{step.passed_count - len(step.passed)}" if step.passed_count > len(step.passed) else ""
            text.append(f"({names}{more}) ", style="#7fb4ff")
        here = index == len(steps) - 1
        text.append(str(step.table), style="bold reverse #87d787" if here else "bold")
        text.append(" ")
    return text


class WalkTrail(Static):
    """Her last stops; tables in brackets were walked past, their opponents still thinking."""

    def show(self, steps: Iterable[Step]) -> None:
        """Draw these stops."""
        width = self.content_size.width or None
        self.update(walk_text(steps, width), layout=False)  # one line, a fixed height
