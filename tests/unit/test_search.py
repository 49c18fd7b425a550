"""The alpha-beta search: mates, wins material, keeps it, knows its draws, and never touches the caller's board."""

from __future__ import annotations

import pickle
import random

import chess
import pytest

from simul.core.search import (
    DEFAULT_DEPTH,
    MATE_SCORE,
    SearchMover,
    SearchResult,
    best_move_uci,
    evaluate,
    search,
)

MIDDLEGAME = "r2q1rk1/pp2bppp/2np1n2/2p1p3/4P3/2NPBN2/PPP2PPP/R2QKB1R w KQ - 0 9"


def random_position(seed: int) -> chess.Board:
    """A position some random plies into a game, with its moves on the stack; never one already over."""
    rng = random.Random(seed)
    board = chess.Board()
    for _ in range(rng.randrange(80)):
        moves = list(board.legal_moves)
        if not moves:
            break
        board.push(rng.choice(moves))
    while board.is_game_over():
        board.pop()
    return board


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_mates_in_one_by_the_shortest_way(depth: int) -> None:
    # Ra8 mates at once; deeper searches also see slower mates, which must score lower.
    result = search(chess.Board("6k1/5ppp/8/8/8/8/8/R5K1 w - - 0 1"), depth)
    assert result.move == chess.Move.from_uci("a1a8")
    assert result.score == MATE_SCORE - 1
    assert result.mate_in == 1


def can_mate_at_once(board: chess.Board) -> bool:
    """Whether the side to move has a mate in one."""
    for move in list(board.legal_moves):
        board.push(move)
        mate = board.is_checkmate()
        board.pop()
        if mate:
            return True
    return False


def test_mates_in_two() -> None:
    # No mate in one; Kf7 (or Ra7) forces it the move after.
    board = chess.Board("7k/8/5K2/8/8/8/8/R7 w - - 0 1")
    assert not can_mate_at_once(board)
    result = search(board, 3)
    assert result.mate_in == 2
    assert result.score == MATE_SCORE - 3
    board.push(result.move)
    for reply in list(board.legal_moves):
        board.push(reply)
        assert can_mate_at_once(board), f"{reply.uci()} escapes"
        board.pop()


def test_the_side_being_mated_knows_it() -> None:
    # Black to move can only delay: Rh1 mates next, whatever it plays.
    result = search(chess.Board("7k/5K2/8/8/8/8/8/R7 b - - 0 1"), 2)
    assert result.mate_in == -1
    assert result.score == -(MATE_SCORE - 2)


def test_takes_a_hanging_queen() -> None:
    # The knight can take a pawn or the undefended queen: a knight against a queen becomes a knight against a pawn.
    result = search(chess.Board("4k3/8/3q1p2/8/4N3/8/8/4K3 w - - 0 1"), 1)
    assert result.move == chess.Move.from_uci("e4d6")
    assert 150 < result.score < 300


def test_does_not_take_a_poisoned_pawn() -> None:
    # Qxb7 wins a pawn and loses the queen to the rook; Qxh7 wins a pawn for free.
    result = search(chess.Board("1r2k3/1p5p/8/8/8/8/8/1Q2K3 w - - 0 1"), 2)
    assert result.move == chess.Move.from_uci("b1h7")


def test_looks_past_the_horizon_at_the_recapture() -> None:
    # One ply deep, Qxb7 wins a rook; the quiescence search must see Rxb7 take the queen back.
    result = search(chess.Board("1r2k3/1r6/6p1/8/8/8/8/1Q2K3 w - - 0 1"), 1)
    assert result.move == chess.Move.from_uci("b1g6")
    assert -200 < result.score < 0


def test_saves_an_attacked_queen() -> None:
    # The pawn on c3 attacks Black's queen: it must go somewhere no white piece reaches.
    board = chess.Board("rnb1kbnr/pppp1ppp/8/4p3/3q4/2P5/PP1PPPPP/RNBQKBNR b KQkq - 0 3")
    result = search(board, 2)
    assert result.move.from_square == chess.D4
    board.push(result.move)
    assert not board.is_attacked_by(chess.WHITE, result.move.to_square)
    assert result.score > -100


def test_does_not_stalemate_when_winning() -> None:
    # Qxg6 wins the knight and stalemates the king: the move ordering tries it first, and it must lose out.
    board = chess.Board("7k/8/6n1/8/8/3Q4/8/K7 w - - 0 1")
    for depth in (1, 2, 3):
        result = search(board, depth)
        assert result.move != chess.Move.from_uci("d3g6")
        assert result.score > 400


def test_the_losing_side_repeats_for_a_draw() -> None:
    # A queen down, Black can go back to d6 for the second time: a draw, better than anything else.
    board = chess.Board("8/8/8/4k3/8/8/8/K6Q b - - 0 1")
    for uci in ("e5d6", "a1a2", "d6e5", "a2a1"):
        board.push_uci(uci)
    for depth in (1, 2):
        result = search(board, depth)
        assert result.move == chess.Move.from_uci("e5d6")
        assert result.score == 0


