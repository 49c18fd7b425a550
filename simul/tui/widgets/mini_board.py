"""One table drawn as text: a badge in asyncio's words, and an 8x8 board of unicode pieces."""

from __future__ import annotations

import enum
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import chess
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._styles_cache import StylesCache
from textual.color import Color
from textual.filter import LineFilter
from textual.geometry import Region
from textual.message import Message
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


SQUARE_BACKGROUNDS = {
    (light, last): Style(bgcolor=(LAST_LIGHT if light else LAST_DARK) if last else (LIGHT if light else DARK))
    for light in (False, True)
    for last in (False, True)
}
IN_CHECK = Style(bgcolor=CHECK)
PIECE_STYLES = {chess.WHITE: WHITE_PIECE, chess.BLACK: BLACK_PIECE, None: Style()}


def square_style(square: chess.Square, last: chess.Move | None, check: chess.Square | None) -> Style:
    """The background of `square`: light or dark, the last move, a king in check."""
    if square == check:
        return IN_CHECK
    light = (chess.square_file(square) + chess.square_rank(square)) % 2 == 1
    return SQUARE_BACKGROUNDS[light, last is not None and square in (last.from_square, last.to_square)]


Squares = tuple[tuple[str, Style], ...]
"""One rank, file a first: each square's glyph (a space if empty) and its style, background and piece."""


@functools.lru_cache(maxsize=64)
def _square(glyph: str, background: Style, piece: Style) -> tuple[str, Style]:
    return glyph, background + piece


def board_ranks(board: chess.Board, last: chess.Move | None) -> list[Squares]:
    """The board's ranks, rank 8 first, each as its squares' glyphs and styles."""
    check = board.king(board.turn) if board.is_check() else None
    ranks = []
    for rank in range(7, -1, -1):
        squares = []
        for file in range(8):
            square = chess.square(file, rank)
            piece = board.piece_at(square)
            glyph = GLYPHS[piece.piece_type] if piece is not None else " "
            colour = piece.color if piece is not None else None
            squares.append(_square(glyph, square_style(square, last, check), PIECE_STYLES[colour]))
        ranks.append(tuple(squares))
    return ranks


def _cell(glyph: str, width: int) -> str:
    """A square's text on the row that shows its piece: the glyph in the middle of `width` cells."""
    pad = (width - 1) // 2
    return f"{' ' * pad}{glyph}{' ' * (width - 1 - pad)}"


