"""A real alpha-beta search in pure Python: CPU-bound thinking that holds whichever thread runs it."""

from __future__ import annotations

import random
from dataclasses import dataclass

import chess

from simul.core.movers import InstantMover

DEFAULT_DEPTH = 3
"""Plies searched when no depth is given: tenths of a second a move in a middlegame, enough to feel."""

MATE_SCORE = 100_000
"""The score of mating at once; a mate `n` plies away scores `MATE_SCORE - n`, so shorter mates score higher."""

MAX_QUIESCENCE_PLIES = 8
"""How many captures (or check evasions) deep the quiescence search may go past the nominal depth."""

_MATE_BOUND = MATE_SCORE - 1_000
"""Scores beyond it are mates: a search reaches far fewer than a thousand plies, and no material adds up to it."""
_INFINITY = MATE_SCORE + 1
"""Worse than being mated at once: the score to beat before any move is searched."""

_PIECE_VALUES = {
    chess.PAWN: 100,
    chess.KNIGHT: 320,
    chess.BISHOP: 330,
    chess.ROOK: 500,
    chess.QUEEN: 900,
    chess.KING: 0,
}
"""Material in centipawns."""

# The piece-square tables below are from White's side, laid out as White sees the board:
# the first row is rank 8, the last rank 1. Bonuses in centipawns, added to the material.
_PAWN_MIDDLEGAME = [
      0,   0,   0,   0,   0,   0,   0,   0,
     50,  50,  50,  55,  55,  50,  50,  50,
     10,  15,  20,  30,  30,  20,  15,  10,
      5,   5,  10,  25,  25,  10,   5,   5,
      0,   0,   5,  20,  20,   5,   0,   0,
      5,   0,  -5,   5,   5, -10,   0,   5,
      5,  10,  10, -20, -20,  10,  10,   5,
      0,   0,   0,   0,   0,   0,   0,   0,
]  # fmt: skip
# A passer's walk is the endgame's plan: each rank forward is worth more than the last.
_PAWN_ENDGAME = [
      0,   0,   0,   0,   0,   0,   0,   0,
     90,  90,  90,  90,  90,  90,  90,  90,
     55,  55,  50,  50,  50,  50,  55,  55,
     30,  30,  25,  25,  25,  25,  30,  30,
     15,  15,  10,  10,  10,  10,  15,  15,
      5,   5,   0,   0,   0,   0,   5,   5,
      0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,
]  # fmt: skip
# A knight on the rim is dim: it reaches half the squares it would from the centre.
_KNIGHT = [
    -50, -35, -25, -20, -20, -25, -35, -50,
    -35, -15,   0,   5,   5,   0, -15, -35,
    -25,   5,  15,  20,  20,  15,   5, -25,
    -20,   5,  20,  25,  25,  20,   5, -20,
    -20,   0,  15,  25,  25,  15,   0, -20,
    -25,   0,  10,  15,  15,  10,   0, -25,
    -35, -15,   0,   5,   5,   0, -15, -35,
    -50, -30, -25, -20, -20, -25, -30, -50,
]  # fmt: skip
_BISHOP = [
    -20, -10, -10, -10, -10, -10, -10, -20,
    -10,   0,   0,   0,   0,   0,   0, -10,
    -10,   0,   5,  10,  10,   5,   0, -10,
    -10,   5,   5,  10,  10,   5,   5, -10,
    -10,   0,  10,  10,  10,  10,   0, -10,
    -10,  10,  10,  10,  10,  10,  10, -10,
    -10,  15,   0,   5,   5,   0,  15, -10,
    -20, -10, -15, -10, -10, -15, -10, -20,
]  # fmt: skip
# Rooks want the seventh rank and, at home, the centre files the castled king hands them.
_ROOK = [
      0,   0,   0,   5,   5,   0,   0,   0,
     15,  20,  20,  20,  20,  20,  20,  15,
     -5,   0,   0,   0,   0,   0,   0,  -5,
     -5,   0,   0,   0,   0,   0,   0,  -5,
     -5,   0,   0,   0,   0,   0,   0,  -5,
     -5,   0,   0,   0,   0,   0,   0,  -5,
     -5,   0,   0,   0,   0,   0,   0,  -5,
     -5,   0,   0,  10,  10,   5,   0,  -5,
]  # fmt: skip
_QUEEN = [
    -20, -10, -10,  -5,  -5, -10, -10, -20,
    -10,   0,   0,   0,   0,   0,   0, -10,
    -10,   0,   5,   5,   5,   5,   0, -10,
     -5,   0,   5,   5,   5,   5,   0,  -5,
     -5,   0,   5,   5,   5,   5,   0,  -5,
    -10,   0,   5,   5,   5,   5,   0, -10,
    -10,   0,   0,   0,   0,   0,   0, -10,
    -20, -10, -10,   0,  -5, -10, -10, -20,
]  # fmt: skip
# With queens on, the king hides behind its pawns; castled squares score best.
_KING_MIDDLEGAME = [
    -40, -50, -50, -60, -60, -50, -50, -40,
    -40, -50, -50, -60, -60, -50, -50, -40,
    -40, -50, -50, -60, -60, -50, -50, -40,
    -40, -50, -50, -60, -60, -50, -50, -40,
    -30, -40, -40, -50, -50, -40, -40, -30,
    -20, -30, -30, -40, -40, -30, -30, -20,
     10,  10,  -5, -20, -20,  -5,  10,  10,
     20,  30,  10, -10,   0,  10,  35,  20,
]  # fmt: skip
# In the endgame the king is a fighter and belongs in the centre; a lone king is mated on the edge.
_KING_ENDGAME = [
    -50, -35, -25, -20, -20, -25, -35, -50,
    -35, -15,  -5,   0,   0,  -5, -15, -35,
    -25,  -5,  15,  20,  20,  15,  -5, -25,
    -20,   0,  20,  30,  30,  20,   0, -20,
    -20,   0,  20,  30,  30,  20,   0, -20,
    -25,  -5,  15,  20,  20,  15,  -5, -25,
    -35, -15,  -5,   0,   0,  -5, -15, -35,
    -50, -35, -25, -20, -20, -25, -35, -50,
]  # fmt: skip