@pytest.mark.parametrize("depth", [1, 2])
def test_the_fifty_move_rule_makes_a_pawn_move_urgent(depth: int) -> None:
    # On the 99th quiet ply only a pawn move keeps the won game alive.
    result = search(chess.Board("8/8/8/4k3/8/8/P7/K6Q w - - 99 80"), depth)
    assert result.move.from_square == chess.A2
    assert result.score > 500


@pytest.mark.parametrize("depth", [1, 2])
def test_dead_material_is_a_draw(depth: int) -> None:
    # Taking the queen leaves a lone knight, which cannot mate: a draw, however much material it looks like.
    result = search(chess.Board("7k/8/5n2/3Q4/8/8/8/K7 b - - 0 1"), depth)
    assert result.move == chess.Move.from_uci("f6d5")
    assert result.score == 0


def test_plays_the_only_legal_move() -> None:
    board = chess.Board("k7/8/8/8/8/8/5pq1/7K w - - 0 1")
    (only,) = list(board.legal_moves)
    assert search(board, 2).move == only


@pytest.mark.parametrize("seed", range(12))
def test_plays_a_legal_move_in_random_positions(seed: int) -> None:
    board = random_position(seed)
    for depth in (1, 2):
        assert search(board, depth).move in board.legal_moves


def test_leaves_the_board_as_it_was() -> None:
    board = random_position(3)
    fen, moves = board.fen(), list(board.move_stack)
    search(board, 3)
    assert board.fen() == fen
    assert board.move_stack == moves


def test_is_deterministic_and_keeps_no_state_between_searches() -> None:
    first = search(chess.Board(MIDDLEGAME), 2)
    search(random_position(5), 2)  # another search in between must change nothing
    assert search(chess.Board(MIDDLEGAME), 2) == first


def test_prefers_development_from_the_start() -> None:
    # Every first move keeps the material level: the piece-square tables alone must choose, and not a rim move.
    result = search(chess.Board(), 2)
    assert result.move in {chess.Move.from_uci(uci) for uci in ("g1f3", "b1c3", "e2e4", "d2d4")}


def test_the_fen_entry_point_agrees_and_pickles() -> None:
    assert best_move_uci(MIDDLEGAME, 2) == search(chess.Board(MIDDLEGAME), 2).move.uci()
    # A process pool sends the function by name and the result back by value.
    assert pickle.loads(pickle.dumps(best_move_uci)) is best_move_uci
    result = SearchResult(move=chess.Move.from_uci("e2e4"), score=12, nodes=34)
    assert pickle.loads(pickle.dumps(result)) == result


@pytest.mark.parametrize("depth", [0, -1])
def test_refuses_a_depth_below_one(depth: int) -> None:
    with pytest.raises(ValueError, match="depth"):
        search(chess.Board(), depth)
    with pytest.raises(ValueError, match="depth"):
        SearchMover(depth)


def test_refuses_a_finished_game() -> None:
    with pytest.raises(ValueError, match="game is over"):
        search(chess.Board("7k/5KQ1/8/8/8/8/8/8 b - - 0 1"), 1)


def test_evaluation_is_the_same_for_either_colour() -> None:
    # Mirroring swaps the colours and the side to move: the side to move's score must not change.
    for seed in range(6):
        board = random_position(seed)
        assert evaluate(board) == evaluate(board.mirror())
    assert evaluate(chess.Board()) == 0


def test_evaluation_reads_the_tables_the_right_way_up() -> None:
    # A pawn one step from queening is worth more than one at home, for either colour.
    assert evaluate(chess.Board("4k3/P7/8/8/8/8/8/4K3 w - - 0 1")) > evaluate(
        chess.Board("4k3/8/8/8/8/8/P7/4K3 w - - 0 1")
    )
    assert evaluate(chess.Board("4k3/8/8/8/8/8/p7/4K3 b - - 0 1")) > evaluate(
        chess.Board("4k3/p7/8/8/8/8/8/4K3 b - - 0 1")
    )


async def test_the_mover_plays_the_search_move() -> None:
    board = chess.Board("6k1/5ppp/8/8/8/8/8/R5K1 w - - 0 1")
    mover = SearchMover(2)
    assert mover.name == "search"
    assert mover.depth == 2
    assert SearchMover().depth == DEFAULT_DEPTH
    # The rng goes unused: any seed, same move.
    assert mover.pick(board, random.Random(1)) == mover.pick(board, random.Random(2)) == search(board, 2).move
    assert await mover.choose_move(board, random.Random(0)) == chess.Move.from_uci("a1a8")
    assert pickle.loads(pickle.dumps(mover)).depth == 2
