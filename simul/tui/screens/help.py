"""The help screen: the keys, and how to read the room."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = (Path(__file__).parent / "help.md").read_text(encoding="utf-8")
"""The keys and the legend: Markdown, beside this module."""


class HelpScreen(ModalScreen[None]):
    """Keys and legend."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(HELP)