_DELTA_MARGIN = 200
"""Centipawns of positional gain a capture might bring beyond its victim, when delta pruning."""

_FULL_PHASE = 24
"""The game phase with every piece on: a knight or bishop counts 1, a rook 2, a queen 4; pawns and kings 0."""


def _square_values(table: list[int], piece_type: chess.PieceType, color: chess.Color) -> list[int]:
    """Material plus the table's bonus, indexed by square for a piece of `color`."""
    # The table's first row is rank 8: flipping the rank (^ 56) reads it for White; Black reads it as is.
    flip = 56 if color == chess.WHITE else 0
    return [_PIECE_VALUES[piece_type] + table[square ^ flip] for square in chess.SQUARES]


def _tables(by_type: dict[chess.PieceType, list[int]]) -> tuple[list[list[int]], list[list[int]]]:
    """For each piece type (the index) a square-indexed list of values: Black's, then White's."""
    # Index 0 is no piece type: padding so that a `chess.PieceType` indexes directly.
    black = [[], *(_square_values(by_type[piece], piece, chess.BLACK) for piece in chess.PIECE_TYPES)]
    white = [[], *(_square_values(by_type[piece], piece, chess.WHITE) for piece in chess.PIECE_TYPES)]
    return black, white


_MIDDLEGAME = _tables(
    {
        chess.PAWN: _PAWN_MIDDLEGAME,
        chess.KNIGHT: _KNIGHT,
        chess.BISHOP: _BISHOP,
        chess.ROOK: _ROOK,
        chess.QUEEN: _QUEEN,
        chess.KING: _KING_MIDDLEGAME,
    }
)
_ENDGAME = _tables(
    {
        chess.PAWN: _PAWN_ENDGAME,
        chess.KNIGHT: _KNIGHT,
        chess.BISHOP: _BISHOP,
        chess.ROOK: _ROOK,
        chess.QUEEN: _QUEEN,
        chess.KING: _KING_ENDGAME,
    }
)


