"""The exhibition's settings at the top of the side panel, folded between phrases, never inside one."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widget import Widget

SEPARATOR = " · "


def fold_phrases(phrases: tuple[str, ...], width: int) -> list[str]:
    """The phrases joined by `SEPARATOR` into lines of at most `width` cells, a phrase never split.

    A phrase longer than a whole line gets a line of its own (the terminal cuts it there).
    """
    lines: list[str] = []
    for phrase in phrases:
        if lines and len(lines[-1]) + len(SEPARATOR) + len(phrase) <= width:
            lines[-1] += SEPARATOR + phrase
        else:
            lines.append(phrase)
    return lines


class SettingsLine(Widget):
    """Phrases such as "50 boards" and "her move 0.5 s", folded to the widget's width."""

    DEFAULT_CSS = "SettingsLine { height: auto; }"

    phrases: reactive[tuple[str, ...]] = reactive((), layout=True)

    def render(self) -> str:
        return "\n".join(fold_phrases(self.phrases, self.size.width or 80))
