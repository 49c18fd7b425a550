"""The engine pool against fake UCI engines: lent one search at a time, faults replaced, nothing left running."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import chess
import chess.engine
import pytest

from simul.core.engines import ATTEMPTS, EngineFailed, EnginePool, default_pool_size, find_engine
from simul.core.errors import ConfigError

FAKE = str(Path(__file__).parent.parent / "fakes" / "uci_engine.py")
QUICK = chess.engine.Limit(time=0.01)
AFTER_E4 = chess.Board("rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq - 0 1")


def fake(mode: str, *args: str) -> list[str]:
    return [sys.executable, FAKE, mode, *args]


def pool_of(mode: str, *args: str, size: int = 1, grace: float = 5.0, start_timeout: float = 10.0) -> EnginePool:
    # Timeouts as long as a loaded machine needs, but where the test is about them.
    return EnginePool(fake(mode, *args), size, grace=grace, start_timeout=start_timeout, quit_timeout=0.2)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers signal 0: read its state.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] != "Z"


async def test_an_engine_answers_with_its_move_and_is_gone_after_the_pool_closes() -> None:
    pool = pool_of("good")
    await pool.open()
    move = await pool.play(AFTER_E4, QUICK, {})
    assert move == min(AFTER_E4.legal_moves, key=chess.Move.uci)
    [engine] = pool.engines
    assert (engine.number, engine.task, engine.searches) == (1, None, 1)
    await pool.aclose()
    assert not alive(engine.pid)
    assert pool.engines == ()


async def test_the_pool_never_runs_more_engines_than_its_size_and_every_search_is_answered() -> None:
    pool = pool_of("good", size=2)
    boards = [chess.Board(), AFTER_E4, chess.Board(), AFTER_E4, chess.Board()]
    moves = await asyncio.gather(*(pool.play(board, QUICK, {}) for board in boards))
    assert [move in board.legal_moves for move, board in zip(moves, boards, strict=True)] == [True] * 5
    assert pool.started == 2
    assert sum(engine.searches for engine in pool.engines) == 5
    await pool.aclose()


async def test_a_searching_engine_shows_the_task_it_works_for() -> None:
    pool = pool_of("hang")
    search = asyncio.create_task(pool.play(chess.Board(), chess.engine.Limit(time=10), {}), name="opponent 7")
    while not pool.engines or pool.engines[0].task is None:  # noqa: ASYNC110 - no event to await: what the TUI polls
        await asyncio.sleep(0.001)
    assert pool.engines[0].task == "opponent 7"
    search.cancel()
    with pytest.raises(asyncio.CancelledError):
        await search
    assert pool.engines == ()  # an engine interrupted mid-search is never lent again
    assert pool.replaced == 0  # and it was no fault of its own
    await pool.aclose()


async def test_an_engine_that_dies_mid_search_is_replaced_and_the_search_answered(tmp_path: Path) -> None:
    pool = pool_of("crash-once", str(tmp_path / "crashed"))
    move = await pool.play(chess.Board(), QUICK, {})
    assert move in chess.Board().legal_moves
    assert (pool.started, pool.replaced) == (2, 1)
    [engine] = pool.engines
    assert engine.number == 2
    await pool.aclose()


async def test_an_engine_that_keeps_dying_fails_the_search_with_the_reason() -> None:
    pool = pool_of("crash")
    with pytest.raises(EngineFailed, match=r"engine 1 \(pid \d+\) died.*engine 3 \(pid \d+\) died"):
        await pool.play(chess.Board(), QUICK, {})
    assert (pool.started, pool.replaced) == (ATTEMPTS, ATTEMPTS)
    await pool.aclose()


async def test_an_engine_that_hangs_is_cut_off_after_its_think_time_and_grace() -> None:
    pool = pool_of("hang", grace=0.05)
    with pytest.raises(EngineFailed, match=r"gave no move within 0.06 s"):
        await pool.play(chess.Board(), QUICK, {})
    assert pool.replaced == ATTEMPTS
    await pool.aclose()


async def test_an_engine_that_answers_nonsense_is_replaced_then_given_up() -> None:
    pool = pool_of("garbage")
    with pytest.raises(EngineFailed, match="answered nonsense"):
        await pool.play(chess.Board(), QUICK, {})
    assert pool.replaced == ATTEMPTS
    await pool.aclose()


async def test_an_engine_that_never_finishes_its_handshake_does_not_start() -> None:
    pool = pool_of("silent", start_timeout=0.2)
    with pytest.raises(EngineFailed, match=r"did not start as a UCI engine within 0.2 s"):
        await pool.open()
    await pool.aclose()


async def test_a_program_that_is_no_engine_does_not_start() -> None:
    pool = EnginePool("/bin/false", 1)
    with pytest.raises(EngineFailed, match="false did not start as a UCI engine"):
        await pool.open()


async def test_an_engine_that_ignores_quit_is_killed_at_close() -> None:
    pool = pool_of("deaf")
    await pool.open()
    [engine] = pool.engines
    await pool.aclose()
    assert not alive(engine.pid)


async def test_engines_run_in_a_process_group_of_their_own_at_a_lower_priority() -> None:
    pool = pool_of("good")
    await pool.open()
    [engine] = pool.engines
    # A Ctrl+C at the terminal goes to the foreground group: simul's, not its engines'.
    assert os.getpgid(engine.pid) == engine.pid != os.getpgid(0)
    assert os.getpriority(os.PRIO_PROCESS, engine.pid) > os.getpriority(os.PRIO_PROCESS, 0)
    await pool.aclose()


async def test_a_closed_pool_lends_no_engine() -> None:
    pool = pool_of("good")
    await pool.aclose()
    with pytest.raises(EngineFailed, match="shut down"):
        await pool.play(chess.Board(), QUICK, {})


def test_the_engine_is_found_or_one_line_says_how_to_install_it(tmp_path: Path) -> None:
    assert find_engine(FAKE) == FAKE if os.access(FAKE, os.X_OK) else True
    with pytest.raises(ConfigError, match="not an executable file"):
        find_engine(str(tmp_path / "nowhere"))
    with pytest.raises(ConfigError, match="not an executable file"):
        find_engine(str(tmp_path))  # a folder
    with pytest.raises(ConfigError, match="empty"):
        find_engine("")


def test_the_default_pool_is_four_engines_a_core_within_the_boards() -> None:
    cores = os.cpu_count() or 1
    assert default_pool_size(1) == 1
    assert default_pool_size(1000) == min(4 * cores, 32)


def test_without_stockfish_one_line_names_the_debian_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("simul.core.engines.DEBIAN_STOCKFISH", str(tmp_path / "stockfish"))
    with pytest.raises(ConfigError, match=r"install Debian's package `stockfish` \(sudo apt-get install stockfish\)"):
        find_engine(None)