def evaluate(board: chess.Board) -> int:
    """The static score of `board` in centipawns, from the side to move's view.

    Material plus piece-square bonuses, blended from middlegame to endgame
    values as the pieces come off.
    """
    middlegame = endgame = 0
    for color in chess.COLORS:
        ours = board.occupied_co[color]
        middle_tables, end_tables = _MIDDLEGAME[color], _ENDGAME[color]
        middle_sum = end_sum = 0
        for piece_type, pieces in (
            (chess.PAWN, board.pawns),
            (chess.KNIGHT, board.knights),
            (chess.BISHOP, board.bishops),
            (chess.ROOK, board.rooks),
            (chess.QUEEN, board.queens),
            (chess.KING, board.kings),
        ):
            middle_values, end_values = middle_tables[piece_type], end_tables[piece_type]
            # `chess.scan_forward` inlined: the evaluation is the search's hottest loop, and a generator costs a third.
            bits = pieces & ours
            while bits:
                lowest = bits & -bits
                square = lowest.bit_length() - 1
                middle_sum += middle_values[square]
                end_sum += end_values[square]
                bits ^= lowest
        if color == chess.WHITE:
            middlegame, endgame = middlegame + middle_sum, endgame + end_sum
        else:
            middlegame, endgame = middlegame - middle_sum, endgame - end_sum
    phase = min(
        _FULL_PHASE,
        (board.knights | board.bishops).bit_count() + 2 * board.rooks.bit_count() + 4 * board.queens.bit_count(),
    )
    blended = middlegame * phase + endgame * (_FULL_PHASE - phase)
    # Turned to the side to move before dividing, so that both sides round alike and a mirrored board scores the same.
    return (blended if board.turn == chess.WHITE else -blended) // _FULL_PHASE


