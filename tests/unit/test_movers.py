"""The movers: random plays anything legal; greedy mates, wins material, never stalemates a bare king."""

from __future__ import annotations

import random

import chess
import pytest

from simul.core.mover_specs import make_mover
from simul.core.movers import GreedyMover, RandomMover


@pytest.mark.parametrize("fen", [chess.STARTING_FEN, "r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1"])
def test_random_plays_legal_moves_reproducibly(fen: str) -> None:
    board = chess.Board(fen)
    first = [RandomMover().pick(board, random.Random(4)) for _ in range(3)]
    assert first[0] in board.legal_moves
    assert len(set(first)) == 1
    spread = {RandomMover().pick(board, random.Random(seed)) for seed in range(40)}
    assert len(spread) > 5


@pytest.mark.parametrize(
    ("fen", "mate"),
    [
        ("6k1/5ppp/8/8/8/8/8/R5K1 w - - 0 1", "a1a8"),  # back-rank mate
        ("rnbqkbnr/ppppp2p/5p2/6p1/4P3/8/PPPP1PPP/RNBQKBNR w KQkq - 0 3", "d1h5"),  # fool's mate reversed
        ("k7/8/1K6/8/8/8/8/7Q w - - 0 1", "h1h8"),  # the king on b6 covers a7 and b7
    ],
)
def test_greedy_mates_when_it_can(fen: str, mate: str) -> None:
    board = chess.Board(fen)
    move = GreedyMover().pick(board, random.Random(0))
    board.push(move)
    assert board.is_checkmate(), f"played {move.uci()} instead of {mate}"


def test_greedy_takes_the_most_material() -> None:
    # The knight can take a pawn or the queen.
    board = chess.Board("4k3/8/3q1p2/8/4N3/8/8/4K3 w - - 0 1")
    assert GreedyMover().pick(board, random.Random(0)) == chess.Move.from_uci("e4d6")


def test_greedy_does_not_leave_its_queen_hanging() -> None:
    # Qxb7 wins a pawn but the rook on b8 then takes the queen; Qxh7 takes a free pawn.
    board = chess.Board("1r2k3/1p5p/8/8/8/8/8/1Q2K3 w - - 0 1")
    move = GreedyMover().pick(board, random.Random(0))
    assert move != chess.Move.from_uci("b1b7")


def test_greedy_never_stalemates_a_bare_king() -> None:
    # Qb6 would stalemate the king on a8; every other queen move keeps the game alive.
    board = chess.Board("k7/8/2K5/8/8/8/8/1Q6 w - - 0 1")
    for seed in range(30):
        board.push(GreedyMover().pick(board, random.Random(seed)))
        assert not board.is_stalemate()
        board.pop()


def test_greedy_beats_random() -> None:
    wins = 0
    for seed in range(10):
        board, rng = chess.Board(), random.Random(seed)
        greedy, weak = GreedyMover(), RandomMover()
        while not board.is_game_over() and board.fullmove_number < 150:
            board.push((greedy if board.turn == chess.WHITE else weak).pick(board, rng))
        wins += board.result() == "1-0"
    assert wins >= 9


def test_movers_by_name() -> None:
    assert isinstance(make_mover("random"), RandomMover)
    assert isinstance(make_mover("greedy"), GreedyMover)
