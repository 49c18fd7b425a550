"""One table drawn as text: a badge in asyncio's words, and an 8x8 board of unicode pieces."""

from __future__ import annotations

import enum
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

# Mid-tone squares: white pieces on the light ones and black pieces on the dark ones both keep a
# contrast of about 3:1 (on a pale light square a white piece all but vanishes).
LIGHT, DARK = "#b08a60", "#7a5838"
LAST_LIGHT, LAST_DARK = "#a9a43c", "#7f7a22"
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


def board_rows(board: chess.Board, last: chess.Move | None, width: int = 1, height: int = 1) -> list[Text]:
    """The board as text rows, rank 8 first; each square `width` cells wide and `height` rows tall."""
    check = board.king(board.turn) if board.is_check() else None
    rows = []
    pad = " " * ((width - 1) // 2)
    for rank in range(7, -1, -1):
        lines = [Text() for _ in range(height)]
        for file in range(8):
            square = chess.square(file, rank)
            piece = board.piece_at(square)
            background = square_style(square, last, check)
            glyph = GLYPHS[piece.piece_type] if piece is not None else " "
            cell = f"{pad}{glyph}{' ' * (width - 1 - len(pad))}"
            piece_style = (WHITE_PIECE if piece.color == chess.WHITE else BLACK_PIECE) if piece else Style()
            for index, line in enumerate(lines):
                # The piece on the square's middle row (the upper one of two), the rest its colour alone.
                line.append(cell if index == (height - 1) // 2 else " " * width, background + piece_style)
        rows.extend(lines)
    return rows


class BoardScale(enum.Enum):
    """How big each board is drawn: the room picks the largest at which every board fits."""

    COMPACT = (1, 1)
    """A cell a square: twice as tall as wide in most fonts, for when nothing larger fits."""
    SQUARE = (2, 1)
    """Two cells a square: about square in a terminal's font."""
    LARGE = (4, 2)
    """Four cells by two rows a square: for a few boards on a big screen."""

    @property
    def square_width(self) -> int:
        return self.value[0]

    @property
    def square_height(self) -> int:
        return self.value[1]

    @property
    def width(self) -> int:
        """The board's cells across, with its left margin (at least the badge's: "12 await 23s")."""
        return max(2 + 8 * self.square_width, 13)

    @property
    def height(self) -> int:
        """The board's rows, with its badge."""
        return 1 + 8 * self.square_height


def scale_for(boards: int, width: int, height: int, gutter: int = 1) -> BoardScale:
    """The largest scale at which `boards` boards all fit in `width` x `height` cells; else the compact one."""
    for scale in (BoardScale.LARGE, BoardScale.SQUARE):
        columns = max(1, (width + gutter) // (scale.width + gutter))
        if math.ceil(boards / columns) * scale.height <= height:
            return scale
    return BoardScale.COMPACT


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
    if view.resting:
        return "await rest"  # her task is suspended: this table waits, and so does nothing else
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

    def __init__(self, view: TableView, scale: BoardScale = BoardScale.COMPACT) -> None:
        super().__init__()
        self.view = view
        self.scale = scale
        self._badge: Strip | None = None
        self._ranks: list[Strip] | None = None

    def rescale(self, scale: BoardScale) -> None:
        """Draw the board at `scale` (the room sets the widget's size)."""
        if scale is not self.scale:
            self.scale = scale
            self._ranks = None
            self.refresh()

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
                if self.view.resting:
                    state = TableState.THINKING  # drawn as an await, as a thinking table is
                title.append(self.header, BADGE_STYLES[state])
                self._badge = self._strip(title)
            return self._badge
        if self._ranks is None:
            scale = self.scale
            rows = board_rows(self.view.board, self.view.last_move, scale.square_width, scale.square_height)
            self._ranks = [self._strip(Text("  ") + row) for row in rows]
        return self._ranks[y - 1] if y <= len(self._ranks) else Strip.blank(self.size.width)

    def _strip(self, text: Text) -> Strip:
        width, base = self.size.width, self.rich_style
        text.truncate(width)
        # The widget's own style underneath: squares keep their colours, the margins take its background.
        return Strip(text.render(self.app.console), text.cell_len).extend_cell_length(width).apply_style(base)

    def on_click(self) -> None:
        self.post_message(self.Chosen(self.view.number))
