"""The help screen: the keys, and how to read the room."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = (Path(__file__).parent / "help.md").read_text(encoding="utf-8")
"""The legend, then the keys: Markdown, beside this module."""
LEGEND, KEYS = HELP.split("\n| key | action |", 1)
KEYS = "| key | action |" + KEYS
"""Side by side, so that the whole help fits a 200x50 terminal without scrolling."""


class HelpScreen(ModalScreen[None]):
    """Keys and legend."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"), Horizontal(id="help-columns"):
            yield Markdown(LEGEND, id="help-legend")
            yield Markdown(KEYS, id="help-keys")