@dataclass(frozen=True)
class SearchResult:
    """What a search found: the move to play, how good it is, and what it cost."""

    move: chess.Move
    """The best move found."""
    score: int
    """Centipawns from the side to move's view; past `±(MATE_SCORE - 1000)` a forced mate (see `mate_in`)."""
    nodes: int
    """Positions visited, the root and the quiescence search's included: the work done."""

    @property
    def mate_in(self) -> int | None:
        """Moves to a forced mate: positive when the side to move mates, negative when it is mated, else None."""
        if self.score > _MATE_BOUND:
            return (MATE_SCORE - self.score + 1) // 2
        if self.score < -_MATE_BOUND:
            return -((MATE_SCORE + self.score) // 2)
        return None


def search(board: chess.Board, depth: int) -> SearchResult:
    """The best move in `board` by a negamax alpha-beta search `depth` plies deep, then quiescence.

    Deterministic: the same position and depth give the same move, score and
    node count. `board` itself is never touched: the search plays on a copy,
    so a thread may search while the event loop reads the board.

    Raises:
        ValueError: `depth` is below 1, or the game is over (no legal move).
    """
    if depth < 1:
        raise ValueError(f"depth must be at least 1, not {depth}")
    return _Search(board.copy()).root(depth)


def best_move_uci(fen: str, depth: int) -> str:
    """The best move in the position `fen`, in UCI notation.

    Strings in, a string out: a module-level function a process pool can
    pickle and call. A FEN carries no history, so repetitions before it are unseen.
    """
    return search(chess.Board(fen), depth).move.uci()


def best_move_after(start_fen: str, moves: list[str], depth: int) -> str:
    """The best move after `moves` (UCI) from `start_fen`, in UCI: the game's history kept, repetitions seen.

    Strings in, a string out, as `best_move_uci`: for a process pool, with the
    same answer as `search` on the game's own board.
    """
    board = chess.Board(start_fen)
    for move in moves:
        board.push_uci(move)
    return search(board, depth).move.uci()


class _Search:
    """One search's working state: the board it plays on and its node count, shared with no other search."""

    def __init__(self, board: chess.Board) -> None:
        self.board = board
        self.nodes = 0
        self.killers: list[list[chess.Move]] = []
        """By ply, the last two quiet moves that cut the search off there: likely to cut again in a sibling line."""

    def root(self, depth: int) -> SearchResult:
        """The search of the board's position: the best move, its score and the nodes it took."""
        board = self.board
        self.nodes += 1
        moves = _ordered(board, list(board.generate_legal_moves()))
        if not moves:
            raise ValueError(f"no legal move: the game is over in {board.fen()}")
        # Iterative deepening: each shallower search puts its best move first for the next, whose cut-offs
        # then come early; the killers it leaves behind help too. It costs far less than it saves.
        for iteration in range(1, depth + 1):
            best_move, score = self.best_of(moves, iteration)
            moves.remove(best_move)
            moves.insert(0, best_move)
        return SearchResult(move=best_move, score=score, nodes=self.nodes)

    def best_of(self, moves: list[chess.Move], depth: int) -> tuple[chess.Move, int]:
        """The best of the root's `moves` searched `depth` plies deep, and its exact score."""
        board = self.board
        best_move, alpha = moves[0], -_INFINITY
        for move in moves:
            board.push(move)
            score = -self.negamax(depth - 1, -_INFINITY, -alpha, 1)
            board.pop()
            # Strictly better only: among equals the first in move order wins, which keeps it deterministic.
            if score > alpha:
                best_move, alpha = move, score
        return best_move, alpha

    def negamax(self, depth: int, alpha: int, beta: int, ply: int) -> int:
        """The score of the position, exact when inside (alpha, beta), else only a bound on that side."""
        if depth <= 0:
            return self.quiesce(alpha, beta, ply, 0)
        self.nodes += 1
        board = self.board
        if _is_drawn(board):
            return 0
        moves = list(board.generate_legal_moves())
        if not moves:
            return -(MATE_SCORE - ply) if board.is_check() else 0
        if board.halfmove_clock >= 100:  # checked after mate: a mate on the hundredth ply still counts
            return 0
        while len(self.killers) <= ply:
            self.killers.append([])
        killers = self.killers[ply]
        best = -_INFINITY
        for move in _ordered(board, moves, killers):
            board.push(move)
            score = -self.negamax(depth - 1, -beta, -alpha, ply + 1)
            board.pop()
            if score > best:
                best = score
                if score > alpha:
                    alpha = score
                    if alpha >= beta:
                        if move not in killers and not _is_forcing(board, move):
                            killers[:] = [move, *killers[:1]]
                        break
        return best

    def quiesce(self, alpha: int, beta: int, ply: int, quiet_ply: int) -> int:
        """Past the horizon: play on only captures (or all evasions in check) until the position is quiet."""
        self.nodes += 1
        board = self.board
        if _is_drawn(board):
            return 0
        in_check = board.is_check()
        if in_check:
            moves = list(board.generate_legal_moves())
            if not moves:
                return -(MATE_SCORE - ply)
        if board.halfmove_clock >= 100:  # checked after mate: a mate on the hundredth ply still counts
            return 0
        if in_check:
            # No standing pat in check: the evasions decide.
            if quiet_ply >= MAX_QUIESCENCE_PLIES:
                return evaluate(board)
            best = -_INFINITY
        else:
            best = evaluate(board)
            if best >= beta or quiet_ply >= MAX_QUIESCENCE_PLIES:
                return best
            us = board.occupied_co[board.turn]
            # A bare king may have no move at all: the stalemate a winning side must see, and cheap to test.
            if us == board.kings & us and not any(board.generate_legal_moves()):
                return 0
            alpha = max(alpha, best)
            moves = [move for move in board.generate_legal_captures() if _worth_a_look(board, move, alpha - best)]
            # Promoting changes the material as much as a capture does.
            moves += [
                move
                for move in board.generate_legal_moves(board.pawns, chess.BB_BACKRANKS & ~board.occupied)
                if move.promotion == chess.QUEEN
            ]
        for move in _ordered(board, moves):
            board.push(move)
            score = -self.quiesce(-beta, -alpha, ply + 1, quiet_ply + 1)
            board.pop()
            if score > best:
                best = score
                if score > alpha:
                    alpha = score
                    if alpha >= beta:
                        break
        return best


def _is_drawn(board: chess.Board) -> bool:
    """Whether the position reached in the search is a draw already, by dead material or by repetition.

    Twofold counts: a line that repeats once can repeat forever. Both tests are cheap, the repetition
    one because a position cannot recur within four plies of a capture or a pawn move.
    """
    return board.is_insufficient_material() or (board.halfmove_clock >= 4 and board.is_repetition(2))


def _worth_a_look(board: chess.Board, move: chess.Move, shortfall: int) -> bool:
    """Whether a capture in the quiescence search might pay: False for the two kinds that surely or likely lose.

    Args:
        shortfall: How far the static score falls below alpha.
    """
    if board.is_en_passant(move):
        victim = _PIECE_VALUES[chess.PAWN]
    else:
        victim = _PIECE_VALUES[board.piece_type_at(move.to_square) or chess.PAWN]
    if move.promotion is not None:
        victim += _PIECE_VALUES[move.promotion] - _PIECE_VALUES[chess.PAWN]
    # Delta pruning: even the victim for free, plus a margin for position, would not reach alpha.
    if victim + _DELTA_MARGIN < shortfall:
        return False
    attacker = _PIECE_VALUES[board.piece_type_at(move.from_square) or chess.PAWN]
    # A bigger piece taking a smaller defended one most likely loses the difference: a cheap stand-in for
    # an exchange evaluation, which the quiescence search would otherwise spend most of its nodes on.
    return attacker <= victim or not board.is_attacked_by(not board.turn, move.to_square)


def _ordered(board: chess.Board, moves: list[chess.Move], killers: list[chess.Move] | None = None) -> list[chess.Move]:
    """`moves` with the likely best first, which is what lets alpha-beta cut the rest.

    Captures and promotions come first, the most valuable victim first and among equal victims the least
    valuable attacker; then the killers; then the quiet moves in the order they were generated.
    """
    theirs = board.occupied_co[not board.turn]
    forcing: list[tuple[int, chess.Move]] = []
    quiet: list[chess.Move] = []
    for move in moves:
        to_square = move.to_square
        if theirs & chess.BB_SQUARES[to_square]:
            victim = board.piece_type_at(to_square) or chess.PAWN
        elif to_square == board.ep_square and board.pawns & chess.BB_SQUARES[move.from_square]:
            victim = chess.PAWN  # en passant: the only way a pawn reaches that square
        elif move.promotion is not None:
            victim = 0
        else:
            quiet.append(move)
            continue
        gain = victim + (move.promotion - 1 if move.promotion is not None else 0)
        attacker = board.piece_type_at(move.from_square) or chess.PAWN
        forcing.append((8 * gain - attacker, move))
    # A stable sort: equal keys keep the generator's order, so the result stays deterministic.
    forcing.sort(key=lambda keyed: keyed[0], reverse=True)
    if killers:
        first = [move for move in killers if move in quiet]
        quiet = first + [move for move in quiet if move not in first]
    return [move for _, move in forcing] + quiet


def _is_forcing(board: chess.Board, move: chess.Move) -> bool:
    """Whether `move` is a capture or a promotion, which the move order puts first anyway."""
    return move.promotion is not None or board.is_capture(move)


class SearchMover(InstantMover):
    """Plays what an alpha-beta search `depth` plies deep finds best: heavy, CPU-bound thinking."""

    name = "search"

    def __init__(self, depth: int = DEFAULT_DEPTH) -> None:
        if depth < 1:
            raise ValueError(f"depth must be at least 1, not {depth}")
        self.depth = depth
        """Plies searched before the quiescence search takes over."""

    def pick(self, board: chess.Board, rng: random.Random) -> chess.Move:
        """The search's best move; `rng` goes unused, since the search is deterministic."""
        return search(board, self.depth).move