def board_rows(board: chess.Board, last: chess.Move | None, width: int = 1, height: int = 1) -> list[Text]:
    """The board as text rows, rank 8 first; each square `width` cells wide and `height` rows tall."""
    rows = []
    for squares in board_ranks(board, last):
        lines = [Text() for _ in range(height)]
        for glyph, style in squares:
            for index, line in enumerate(lines):
                # The piece on the square's middle row (the upper one of two), the rest its colour alone.
                line.append(_cell(glyph, width) if index == (height - 1) // 2 else " " * width, style)
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


class LastLinesCache(StylesCache):
    """Textual's cache of a widget's lines, that also keeps the last lines it gave the compositor.

    Each frame, the compositor asks every widget under the box round that frame's changes for its
    lines, and for each Textual works out the widget's background, region and opacity again and
    filters every cached line again. A board whose lines are not dirty gives back its last answer
    instead. Every change of what a widget shows marks lines dirty through this cache (a refresh,
    a resize, a change of style or theme), and a change of the filters (the theme's colours) or of
    the visible part (a scroll) is a new key. Used where Textual draws a board: a finished one.
    """

    def __init__(self) -> None:
        super().__init__()
        self._last: tuple[Region, Sequence[LineFilter], list[Strip]] | None = None

    def set_dirty(self, *regions: Region) -> None:
        self._last = None
        super().set_dirty(*regions)

    def clear(self) -> None:
        self._last = None
        super().clear()

    def render_widget(self, widget: Widget, crop: Region) -> list[Strip]:
        filters = widget.get_line_filters()
        last = self._last
        if last is not None and last[0] == crop and last[1] == filters:
            return last[2]
        strips = super().render_widget(widget, crop)
        self._last = (crop, filters, strips)
        return strips


@dataclass(frozen=True, slots=True)
class Look:
    """What a board's CSS does to its lines: read once per change of style, not at every frame."""

    base: Style
    """The widget's own style, under its lines: its background shows in the margins."""
    background: Color
    """The background the line filters (the theme's ANSI colours) work against."""
    plain: bool
    """No border, padding, outline, tint, hatch or opacity: Textual would draw its lines as they are."""


def plain_style(widget: Widget) -> bool:
    """Whether Textual draws `widget`'s content lines unchanged: no box round them, nothing blended."""
    styles = widget.styles
    return (
        not any(styles.gutter)  # padding and border
        and not any(edge for edge, _ in styles.outline)
        and not styles.tint.a
        and not (styles.has_rule("hatch") and styles.hatch != "none")
        and styles.text_opacity == 1
        and widget.opacity == 1
    )


class MiniBoard(Widget):
    """One table: a one-line badge over the board, drawn line by line from cached strips.

    One widget, not three: the compositor repaints every widget under the box
    round all the changes of a frame, so fewer widgets is the cheapest frame.
    The badge ticks (a countdown) many times a second and refreshes only its
    own line; the eight ranks are rendered again only after a move.

    The board hands the compositor its cached strips itself (`render_lines`):
    Textual's own path works each line through borders, padding and opacity,
    about 30 us a line, which at 200 boards made a scroll of the room a 45 ms
    frame. Where the CSS gives the board any of those (a finished game is drawn
    faded), Textual draws it as usual.
    """

    class Chosen(Message):
        """The user clicked this board."""

        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    def __init__(self, view: TableView, scale: BoardScale = BoardScale.COMPACT) -> None:
        super().__init__()
        self.view = view
        self.scale = scale
        self.header = ""
        """The badge's text (`show_header`)."""
        self._badge: Strip | None = None
        self._ranks: list[Strip] | None = None
        self._width = 0
        """The width the cached strips were drawn at."""
        self._look: Look | None = None
        self._lines: tuple[Region, Sequence[LineFilter], list[Strip]] | None = None
        """The last lines handed to the compositor, for which part of the board, through which filters."""
        self._styles_cache = LastLinesCache()

    def _redraw(self, *, badge: bool = True, ranks: bool = True) -> None:
        """Forget the cached badge, ranks, or both, and the lines made of them."""
        if badge:
            self._badge = None
        if ranks:
            self._ranks = None
        self._lines = None

    def rescale(self, scale: BoardScale) -> None:
        """Draw the board at `scale` (the room sets the widget's size)."""
        if scale is not self.scale:
            self.scale = scale
            self._redraw(badge=False)
            self.refresh()

    def show_header(self, header: str, *, in_view: bool = True) -> None:
        """Put `header` in the badge: its line is drawn again if it changed.

        Out of view, the board only forgets its badge, to draw it afresh when a scroll shows it: a
        refresh of a widget out of view costs Textual a new map of every widget's place.
        """
        if header != self.header:
            self.header = header
            self._redraw(ranks=False)
            if in_view or not self.look.plain:  # Textual's own line cache must hear of it
                self.refresh(Region(0, 0, self.outer_size.width, 1))

    def on_resize(self) -> None:
        self._redraw()  # the cached strips are as wide as the widget was

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._redraw()  # they carry the background: selected, her table
        self._look = None

    @property
    def look(self) -> Look:
        """What the CSS does to the board's lines, read once per change of style.

        Textual works these out afresh at each read, walking the widget's ancestors; they change
        only with the styles (a class such as her table's, the theme), which `notify_style_update` tells.
        """
        if self._look is None:
            self._look = Look(self.rich_style, self.background_colors[1], plain_style(self))
        return self._look

    def board_changed(self, *, in_view: bool = True) -> None:
        """A move was played here, or the game ended: draw the board again (out of view: when shown)."""
        self.set_class(self.view.state is TableState.FINISHED, "-finished")
        self._redraw()
        if in_view or not self.look.plain:
            self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        look = self.look
        if not look.plain:
            return super().render_lines(crop)  # Textual draws the box, the padding, the fading
        width = self.outer_size.width
        if width != self._width:
            self._redraw()  # resized, and the resize not handled yet
        filters = self.get_line_filters()
        lines = self._lines
        if lines is not None and lines[0] == crop and lines[1] == filters:
            return lines[2]
        strips = [self.render_line(y) for y in crop.line_range]
        for line_filter in filters:
            strips = [strip.apply_filter(line_filter, look.background) for strip in strips]
        if crop.column_span != (0, width):
            strips = [strip.crop(*crop.column_span) for strip in strips]
        self._lines = (crop, filters, strips)
        return strips

    def render_line(self, y: int) -> Strip:
        if self._badge is None or self._ranks is None:
            self._width = self.size.width
        if y == 0:
            if self._badge is None:
                state = self.view.state
                if state is TableState.THINKING and self.header == "ready":
                    state = TableState.READY
                if self.view.resting:
                    state = TableState.THINKING  # drawn as an await, as a thinking table is
                self._badge = badge_strip(self.view.number, self.header, state, self._width, self.look.base)
            return self._badge
        if self._ranks is None:
            scale, width, base = self.scale, self._width, self.look.base
            self._ranks = [
                rank_strip(squares, scale, line, width, base)
                for squares in board_ranks(self.view.board, self.view.last_move)
                for line in range(scale.square_height)
            ]
        return self._ranks[y - 1] if y <= len(self._ranks) else Strip.blank(self._width)

    def on_click(self) -> None:
        self.post_message(self.Chosen(self.view.number))


# Strips are shared between boards and frames: the same rank (or badge) on the same background is drawn
# once, not again after each move or each change of highlight. Built from segments, not through Rich's
# Text: a rank is ten segments whose cell length is known.


@functools.lru_cache(maxsize=4096)
def rank_strip(squares: Squares, scale: BoardScale, line: int, width: int, base: Style) -> Strip:
    """One row of a rank on a board `width` cells wide: a two-cell margin, then the squares on `base`."""
    square_width = scale.square_width
    with_piece = line == (scale.square_height - 1) // 2  # the piece on the square's middle row (the upper of two)
    blank = " " * square_width
    segments = [Segment("  ", base)]
    segments += [Segment(_cell(glyph, square_width) if with_piece else blank, base + style) for glyph, style in squares]
    return Strip(segments, 2 + 8 * square_width).crop_extend(0, width, base)


@functools.lru_cache(maxsize=4096)
def badge_strip(number: int, header: str, state: TableState, width: int, base: Style) -> Strip:
    """The badge line: the table's number and `header` in the style of `state`, on `base`."""
    bold = Style(bold=True)
    number_text = f"{number:>2} "
    segments = [Segment(number_text, base + bold), Segment(header, base + bold + Style.parse(BADGE_STYLES[state]))]
    return Strip(segments, cell_len(number_text) + cell_len(header)).crop_extend(0, width, base)
