"""How a side picks its move: one small async interface, many interchangeable movers."""

from __future__ import annotations

import abc
import random
from typing import ClassVar

import chess

PIECE_VALUES: dict[chess.PieceType, int] = {
    chess.PAWN: 1,
    chess.KNIGHT: 3,
    chess.BISHOP: 3,
    chess.ROOK: 5,
    chess.QUEEN: 9,
    chess.KING: 0,
}
"""The classical material values, in pawns."""

CENTRALITY: list[int] = [
    3 - max(abs(2 * chess.square_file(square) - 7), abs(2 * chess.square_rank(square) - 7)) // 2
    for square in chess.SQUARES
]
"""0 on the rim up to 3 in the four centre squares: where pieces and pawns want to be."""


class Mover(abc.ABC):
    """Picks a move for the side to move.

    The interface is async because a mover may wait: a UCI engine thinks in
    another process. Movers that only compute subclass `InstantMover`.
    """

    name: ClassVar[str]
    """The name used on the command line."""

    @abc.abstractmethod
    async def choose_move(self, board: chess.Board, rng: random.Random, within: float = 0.0) -> chess.Move:
        """A legal move in `board`, drawing any chance from `rng`; `board` is left as it was.

        `within` is the time the side has to think, in seconds of the loop's
        clock: an engine searches that long; a mover that computes at once
        ignores it.
        """

    async def open(self) -> None:  # noqa: B027 - a no-op default, not an abstract method
        """Get ready to play (start an engine, say); raise if the mover cannot play at all."""

    async def aclose(self) -> None:  # noqa: B027 - a no-op default, not an abstract method
        """Release what the mover holds (an engine process, say)."""


class InstantMover(Mover):
    """A mover that computes its move at once, with no waiting."""

    @abc.abstractmethod
    def pick(self, board: chess.Board, rng: random.Random) -> chess.Move:
        """The move, computed synchronously: also usable outside an event loop."""

    async def choose_move(self, board: chess.Board, rng: random.Random, within: float = 0.0) -> chess.Move:
        return self.pick(board, rng)


class RandomMover(InstantMover):
    """Plays any legal move, each equally likely."""

    name = "random"

    def pick(self, board: chess.Board, rng: random.Random) -> chess.Move:
        return rng.choice(list(board.legal_moves))


class GreedyMover(InstantMover):
    """Mates when it can, else wins the most material, else plays a sensible quiet move.

    One ply deep and cheap: a static look at each move, never a search, and a
    push only for the moves that could mate or stalemate.
    """

    name = "greedy"

    def pick(self, board: chess.Board, rng: random.Random) -> chess.Move:
        us = board.turn
        them = not us
        # A stalemate only throws away a won game against a bare king.
        bare_king = board.occupied_co[them] == board.kings & board.occupied_co[them]
        might_check = _checking_squares(board, them)
        # Squares they attack now; moving a piece can open or close a line, a
        # difference a one-ply mover accepts for a tenfold cheaper look.
        attacked = 0
        for square in chess.scan_forward(board.occupied_co[them]):
            attacked |= board.attacks_mask(square)
        best_score = -1_000_000
        best: list[chess.Move] = []
        for move in board.legal_moves:
            if bare_king or _might_give_check(board, move, might_check):
                board.push(move)
                try:
                    check = board.is_check()
                    # Generating replies is the costly part: only when it decides something.
                    no_reply = (check or bare_king) and not any(board.generate_legal_moves())
                finally:
                    board.pop()
                if no_reply:
                    if check:
                        return move  # checkmate
                    continue  # stalemate against a bare king: never
            score = self._score(board, move, us, them, attacked)
            if score > best_score:
                best_score, best = score, [move]
            elif score == best_score:
                best.append(move)
        if not best:  # every move stalemates: the rules still want a move
            return rng.choice(list(board.legal_moves))
        return rng.choice(best)

    @staticmethod
    def _score(board: chess.Board, move: chess.Move, us: chess.Color, them: chess.Color, attacked: int) -> int:
        """A static score in tenths of a pawn: material won, minus what is left hanging."""
        piece_type = board.piece_type_at(move.from_square)
        assert piece_type is not None  # a legal move always starts on a piece
        moved_value = PIECE_VALUES[piece_type]
        score = 0
        if board.is_en_passant(move):
            score += 10
        else:
            captured = board.piece_type_at(move.to_square)
            if captured is not None:
                score += 10 * PIECE_VALUES[captured]
        if move.promotion is not None:
            score += 10 * (PIECE_VALUES[move.promotion] - 1)
            moved_value = PIECE_VALUES[move.promotion]
        if attacked & chess.BB_SQUARES[move.to_square]:
            attackers = board.attackers_mask(them, move.to_square)
            # The moving piece defends nothing from its new square: leave it out.
            defenders = board.attackers_mask(us, move.to_square) & ~chess.BB_SQUARES[move.from_square]
            if defenders:
                # Defended: only a trade for a cheaper attacker loses anything.
                cheapest = min(
                    (PIECE_VALUES[board.piece_type_at(sq) or chess.PAWN] for sq in chess.scan_forward(attackers)),
                    default=moved_value,
                )
                score -= 10 * max(0, moved_value - cheapest)
            else:
                score -= 10 * moved_value
        elif piece_type == chess.KING and not board.is_castling(move):
            score -= 2  # keep the king home while there is play
        if board.is_castling(move):
            score += 4
        elif piece_type != chess.KING:
            # Towards the centre, where pieces control the most squares.
            score += CENTRALITY[move.to_square] - CENTRALITY[move.from_square]
            if piece_type in (chess.KNIGHT, chess.BISHOP) and chess.square_rank(move.from_square) in (0, 7):
                score += 2  # develop the minor pieces first
        return score


def _checking_squares(board: chess.Board, them: chess.Color) -> dict[chess.PieceType, int]:
    """For each piece type, a superset of the squares from which it could check their king.

    Computed once per position, so that most moves can be ruled out as checks
    without the push and pop that `Board.gives_check` costs.
    """
    king = board.king(them)
    assert king is not None  # a valid position has both kings
    diagonals = chess.BB_DIAG_ATTACKS[king][0]
    lines = chess.BB_RANK_ATTACKS[king][0] | chess.BB_FILE_ATTACKS[king][0]
    return {
        chess.PAWN: chess.BB_PAWN_ATTACKS[them][king],
        chess.KNIGHT: chess.BB_KNIGHT_ATTACKS[king],
        chess.BISHOP: diagonals,
        chess.ROOK: lines,
        chess.QUEEN: diagonals | lines,
        chess.KING: chess.BB_EMPTY,
    }


def _might_give_check(board: chess.Board, move: chess.Move, checking: dict[chess.PieceType, int]) -> bool:
    """False only for a move that surely gives no check: direct, discovered or special."""
    if move.promotion is not None or board.is_castling(move) or board.is_en_passant(move):
        return True
    piece_type = board.piece_type_at(move.from_square)
    assert piece_type is not None
    if chess.BB_SQUARES[move.to_square] & checking[piece_type]:
        return True
    # Leaving a line through their king may uncover a check by a piece behind.
    return bool(chess.BB_SQUARES[move.from_square] & checking[chess.QUEEN])


MOVERS: dict[str, type[InstantMover]] = {mover.name: mover for mover in (RandomMover, GreedyMover)}
"""The movers by name, as the command line offers them."""
