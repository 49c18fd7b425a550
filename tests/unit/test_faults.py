"""One failing table never stops the others; cancelling stops everything, cleanly."""

from __future__ import annotations

import asyncio

import pytest

from simul.core.config import Policy
from simul.core.events import GameFinished, TableFailed, Termination
from simul.core.table import TableState
from simul.loop.event_loop import SimulLoop
from tests.unit.helpers import FailingMover, make_config, make_exhibition


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
