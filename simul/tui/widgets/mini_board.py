"""One table drawn as text: a badge in asyncio's words, and an 8x8 board of unicode pieces."""

from __future__ import annotations

import math

import chess
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from simul.core.table import TableState
from simul.tui.room import TableView

LIGHT, DARK = "#d8b98c", "#a27a52"
LAST_LIGHT, LAST_DARK = "#d6d36a", "#aeaa3d"
CHECK = "#e0503c"
WHITE_PIECE, BLACK_PIECE = Style(color="#ffffff", bold=True), Style(color="#101010", bold=True)
GLYPHS = {
    piece_type: chess.UNICODE_PIECE_SYMBOLS[symbol]
    for piece_type, symbol in zip(chess.PIECE_TYPES, "pnbrqk", strict=True)
}
"""Filled glyphs for both sides, coloured by the style: they read better than outlines on a coloured square."""


def square_style(square: chess.Square, last: chess.Move | None, check: chess.Square | None) -> Style:
    """The background of `square`: light or dark, the last move, a king in check."""
    light = (chess.square_file(square) + chess.square_rank(square)) % 2 == 1
    if square == check:
        return Style(bgcolor=CHECK)
    if last is not None and square in (last.from_square, last.to_square):
        return Style(bgcolor=LAST_LIGHT if light else LAST_DARK)
    return Style(bgcolor=LIGHT if light else DARK)


def board_rows(board: chess.Board, last: chess.Move | None, width: int = 1) -> list[Text]:
    """The board as eight rows of text, rank 8 first; each square `width` cells wide."""
    check = board.king(board.turn) if board.is_check() else None
    rows = []
    for rank in range(7, -1, -1):
        row = Text()
        for file in range(8):
            square = chess.square(file, rank)
            piece = board.piece_at(square)
            background = square_style(square, last, check)
            glyph = GLYPHS[piece.piece_type] if piece is not None else " "
            pad = " " * ((width - 1) // 2)
            cell = f"{pad}{glyph}{' ' * (width - 1 - len(pad))}"
            piece_style = (WHITE_PIECE if piece.color == chess.WHITE else BLACK_PIECE) if piece else Style()
            row.append(cell, background + piece_style)
        rows.append(row)
    return rows


BADGE_STYLES = {
    TableState.THINKING: "bold #7fb4ff",
    TableState.READY: "bold #ffd75f",
    TableState.PLAYING: "bold reverse #87d787",
    TableState.FINISHED: "dim",
    TableState.FAILED: "bold #ff5f5f",
}


def badge(view: TableView, now: float) -> str:
    """The table's state in asyncio's words, short enough for a mini-board."""
    if view.state is TableState.THINKING:
        # Whole seconds, rounded up: the badge changes once a simulated second, not every frame.
        return f"await {math.ceil(max(0.0, view.think_until - now))}s"
    if view.state is TableState.FINISHED:
        return view.result
    return str(view.state.value)


class _BoardFace(Widget):
    """The eight ranks; rendered again only after a move."""

    def __init__(self, view: TableView) -> None:
        super().__init__()
        self.view = view

    def render(self) -> Text:
        rows = board_rows(self.view.board, self.view.last_move)
        return Text("\n").join(Text("  ") + row for row in rows)


class MiniBoard(Widget):
    """One table: a one-line badge, then the board. Each part redraws only when it changes.

    The badge ticks (a countdown) many times a second; keeping it a widget of
    its own means a tick redraws 13 characters, not the whole board.
    """

    class Chosen(Message):
        """The user clicked this board."""

        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    header: reactive[str] = reactive("", repaint=False)
    """The badge text; set by the app, redrawn only when it changes."""

    def __init__(self, view: TableView) -> None:
        super().__init__()
        self.view = view
        self._title = Static()
        self._face = _BoardFace(view)

    def compose(self) -> ComposeResult:
        yield self._title
        yield self._face

    def watch_header(self, header: str) -> None:
        title = Text(f"{self.view.number:>2} ", style="bold")
        title.append(header, BADGE_STYLES[self.view.state])
        title.truncate(13)
        self._title.update(title, layout=False)  # always one line: no need to lay out the screen

    def board_changed(self) -> None:
        """A move was played here, or the game ended: draw the board again."""
        self.set_class(self.view.state is TableState.FINISHED, "-finished")
        self._face.refresh()

    def on_click(self) -> None:
        self.post_message(self.Chosen(self.view.number))
