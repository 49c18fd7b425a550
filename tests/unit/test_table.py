"""A table's game: ending by the rules, adjudication, and the circuit's walking order."""

from __future__ import annotations

import random

import chess
import pytest

from simul.core.circuit import Circuit
from simul.core.config import GmColor
from simul.core.events import Termination
from simul.core.table import Ending, adjudicate, game_outcome
from tests.unit.helpers import BLACK_KNIGHT_DOWN, WHITE_KNIGHT_DOWN, make_config, make_exhibition


def test_game_outcome_equals_python_chess_outcome() -> None:
    positions = 0
    for seed in range(20):
        rng, board = random.Random(seed), chess.Board()
        while True:
            expected = board.outcome()
            assert game_outcome(board) == expected, board.fen()
            positions += 1
            if expected is not None:
                break
            board.push(rng.choice(list(board.legal_moves)))
    assert positions > 3_000


@pytest.mark.parametrize(
    ("fen", "result"),
    [
        ("4k3/8/8/8/8/8/8/3QK3 w - - 0 41", "1-0"),  # a queen up
        ("4k3/8/8/8/8/8/8/2N1K3 w - - 0 41", "1-0"),  # a knight: exactly the margin
        ("4k3/pp6/8/8/8/8/8/4K3 w - - 0 41", "1/2-1/2"),  # two pawns: not enough
        ("3rk3/8/8/8/8/8/8/4K3 w - - 0 41", "0-1"),
        ("2n1k3/8/8/8/8/8/8/4K3 w - - 0 41", "0-1"),  # a knight for Black: exactly the margin too
        ("4k3/8/8/8/8/8/PP6/4K3 w - - 0 41", "1/2-1/2"),  # two pawns for White: not enough either
    ],
)
def test_adjudication_by_material(fen: str, result: str) -> None:
    ending = adjudicate(chess.Board(fen), 40)
    assert ending.result == result
    assert ending.termination is Termination.ADJUDICATION
    assert ending.reason.startswith("adjudicated after 40 moves")


@pytest.mark.parametrize(
    ("fen", "result", "reason"),
    [
        pytest.param(WHITE_KNIGHT_DOWN, "0-1", "adjudicated after 1 moves: Black is 3 up in material", id="black"),
        pytest.param(BLACK_KNIGHT_DOWN, "1-0", "adjudicated after 1 moves: White is 3 up in material", id="white"),
    ],
)
async def test_max_moves_adjudicates_a_knight_up_for_either_colour(fen: str, result: str, reason: str) -> None:
    # After --max-moves 1 from the opening less one knight, every table is exactly the margin apart.
    config = make_config(boards=2, max_moves=1, seed=5, fen=fen, gm_color=GmColor.ALTERNATE)
    exhibition, _ = make_exhibition(config)
    await exhibition.run()
    endings = [table.ending for table in exhibition.tables]
    assert endings == [Ending(result, Termination.ADJUDICATION, reason)] * 2


def test_circuit_walks_in_order_and_wraps() -> None:
    circuit = Circuit(range(1, 6))
    for number, at in ((2, 1.0), (4, 2.0), (5, 3.0)):
        circuit.expect(number, at)
    circuit.advance_to(2.0)
    assert circuit.next_ready(0) == 2
    assert circuit.next_ready(2) == 4
    assert circuit.next_ready(4) == 2  # round the room, past the door
    assert circuit.first_expected() == (3.0, 5)
    circuit.take(2)
    assert circuit.next_ready(0) == 4
    assert circuit.count_between(0, 4) == 3  # tables 1, 2 and 3 were passed
    assert circuit.count_between(4, 2) == 2  # 5 and 1, wrapping
    assert circuit.count_between(3, 3) == 4  # a whole lap back to the same table
    circuit.leave(1)
    assert circuit.count_between(4, 2) == 1
    assert len(circuit) == 4
