"""Her search where `--gm-offload` puts it: the same moves everywhere, and only on the loop's thread does it hold it."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import chess
import pytest

from simul.cli import main
from simul.core.mover_specs import check_mover, make_instant_mover, make_mover, search_depth
from simul.core.offload import Offload, OffloadedSearch
from simul.core.search import SearchMover, search

MIDDLEGAME = "r2q1rk1/pp2bppp/2np1n2/2p1p3/4P3/2NPBN2/PPP2PPP/R2QKB1R w KQ - 0 9"


def a_game() -> chess.Board:
    """A position reached by moves, so that the search sees the game's history."""
    board = chess.Board()
    for move in ("e4", "e5", "Nf3", "Nc6", "Bb5", "a6", "Ba4", "Nf6", "O-O", "Be7"):
        board.push_san(move)
    return board


@pytest.mark.parametrize("offload", list(Offload))
async def test_every_offload_finds_the_move_the_search_finds_on_the_game_itself(offload: Offload) -> None:
    board = a_game()
    before = (board.fen(), list(board.move_stack))
    mover = OffloadedSearch(2, offload)
    try:
        move = await mover.choose_move(board, random.Random(0))
    finally:
        await mover.aclose()
    assert move == search(board, 2).move
    assert (board.fen(), list(board.move_stack)) == before


@pytest.mark.parametrize(("offload", "suspends"), [(Offload.NONE, False), (Offload.THREAD, True)])
async def test_only_a_search_on_the_loops_thread_keeps_every_other_task_waiting(
    offload: Offload, suspends: bool
) -> None:
    passes_meanwhile = 0
    thinking = True

    async def other_table() -> None:
        nonlocal passes_meanwhile
        while thinking:
            passes_meanwhile += 1
            await asyncio.sleep(0)

    mover = OffloadedSearch(2, offload)
    async with asyncio.TaskGroup() as room:
        room.create_task(other_table())
        await asyncio.sleep(0)  # the other table is running
        counted = passes_meanwhile
        await mover.choose_move(chess.Board(MIDDLEGAME), random.Random(0))
        thinking = False
    await mover.aclose()
    assert (passes_meanwhile > counted) is suspends


def test_the_search_plays_the_same_games_in_a_process_a_thread_or_on_the_loop(tmp_path: Path) -> None:
    games = {}
    for offload in Offload:
        pgn = tmp_path / f"{offload.value}.pgn"
        argv = ["run", "--clock", "virtual", "--boards", "3", "--max-moves", "3", "--seed", "5"]
        assert main([*argv, "--gm", "search:1", "--gm-offload", offload.value, "--pgn", str(pgn)]) == 0
        games[offload] = pgn.read_text()
    assert games[Offload.PROCESS] == games[Offload.THREAD] == games[Offload.NONE]
    assert games[Offload.NONE].count("[Event ") == 3


def test_mover_names() -> None:
    assert search_depth("search") == 3
    assert search_depth("search:5") == 5
    assert search_depth("greedy") is None
    assert check_mover("search:2", "gm") == "search:2"
    assert isinstance(make_mover("search:2", Offload.THREAD), OffloadedSearch)
    instant = make_instant_mover("search:4")
    assert isinstance(instant, SearchMover)
    assert instant.depth == 4
