"""One table of the exhibition: a game, whose turn it is, and how it ended."""

from __future__ import annotations

import asyncio
import enum
import random
from array import array
from dataclasses import dataclass

import chess

from simul.core.events import GameFinished, Termination
from simul.core.movers import PIECE_VALUES

ADJUDICATION_MARGIN = 3
"""Material lead, in pawns, that wins an adjudicated game: a minor piece or more."""


class TableState(enum.Enum):
    """Where a table stands in the room (simul's model; docs/rules.md says what asyncio does meanwhile)."""

    THINKING = "thinking"
    """The opponent is thinking: its task is suspended on a timer until its move lands."""
    READY = "ready"
    """The opponent has moved; the game waits for the grandmaster. Under `round` and `urgent` the
    table is in her circuit while the opponent's task is suspended again (not in the loop's ready
    queue); under `loop` the table's task is in the ready queue."""
    PLAYING = "playing"
    """The grandmaster is making her move here: her task is suspended for her move time (`loop`:
    the table's task holds the thread for it)."""
    FINISHED = "finished"
    """The game is over."""
    FAILED = "failed"
    """The table raised an error; its game stopped there."""


@dataclass(frozen=True, slots=True)
class Ending:
    """How a game ended."""

    result: str
    """PGN result: "1-0", "0-1", "1/2-1/2", or "*" when unfinished."""
    termination: Termination
    """Why, in PGN's terms."""
    reason: str
    """Why, in words."""


def adjudicate(board: chess.Board, full_moves: int) -> Ending:
    """Score a game stopped at the move limit by material (pawn 1, minor 3, rook 5, queen 9).

    A lead of `ADJUDICATION_MARGIN` pawns or more wins; anything less is a draw.
    """
    balance = sum(
        value * (len(board.pieces(piece_type, chess.WHITE)) - len(board.pieces(piece_type, chess.BLACK)))
        for piece_type, value in PIECE_VALUES.items()
    )
    after = f"adjudicated after {full_moves} moves"
    if balance >= ADJUDICATION_MARGIN:
        return Ending("1-0", Termination.ADJUDICATION, f"{after}: White is {balance} up in material")
    if balance <= -ADJUDICATION_MARGIN:
        return Ending("0-1", Termination.ADJUDICATION, f"{after}: Black is {-balance} up in material")
    return Ending("1/2-1/2", Termination.ADJUDICATION, f"{after}: material within {ADJUDICATION_MARGIN - 1}")


FIVEFOLD_MIN_PLIES = 16
"""A position seen five times needs at least four cycles of four reversible half-moves."""


def game_outcome(board: chess.Board) -> chess.Outcome | None:
    """Exactly `board.outcome()`, without its repetition scan while no repetition is possible.

    That scan walks the whole move stack every ply, the biggest cost of a long
    game; a capture or pawn move (which resets the half-move clock) makes every
    earlier position unrepeatable.
    """
    if board.halfmove_clock >= FIVEFOLD_MIN_PLIES:
        return board.outcome()
    if any(board.generate_legal_moves()):
        if board.is_insufficient_material():
            return chess.Outcome(chess.Termination.INSUFFICIENT_MATERIAL, None)
        return None
    if board.is_check():
        return chess.Outcome(chess.Termination.CHECKMATE, not board.turn)
    if board.is_insufficient_material():
        return chess.Outcome(chess.Termination.INSUFFICIENT_MATERIAL, None)
    return chess.Outcome(chess.Termination.STALEMATE, None)


def _reason(outcome: chess.Outcome) -> str:
    return outcome.termination.name.lower().replace("_", " ")


def pack_move(move: chess.Move) -> int:
    """`move` in 15 bits: from and to squares, and the promotion's piece type (0 for none)."""
    return move.from_square | move.to_square << 6 | (move.promotion or 0) << 12


def unpack_move(code: int) -> chess.Move:
    """The move `pack_move` packed into `code`."""
    return chess.Move(code & 63, code >> 6 & 63, code >> 12 or None)


