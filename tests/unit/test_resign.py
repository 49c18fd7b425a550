"""A resignation cancels the opponent's task mid-think; every other table plays on."""

from __future__ import annotations

import asyncio
import datetime
import io
from collections.abc import Sequence

import chess
import chess.pgn

from simul.core.config import GmColor
from simul.core.events import GameFinished, GrandmasterWaited, MovePlayed
from simul.core.stats import ExhibitionStats
from simul.core.table import Table, TableState
from simul.output.pgn import render_pgn
from tests.unit.helpers import make_config, make_exhibition


def moves_of(tables: Sequence[Table]) -> list[list[str]]:
    return [[move.uci() for move in table.moves] for table in tables]


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
    assert len(table.moves) == 1
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


async def test_resigning_as_black_gives_the_game_to_white() -> None:
    # She plays Black, so every opponent opens: at 0.5 s both are still thinking (10 s).
    config = make_config(boards=2, think=10.0, gm_move=1.0, max_moves=4, seed=8, gm_color=GmColor.BLACK)
    exhibition, recorder = make_exhibition(config)
    stats = ExhibitionStats()
    exhibition.subscribe(stats.record)
    async with asyncio.TaskGroup() as group:
        group.create_task(exhibition.run())
        await asyncio.sleep(0.5)
        assert exhibition.tables[0].state is TableState.THINKING
        assert exhibition.resign(1)
    table = exhibition.tables[0]
    assert table.ending is not None
    assert (table.ending.result, table.ending.reason) == ("1-0", "the grandmaster resigned")
    (finished,) = [e for e in recorder.of(GameFinished) if isinstance(e, GameFinished) and e.table == 1]
    assert (finished.result, finished.gm_color) == ("1-0", chess.BLACK)
    assert stats.tables[0].gm_score == 0.0  # a loss for her, not a win
    game = chess.pgn.read_game(io.StringIO(render_pgn(exhibition.tables[:1], datetime.date.today())))
    assert game is not None
    assert (game.headers["Black"], game.headers["Result"]) == ("Grandmaster", "1-0")
