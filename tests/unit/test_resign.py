"""A resignation cancels the opponent's task mid-think; every other table plays on."""

from __future__ import annotations

import asyncio
import datetime
import io
from collections.abc import Sequence

import chess.pgn

from simul.core.events import GameFinished, GrandmasterWaited, MovePlayed
from simul.core.table import Table, TableState
from simul.output.pgn import render_pgn
from tests.unit.helpers import make_config, make_exhibition


def moves_of(tables: Sequence[Table]) -> list[list[str]]:
    return [[move.uci() for move in table.board.move_stack] for table in tables]


async def test_resigning_cancels_a_thinking_opponent_and_the_rest_play_on() -> None:
    config = make_config(boards=3, think=10.0, gm_move=1.0, max_moves=4, seed=8)
    untouched, _ = make_exhibition(config)
    await untouched.run()

    exhibition, recorder = make_exhibition(config)
    async with asyncio.TaskGroup() as group:
        group.create_task(exhibition.run())
        await asyncio.sleep(2.5)  # she has moved at tables 1 and 2; their opponents think
        table = exhibition.tables[0]
        assert table.state is TableState.THINKING
        opponent = exhibition._table_tasks[1]
        assert exhibition.resign(1)
        await asyncio.sleep(0)
        assert opponent.cancelled()
    assert table.ending is not None
    assert (table.ending.result, table.ending.reason) == ("0-1", "the grandmaster resigned")
    assert len(table.board.move_stack) == 1
    assert moves_of(exhibition.tables)[1:] == moves_of(untouched.tables)[1:]
    assert all(t.is_over for t in exhibition.tables)
    # She never waits for the resigned table, nor does its opponent move again.
    events = recorder.events
    assert not any(isinstance(e, GrandmasterWaited) and e.table == 1 for e in events)
    assert sum(isinstance(e, MovePlayed) and e.table == 1 for e in events) == 1
    assert sum(isinstance(e, GameFinished) and e.table == 1 for e in events) == 1
    game = chess.pgn.read_game(io.StringIO(render_pgn(exhibition.tables[:1], datetime.date.today())))
    assert game is not None
    assert game.headers["Result"] == "0-1"
    assert game.end().comment == "the grandmaster resigned"


async def test_she_cannot_resign_where_she_plays_nor_a_finished_game() -> None:
    exhibition, _ = make_exhibition(make_config(boards=2, think=10.0, gm_move=1.0, max_moves=2, seed=1))
    assert not exhibition.resign(1), "resigned before the exhibition began"
    async with asyncio.TaskGroup() as group:
        group.create_task(exhibition.run())
        await asyncio.sleep(0.5)  # she is playing at table 1
        assert exhibition.tables[0].state is TableState.PLAYING
        assert not exhibition.resign(1)
        await asyncio.sleep(1)
        assert exhibition.resign(1)
        assert not exhibition.resign(1)
