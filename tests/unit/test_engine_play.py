"""Exhibitions against engines: legal games, a killed engine replaced mid-run, no engine left after."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import stat
import sys
from pathlib import Path

import chess
import pytest

from simul.core.engine_mover import EngineMover
from simul.core.engines import DEBIAN_STOCKFISH, EngineView
from simul.core.events import GameFinished, MovePlayed, Side, TableFailed
from simul.core.exhibition import Exhibition
from simul.core.table import TableState
from tests.unit.helpers import make_config, make_exhibition
from tests.unit.test_engines import FAKE, alive

STOCKFISH = shutil.which("stockfish") or shutil.which(DEBIAN_STOCKFISH)


def fake_engine(folder: Path, mode: str, *args: str) -> str:
    """An executable that runs the fake engine in `mode`: what --engine-path takes."""
    path = folder / f"fake-{mode}"
    quoted = " ".join(f"'{arg}'" for arg in (sys.executable, FAKE, mode, *args))
    path.write_text(f"#!/bin/sh\nexec {quoted}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def engines_of(exhibition: Exhibition) -> list[EngineView]:
    mover = exhibition.opponent_mover
    assert isinstance(mover, EngineMover)
    return list(mover.pool.engines)


def replay(exhibition: Exhibition) -> None:
    """Every game is legal from its start: python-chess replays each move."""
    for table in exhibition.tables:
        board = chess.Board()
        for move in table.moves:
            assert board.is_legal(move), (table.number, move)
            board.push(move)


async def test_engine_opponents_play_legal_games_and_leave_no_process(tmp_path: Path) -> None:
    engine = fake_engine(tmp_path, "good")
    config = make_config(boards=4, think=0.05, max_moves=3, opponent="stockfish", engine_path=engine)
    exhibition, recorder = make_exhibition(config)
    pids: set[int] = set()
    exhibition.subscribe(lambda event: pids.update(engine.pid for engine in engines_of(exhibition)))
    await exhibition.run()
    assert [table.state for table in exhibition.tables] == [TableState.FINISHED] * 4
    replay(exhibition)
    opponent_moves = [e for e in recorder.events if isinstance(e, MovePlayed) and e.side is Side.OPPONENT]
    assert len(opponent_moves) == 4 * 3
    assert 1 <= len(pids) <= 4
    assert not any(alive(pid) for pid in pids)


async def test_an_engine_killed_mid_run_is_replaced_and_its_table_plays_on(tmp_path: Path) -> None:
    # The first engine started dies at its first search; every later one plays.
    engine = fake_engine(tmp_path, "crash-once", str(tmp_path / "crashed"))
    config = make_config(boards=3, think=0.05, max_moves=2, opponent="stockfish", engine_path=engine, engines=1)
    exhibition, recorder = make_exhibition(config)
    await exhibition.run()
    assert recorder.of(TableFailed) == []
    assert len(recorder.of(GameFinished)) == 3
    mover = exhibition.opponent_mover
    assert isinstance(mover, EngineMover)
    assert (mover.pool.started, mover.pool.replaced) == (2, 1)


async def test_when_no_engine_will_play_each_table_fails_alone_with_the_reason_and_the_run_ends(tmp_path: Path) -> None:
    engine = fake_engine(tmp_path, "crash")
    config = make_config(boards=2, think=0.05, max_moves=2, opponent="stockfish", engine_path=engine)
    exhibition, recorder = make_exhibition(config)
    await exhibition.run()
    failures = [event for event in recorder.events if isinstance(event, TableFailed)]
    assert len(failures) == 2
    assert all("EngineFailed: engine" in failure.error and "died" in failure.error for failure in failures)
    assert exhibition.finished_at is not None


@pytest.mark.skipif(STOCKFISH is None and not os.environ.get("CI"), reason="no Stockfish: Debian's package stockfish")
async def test_eight_boards_against_stockfish_one_engine_killed_none_left() -> None:
    config = make_config(boards=8, think=0.02, gm_move=0.5, max_moves=6, opponent="stockfish", seed=3)
    exhibition, recorder = make_exhibition(config)
    seen: dict[int, EngineView] = {}
    killed: list[int] = []

    async def kill_one_mid_search() -> None:
        # As a person would with `kill -9`: one engine, while it searches, once a few moves are in.
        while not killed:
            await asyncio.sleep(0.002)
            engines = engines_of(exhibition)
            seen.update((engine.pid, engine) for engine in engines)
            searching = [engine for engine in engines if engine.task is not None]
            if len(recorder.of(MovePlayed)) >= 12 and searching:
                killed.append(searching[0].pid)
                os.kill(searching[0].pid, signal.SIGKILL)

    def note(event: object) -> None:
        seen.update((engine.pid, engine) for engine in engines_of(exhibition))

    exhibition.subscribe(note)
    async with asyncio.timeout(60), asyncio.TaskGroup() as group:
        killer = group.create_task(kill_one_mid_search())
        await exhibition.run()
        killer.cancel()
    assert killed, "no engine was searching to be killed"
    assert recorder.of(TableFailed) == []
    assert [table.state for table in exhibition.tables] == [TableState.FINISHED] * 8
    replay(exhibition)
    mover = exhibition.opponent_mover
    assert isinstance(mover, EngineMover)
    assert mover.pool.replaced == 1
    # Engines start as searches need them (here, as the virtual clock waits for each, one at a time),
    # and one more took the killed one's place.
    assert len(seen) == mover.pool.started >= 2
    assert not any(alive(pid) for pid in seen)


@pytest.mark.skipif(STOCKFISH is None and not os.environ.get("CI"), reason="no Stockfish: Debian's package stockfish")
async def test_fixed_nodes_give_the_same_engine_games_again() -> None:
    def games(exhibition: Exhibition) -> list[list[chess.Move]]:
        return [table.moves for table in exhibition.tables]

    config = make_config(boards=3, think=0.05, max_moves=4, opponent="stockfish", gm="stockfish:20", engine_nodes=800)
    played = []
    for _ in range(2):
        exhibition, _ = make_exhibition(config)
        await exhibition.run()
        played.append(games(exhibition))
    assert played[0] == played[1]
    assert len({tuple(game) for game in played[0]}) == 1  # every table the same position: the same game
