"""A mini-board's lines, built from cached segments, are the lines Rich's Text draws for the same board."""

from __future__ import annotations

import chess
import pytest
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from simul.core.table import TableState
from simul.tui.room import TableView
from simul.tui.widgets.mini_board import (
    BADGE_STYLES,
    BoardScale,
    MiniBoard,
    badge_strip,
    board_ranks,
    board_rows,
    rank_strip,
)

BASE = Style(color="#e0e0e0", bgcolor="#1e3a5f")
"""A widget's own style underneath, as when the board is selected."""


def _as_text(text: Text, width: int, base: Style) -> list[Segment]:
    """What the board drew before: the text rendered by Rich, cut or padded to `width`, on `base`."""
    text.truncate(width)
    strip = Strip(text.render(Console()), text.cell_len).extend_cell_length(width).apply_style(base)
    return list(strip.simplify())


def _positions() -> list[tuple[chess.Board, chess.Move | None]]:
    """The start, a position after a capture, and a king in check."""
    board = chess.Board()
    positions: list[tuple[chess.Board, chess.Move | None]] = [(board.copy(), None)]
    for san in ("e4", "d5", "exd5", "Qxd5", "Nc3", "Qe5+"):
        move = board.push_san(san)
        positions.append((board.copy(), move))
    assert positions[-1][0].is_check()
    return positions


@pytest.mark.parametrize("scale", list(BoardScale))
def test_each_rank_is_drawn_as_the_text_rows_draw_it(scale: BoardScale) -> None:
    for board, last in _positions():
        rows = board_rows(board, last, scale.square_width, scale.square_height)
        strips = [
            rank_strip(squares, scale, line, scale.width, BASE)
            for squares in board_ranks(board, last)
            for line in range(scale.square_height)
        ]
        assert len(strips) == len(rows) == scale.height - 1
        for row, strip in zip(rows, strips, strict=True):
            assert strip.cell_length == scale.width
            assert list(strip.simplify()) == _as_text(Text("  ") + row, scale.width, BASE)


@pytest.mark.parametrize("state", list(TableState))
def test_the_badge_is_drawn_as_its_text_draws_it(state: TableState) -> None:
    for number, header, width in ((7, "await 12s", 13), (12, "playing", 18), (10000, "await 123s", 13)):
        text = Text(f"{number:>2} ", style="bold")
        text.append(header, BADGE_STYLES[state])
        strip = badge_strip(number, header, state, width, BASE)
        assert strip.cell_length == width
        assert list(strip.simplify()) == _as_text(text, width, BASE)


class OneBoard(App[None]):
    """One mini-board on a plain screen."""

    CSS = """
    MiniBoard { width: 13; height: 9; }
    MiniBoard.-selected { background: #ff0000; }
    MiniBoard.-gm-here { background: $success 70%; }
    MiniBoard.-finished { opacity: 70%; }
    """

    def __init__(self, view: TableView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        yield MiniBoard(self.view)


async def test_a_board_gives_its_last_lines_until_something_it_shows_changes() -> None:
    view = TableView(1, chess.WHITE, chess.Board(), TableState.THINKING)
    app = OneBoard(view)
    async with app.run_test(size=(20, 10)) as pilot:
        board = app.query_one(MiniBoard)
        whole = Region(0, 0, 13, 9)
        first = board.render_lines(whole)
        assert board.render_lines(whole) is first  # nothing changed: no line worked out again

        board.show_header("await 3s")
        await pilot.pause()
        lines = board.render_lines(whole)
        assert lines[0].text == " 1 await 3s  "
        assert [line.text for line in lines[1:]] == [line.text for line in first[1:]]

        view.last_move = view.board.push_san("e4")
        board.board_changed()
        await pilot.pause()
        assert board.render_lines(whole)[5].text == " " * 6 + "♟" + " " * 6  # rank 4: the margin, d-file, e4

        board.add_class("-selected")
        await pilot.pause()
        margin = next(iter(board.render_lines(whole)[1]))
        assert margin.style is not None
        assert margin.style.bgcolor is not None
        assert margin.style.bgcolor.get_truecolor().red > 200  # the selection's red, under the margin


def _textuals_lines(board: MiniBoard, crop: Region) -> list[list[Segment]]:
    """The board's lines as Textual's own path draws them (its line cache emptied first)."""
    board.refresh()
    return [list(strip) for strip in Widget.render_lines(board, crop)]


async def test_a_board_draws_its_lines_as_textual_would() -> None:
    view = TableView(1, chess.WHITE, chess.Board(), TableState.THINKING)
    app = OneBoard(view)
    async with app.run_test(size=(20, 10)) as pilot:
        board = app.query_one(MiniBoard)
        crops = (Region(0, 0, 13, 9), Region(0, 4, 13, 5), Region(3, 0, 7, 9))  # whole, scrolled, cut at the side
        for change in ("", "header", "moves", "-selected", "-gm-here", "-finished"):
            if change == "header":
                board.show_header("await 12s")
            elif change == "moves":
                for san in ("e4", "d5", "exd5", "Qxd5", "Nc3", "Qe5+"):
                    view.last_move = view.board.push_san(san)
                board.board_changed()
            elif change:
                board.set_classes(change)
            await pilot.pause()
            for crop in crops:
                mine = [list(strip) for strip in board.render_lines(crop)]
                assert mine == _textuals_lines(board, crop), (change, crop)
