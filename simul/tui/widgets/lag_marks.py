"""Under the lag sparkline, where `b` and `a` were pressed: so a spike can be read against its cause."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Static

MARK_STYLES = {"b": "bold #ff5f5f", "a": "bold #87d787"}
"""`b` (time.sleep: the spike) in red, `a` (asyncio.sleep: no spike) in green."""


@dataclass(frozen=True)
class Mark:
    """A key pressed while the lag was sampled."""

    sample: int
    """How many lag samples had been taken when it was pressed."""
    key: str


def mark_row(marks: list[Mark], taken: int, shown: int, width: int) -> Text:
    """One row as wide as the sparkline, an arrow and the key under each mark of the last `shown` samples.

    The sparkline draws the last `shown` of `taken` samples across `width`
    cells, the newest on the right (padded on the left when fewer were taken).
    """
    row = [" "] * width
    styles: list[str | None] = [None] * width
    first = taken - shown  # the sample drawn in the leftmost cell; negative while the window fills
    for mark in marks:
        if not first <= mark.sample < taken or width < 2:
            continue
        cell = min(width - 2, (mark.sample - first) * width // shown)
        # Two keys pressed within a cell (a during b's freeze): side by side, so neither hides the other.
        free = [start for start in range(width - 1) if row[start] == row[start + 1] == " "]
        if not free:
            continue
        cell = min(free, key=lambda start: (abs(start - cell), -start))  # a tie: the later key on the right
        row[cell], row[cell + 1] = "▲", mark.key
        styles[cell] = styles[cell + 1] = MARK_STYLES.get(mark.key, "bold")
    text = Text()
    for char, style in zip(row, styles, strict=True):
        text.append(char, style or "")
    return text


class LagMarks(Static):
    """The row of marks; the app tells it the marks and how many samples there are."""

    def show(self, marks: list[Mark], taken: int, shown: int) -> None:
        """Draw the marks of the samples shown now."""
        self.update(mark_row(marks, taken, shown, self.size.width), layout=False)
