"""One failing table never stops the others; cancelling stops everything, cleanly."""

from __future__ import annotations

import asyncio
from pathlib import Path

import chess.pgn
import pytest
from rich.console import Console

from simul.cli import build_parser, options_from
from simul.core.config import Policy
from simul.core.events import (
    Event,
    GameFinished,
    GrandmasterArrived,
    MovePlayed,
    OpponentThinking,
    TableFailed,
    Termination,
)
from simul.core.table import TableState
from simul.headless import run_headless
from simul.loop.event_loop import SimulLoop
from tests.unit.helpers import FailingMover, Recorder, make_config, make_exhibition


@pytest.mark.parametrize("policy", list(Policy))
@pytest.mark.parametrize("side", ["gm", "opponent"])
async def test_a_failing_table_is_marked_and_the_others_play_on(side: str, policy: Policy) -> None:
    failing = FailingMover(fail_at_ply=4 if side == "gm" else 3)
    exhibition, recorder = make_exhibition(
        make_config(boards=5, max_moves=8, seed=6, policy=policy),
        gm_mover=failing if side == "gm" else None,
        opponent_mover=failing if side == "opponent" else None,
    )
    failing.board = exhibition.tables[2].board
    await exhibition.run()

    broken = exhibition.tables[2]
    assert broken.state is TableState.FAILED
    assert broken.error == "RuntimeError: the engine fell off the table"
    assert broken.ending is not None
    assert broken.ending.termination is Termination.ABANDONED
    (failure,) = recorder.of(TableFailed)
    assert isinstance(failure, TableFailed)
    assert failure.table == 3
    others = [table for table in exhibition.tables if table is not broken]
    assert all(table.state is TableState.FINISHED for table in others)
    finished = {e.table for e in recorder.of(GameFinished) if isinstance(e, GameFinished)}
    assert finished == {1, 2, 4, 5}


@pytest.mark.parametrize("policy", list(Policy))
async def test_cancelling_stops_every_task_at_once_and_marks_games_unfinished(
    caplog: pytest.LogCaptureFixture, policy: Policy
) -> None:
    exhibition, recorder = make_exhibition(
        make_config(boards=20, think=(5.0, 30.0), max_moves=None, seed=8, policy=policy)
    )
    loop = asyncio.get_running_loop()
    run = asyncio.create_task(exhibition.run())
    await asyncio.sleep(60)
    assert not run.done()
    assert isinstance(loop, SimulLoop)
    cancelled_at, jumps = loop.time(), loop.jumps
    run.cancel()
    with pytest.raises(asyncio.CancelledError):
        await run
    assert loop.jumps == jumps, "stopping waited for a timer"
    if policy is Policy.LOOP:
        # A cancel reaches a task at its next step: table tasks already ahead of it in the
        # ready queue still make their move, holding the thread, before the cancel arrives.
        assert loop.time() - cancelled_at <= 20 * exhibition.config.gm_move
    else:
        assert loop.time() == cancelled_at, "stopping took simulated time"
    assert asyncio.all_tasks() == {asyncio.current_task()}, "tasks were left running"
    unfinished = [table for table in exhibition.tables if table.ending and table.ending.result == "*"]
    assert len(unfinished) == 20
    assert all(table.plies > 0 for table in exhibition.tables), "the games so far are kept"
    stops = [e for e in recorder.of(GameFinished) if isinstance(e, GameFinished)]
    assert {e.termination for e in stops} == {Termination.UNTERMINATED}
    assert exhibition.finished_at == pytest.approx(loop.time() if policy is Policy.LOOP else 60.0)
    # No "Task was destroyed but it is pending" nor "exception was never retrieved".
    assert [record.getMessage() for record in caplog.records if record.name == "asyncio"] == []


@pytest.mark.parametrize("policy", list(Policy))
@pytest.mark.parametrize("fails_on", [MovePlayed, GrandmasterArrived, OpponentThinking])
async def test_a_subscriber_that_raises_is_dropped_and_every_game_plays_on(
    policy: Policy, fails_on: type[Event]
) -> None:
    # The one rule, whoever publishes (her task, an opponent's, the exhibition): an observer's bug is not a table's.
    calls = 0

    def broken_view(event: Event) -> None:
        nonlocal calls
        calls += 1
        if isinstance(event, fails_on) and getattr(event, "table", None) == 2:
            raise ValueError("a view's bug")

    config = make_config(boards=4, max_moves=8, seed=6, policy=policy)
    exhibition, recorder = make_exhibition(config)
    exhibition.subscribe(broken_view)
    after = Recorder()
    exhibition.subscribe(after)  # subscribed after the broken one: still told of every event
    await exhibition.run()

    assert all(table.state is TableState.FINISHED for table in exhibition.tables)
    assert recorder.of(TableFailed) == []
    (failure,) = exhibition.bus.failures
    assert failure.subscriber.endswith("broken_view")
    assert isinstance(failure.event, fails_on)
    assert failure.error == 'ValueError("a view\'s bug")'
    assert calls == recorder.events.index(failure.event) + 1  # never called again after it failed
    assert after.events == recorder.events


def test_headless_says_which_subscriber_failed_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def broken_view(event: Event) -> None:
        if isinstance(event, GameFinished):
            raise KeyError("no such table")

    pgn = tmp_path / "games.pgn"
    options = options_from(build_parser().parse_args(["run", "--clock", "virtual", "--boards", "3", "--pgn", str(pgn)]))
    with (tmp_path / "out.txt").open("w") as out:
        assert run_headless(options, Console(file=out), subscribers=[broken_view]) == 1
    err = capsys.readouterr().err
    assert "simul run: a subscriber failed and was dropped, the games played on: " in err
    assert "broken_view on GameFinished: KeyError('no such table')" in err
    with pgn.open() as file:
        games = list(iter(lambda: chess.pgn.read_game(file), None))
    assert [game.headers["Result"] for game in games].count("*") == 0