class Table:
    """One game, its state, and the hand-offs between the grandmaster and the opponent.

    The two sides never play at once: the grandmaster hands the move to the
    opponent (`hand_to_opponent`), whose task wakes, thinks and moves, then
    hands it back (`mark_ready`). Each side awaits its turn, never polls.
    """

    def __init__(
        self,
        number: int,
        board: chess.Board,
        gm_color: chess.Color,
        rng: random.Random,
        max_plies: int | None = None,
        start_fen: str | None = None,
    ) -> None:
        self.number = number
        """The table number, from 1, in the grandmaster's walking order."""
        self.board = board
        """The position, and the moves since the last capture or pawn move (all a repetition can reach back to).

        Only the side to move touches it. The whole game is `moves`, from `start_fen`.
        """
        self.start_fen = start_fen if start_fen is not None else board.fen()
        """The position the game started from (shared by every table that starts there)."""
        self._moves = array("H")  # packed, two bytes a move: a `chess.Move` object costs fifty times that
        self.gm_color = gm_color
        """The colour the grandmaster plays here."""
        self.rng = rng
        """Every random choice of this table (both sides and the think times)."""
        self.max_plies = max_plies
        """Half-moves after which the game is adjudicated, if limited."""
        self.state = TableState.READY if board.turn == gm_color else TableState.THINKING
        self.ready_at = 0.0
        """When the table is, or will be, ready for the grandmaster (simulated)."""
        self.plies = 0
        """Half-moves played here."""
        self.last_move_at = 0.0
        """When the last move here was played (simulated)."""
        self.ending: Ending | None = None
        """How the game ended, once it has."""
        self.error: str | None = None
        """What went wrong, if the table failed."""
        self._opponent_turn = asyncio.Event()
        self._gm_turn = asyncio.Event()
        if self.state is TableState.READY:
            self._gm_turn.set()

    @property
    def is_over(self) -> bool:
        """Whether the game has ended or failed."""
        return self.state in (TableState.FINISHED, TableState.FAILED)

    @property
    def gm_to_move(self) -> bool:
        """Whether it is the grandmaster's turn at this table."""
        return self.board.turn == self.gm_color

    def play(self, move: chess.Move) -> Ending | None:
        """Play `move` for the side to move; return how the game ended, if it did."""
        board = self.board
        if board.is_zeroing(move):
            # A capture or a pawn move: no position before it can come again, so the board
            # need not keep them (python-chess keeps a state of 15 values for each, about
            # 0.5 KB a ply that a long game, times 10,000 tables, would otherwise hold).
            # Cleared before the push, so that the stack keeps this move's state: on an
            # empty stack python-chess recomputes the castling rights at every look.
            board.clear_stack()
        board.push(move)
        self._moves.append(pack_move(move))
        self.plies += 1
        # Without claim_draw: that check costs ~160 us a ply; the automatic
        # fivefold and 75-move rules still end every game.
        outcome = game_outcome(self.board)
        if outcome is not None:
            return self._finish(Ending(outcome.result(), Termination.NORMAL, _reason(outcome)))
        if self.max_plies is not None and self.plies >= self.max_plies:
            return self._finish(adjudicate(self.board, self.plies // 2))
        return None

    @property
    def moves(self) -> list[chess.Move]:
        """Every move played here through `play`, in order."""
        return [unpack_move(code) for code in self._moves]

    def game_board(self) -> chess.Board:
        """The whole game on a board of its own, every move in its stack: for PGN, and replays."""
        board = chess.Board(self.start_fen)
        for move in self.moves:
            board.push(move)
        return board

    def finished_event(self, at: float) -> GameFinished:
        """The event announcing how this table's game ended, at simulated time `at`."""
        assert self.ending is not None, "the game has not ended"
        ending = self.ending
        return GameFinished(self.number, at, ending.result, ending.termination, ending.reason, self.gm_color)

    def hand_to_opponent(self, at: float, think: float) -> None:
        """The grandmaster has moved at `at`: the opponent thinks for `think` seconds."""
        self.state = TableState.THINKING
        self.ready_at = at + think
        self._opponent_turn.set()

    async def wait_for_opponent_turn(self) -> None:
        """Return when the opponent may move, or the game is over."""
        await self._opponent_turn.wait()
        self._opponent_turn.clear()

    def mark_ready(self) -> None:
        """The opponent has moved: the table waits for the grandmaster."""
        self.state = TableState.READY
        self._gm_turn.set()

    async def wait_until_ready(self) -> None:
        """Return when the opponent has moved (at once if it has), or the game is over."""
        await self._gm_turn.wait()
        self._gm_turn.clear()

    def resign(self) -> Ending:
        """The grandmaster resigns here: her opponent wins, wherever the game stands."""
        winner = "0-1" if self.gm_color == chess.WHITE else "1-0"
        return self._finish(Ending(winner, Termination.NORMAL, "the grandmaster resigned"))

    def stop(self) -> Ending:
        """End an unfinished game where it stands (the exhibition was stopped)."""
        return self._finish(Ending("*", Termination.UNTERMINATED, "stopped before the end"))

    def fail(self, error: BaseException) -> None:
        """Record that this table raised `error`; its game stops, unscored."""
        self.error = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        self.ending = Ending("*", Termination.ABANDONED, f"failed: {self.error}")
        self.state = TableState.FAILED
        self._release_waiters()

    def _finish(self, ending: Ending) -> Ending:
        self.ending = ending
        self.state = TableState.FINISHED
        self._release_waiters()
        return ending

    def _release_waiters(self) -> None:
        # Whoever waits for a turn here must wake up and see the game is over.
        self._opponent_turn.set()
        self._gm_turn.set()
