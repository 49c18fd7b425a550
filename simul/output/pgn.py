"""The exhibition's games as standard PGN, written by python-chess."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from pathlib import Path

import chess
import chess.pgn

from simul.core.events import Termination
from simul.core.table import Table
from simul.output.atomic import write_atomically

EVENT = "simul exhibition"
SITE = "simul"
GRANDMASTER = "Grandmaster"


def opponent_name(number: int) -> str:
    """How the opponent at table `number` is named in the PGN."""
    return f"Opponent {number}"


def game_of(table: Table, date: datetime.date) -> chess.pgn.Game:
    """Table `table`'s game, with the seven roster tags and a Termination tag."""
    board = table.game_board()
    game = chess.pgn.Game.from_board(board)
    ending = table.ending
    gm_is_white = table.gm_color == chess.WHITE
    game.headers["Event"] = EVENT
    game.headers["Site"] = SITE
    game.headers["Date"] = date.strftime("%Y.%m.%d")
    game.headers["Round"] = str(table.number)
    game.headers["White"] = GRANDMASTER if gm_is_white else opponent_name(table.number)
    game.headers["Black"] = opponent_name(table.number) if gm_is_white else GRANDMASTER
    game.headers["Result"] = ending.result if ending is not None else "*"
    termination = ending.termination if ending is not None else Termination.UNTERMINATED
    game.headers["Termination"] = termination.value
    if ending is not None and (termination is not Termination.NORMAL or board.outcome() is None):
        # Say why, where the final position does not: adjudication, a resignation, a failure, a stop.
        game.end().comment = ending.reason
    return game


def render_pgn(tables: Iterable[Table], date: datetime.date) -> str:
    """Every table's game, in table order, as one PGN text."""
    return "".join(str(game_of(table, date)) + "\n\n" for table in tables)


def write_pgn(path: Path, tables: Iterable[Table], date: datetime.date) -> None:
    """Write every table's game to `path`, atomically."""
    write_atomically(path, render_pgn(tables, date))
