"""One table drawn as text: a badge in asyncio's words, and an 8x8 board of unicode pieces."""

from __future__ import annotations

import math

import chess
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

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
        left = view.think_until - now
        if left <= 0:
            return "ready"  # the reply has landed on the schedule; its task is about to play it
        # Whole seconds, rounded up: the badge changes once a simulated second, not every frame.
        return f"await {math.ceil(left)}s"
    if view.state is TableState.FINISHED:
        return view.result
    return str(view.state.value)


class MiniBoard(Widget):
    """One table: a one-line badge over the board, drawn line by line from cached strips.

    One widget, not three: the compositor repaints every widget under the box
    round all the changes of a frame, so fewer widgets is the cheapest frame.
    The badge ticks (a countdown) many times a second and refreshes only its
    own line; the eight ranks are rendered again only after a move.
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
        self._badge: Strip | None = None
        self._ranks: list[Strip] | None = None

    def watch_header(self) -> None:
        self._badge = None
        self.refresh(Region(0, 0, self.size.width, 1))

    def on_resize(self) -> None:
        self._badge = self._ranks = None  # the cached strips are as wide as the widget was

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._badge = self._ranks = None  # they carry the background: selected, her table

    def board_changed(self) -> None:
        """A move was played here, or the game ended: draw the board again."""
        self.set_class(self.view.state is TableState.FINISHED, "-finished")
        self._badge = self._ranks = None
        self.refresh()

    def render_line(self, y: int) -> Strip:
        if y == 0:
            if self._badge is None:
                title = Text(f"{self.view.number:>2} ", style="bold")
                state = self.view.state
                if state is TableState.THINKING and self.header == "ready":
                    state = TableState.READY
                title.append(self.header, BADGE_STYLES[state])
                self._badge = self._strip(title)
            return self._badge
        if self._ranks is None:
            self._ranks = [self._strip(Text("  ") + row) for row in board_rows(self.view.board, self.view.last_move)]
        return self._ranks[y - 1] if y <= len(self._ranks) else Strip.blank(self.size.width)

    def _strip(self, text: Text) -> Strip:
        width, base = self.size.width, self.rich_style
        text.truncate(width)
        # The widget's own style underneath: squares keep their colours, the margins take its background.
        return Strip(text.render(self.app.console), text.cell_len).extend_cell_length(width).apply_style(base)

    def on_click(self) -> None:
        self.post_message(self.Chosen(self.view.number))
