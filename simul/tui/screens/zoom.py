"""One table, large: the board, its moves in SAN, the opponent's think times, her time there."""

from __future__ import annotations

from typing import ClassVar

import chess
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from simul.format import duration
from simul.tui.room import TableView
from simul.tui.widgets.mini_board import board_rows

SQUARE_WIDTH = 4
"""Cells per square: with two rows per rank, the board looks square."""


def large_board(view: TableView) -> Text:
    """The board with files and ranks, each rank two rows tall."""
    rows = board_rows(view.board, view.last_move, width=SQUARE_WIDTH)
    lines = []
    for rank, row in zip(range(8, 0, -1), rows, strict=True):
        blank = Text("   ")
        for span in row.spans:  # the same squares, empty, for the upper half of the rank
            blank.append(" " * SQUARE_WIDTH, span.style)
        lines.append(blank)
        lines.append(Text(f" {rank} ") + row)
    files = "".join(f"{name:^{SQUARE_WIDTH}}" for name in "abcdefgh")
    lines.append(Text(f"   {files}", style="dim"))
    return Text("\n").join(lines)


def move_list(view: TableView) -> Table:
    """The moves in SAN, one full move a row, with each opponent think time."""
    table = Table(box=None, padding=(0, 1), show_header=True, header_style="bold")
    table.add_column("#", justify="right", style="dim")
    table.add_column("White")
    table.add_column("Black")
    table.add_column("think", justify="right", style="#7fb4ff")
    board = view.board.root()
    sans = []
    for move in view.board.move_stack:
        sans.append(board.san(move))
        board.push(move)
    offset = 1 if view.board.root().turn == chess.BLACK else 0
    padded = [""] * offset + sans
    thinks = iter(view.think_seconds)
    first = view.board.root().fullmove_number
    for index in range(0, len(padded), 2):
        white, black = padded[index], padded[index + 1] if index + 1 < len(padded) else ""
        opponent_move = black if view.gm_color == chess.WHITE else white
        think = f"{next(thinks, 0.0):.1f}s" if opponent_move else ""
        table.add_row(str(first + index // 2), white, black, think)
    return table


class ZoomScreen(ModalScreen[None]):
    """A single table, large and live."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back to the room")]

    def __init__(self, view: TableView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        with Horizontal(id="zoom"):
            yield Static(id="zoom-board")
            yield Static(id="zoom-moves")
        yield Footer()

    def on_mount(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        """Draw the table as it is now."""
        view = self.view
        gm_side = "White" if view.gm_color == chess.WHITE else "Black"
        state = (view.result and f"{view.result} ({view.reason})") or view.state.value
        header = Text.assemble(
            (f"Table {view.number}", "bold"),
            f" · {state}\n",
            f"The grandmaster plays {gm_side}.\n",
            (
                f"She spent {duration(view.gm_seconds)} here; "
                f"the opponent thought {duration(sum(view.think_seconds))} in all.\n",
                "dim",
            ),
        )
        self.query_one("#zoom-board", Static).update(Group(header, large_board(view)))
        self.query_one("#zoom-moves", Static).update(move_list(view))
