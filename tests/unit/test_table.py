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


def _literal_next(ready: set[int], position: int) -> int | None:
    """The literal walk: from `position`, on round the room to the first table whose opponent has moved."""
    after = [number for number in ready if number > position]
    return min(after) if after else min(ready, default=None)


@pytest.mark.parametrize("seed", range(6))
def test_the_circuit_walks_exactly_as_she_would_looking_at_every_table(seed: int) -> None:
    rng, tables = random.Random(seed), 40
    circuit, ready, in_play = Circuit(range(1, tables + 1)), set(), set(range(1, tables + 1))
    thinking: dict[int, float] = {number: rng.uniform(0, 5) for number in in_play}
    for number, at in thinking.items():
        circuit.expect(number, at)
    now, position, walked, resigned = 0.0, 0, 0, 0
    while in_play:
        now += 0.5
        circuit.advance_to(now)
        ready |= {number for number, at in thinking.items() if at <= now}
        thinking = {number: at for number, at in thinking.items() if at > now}
        assert circuit.ready() == sorted(ready, key=lambda number: (number <= position, number))
        assert circuit.next_ready(position) == _literal_next(ready, position)
        asked_from = rng.randint(0, tables)  # a look from elsewhere in the room changes nothing
        assert circuit.next_ready(asked_from) == _literal_next(ready, asked_from)
        if ready and rng.random() < 0.1:  # she resigns at a table whose opponent has moved
            gone = rng.choice(sorted(ready))
            circuit.leave(gone)
            ready.discard(gone)
            in_play.discard(gone)
            resigned += 1
            continue
        reached = _literal_next(ready, position)
        if reached is None:
            continue
        number = reached
        circuit.take(number)
        ready.discard(number)
        position, walked = number, walked + 1
        if rng.random() < 0.2:  # the game ended
            circuit.leave(number)
            in_play.discard(number)
        else:
            thinking[number] = now + rng.uniform(1, 8)
            circuit.expect(number, thinking[number])
    assert walked > tables  # laps round the room
    assert resigned > 0
    assert not circuit
    assert circuit.next_ready(position) is None
