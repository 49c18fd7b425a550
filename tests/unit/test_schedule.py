"""The schedule: exact timing in both regimes, the same games at any speed, and the clock itself."""

from __future__ import annotations

import asyncio
import datetime

import pytest

from simul.core.clock import PacedClock
from simul.core.events import ExhibitionFinished, MovePlayed
from simul.core.exhibition import Exhibition
from simul.output.pgn import render_pgn
from tests.unit.helpers import Recorder, make_config, make_exhibition

TODAY = datetime.date(2026, 1, 1)


def full_length(boards: int, think: float, gm_move: float, moves: int, seed: int = 4) -> tuple[Exhibition, Recorder]:
    """An exhibition where (we check) every game lasts exactly `moves` full moves."""
    config = make_config(boards=boards, think=think, gm_move=gm_move, max_moves=moves, seed=seed, gm="random")
    return make_exhibition(config)


@pytest.mark.parametrize(
    ("boards", "gm_move", "think", "moves"),
    [(10, 1.0, 5.0, 4), (24, 5.0, 55.0, 6), (5, 2.0, 8.0, 5), (3, 0.5, 1.0, 7)],
)
async def test_grandmaster_bound_schedule(boards: int, gm_move: float, think: float, moves: int) -> None:
    assert (boards - 1) * gm_move >= think  # she is the bottleneck
    exhibition, _ = full_length(boards, think, gm_move, moves)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await exhibition.run()
    assert all(table.plies == 2 * moves for table in exhibition.tables)
    expected = moves * boards * gm_move + think
    assert exhibition.finished_at == pytest.approx(expected, abs=1e-9)
    # And the loop's own clock agrees: the schedule was slept, not just computed.
    assert loop.time() - started == pytest.approx(expected, abs=1e-3)


@pytest.mark.parametrize(
    ("boards", "gm_move", "think", "moves"),
    [(4, 1.0, 10.0, 4), (24, 5.0, 200.0, 3), (2, 3.0, 55.0, 6), (1, 1.0, 2.0, 5)],
)
async def test_opponent_bound_schedule(boards: int, gm_move: float, think: float, moves: int) -> None:
    assert (boards - 1) * gm_move < think  # the opponents are the bottleneck
    exhibition, _ = full_length(boards, think, gm_move, moves)
    await exhibition.run()
    assert all(table.plies == 2 * moves for table in exhibition.tables)
    expected = (boards - 1) * gm_move + moves * (gm_move + think)
    assert exhibition.finished_at == pytest.approx(expected, abs=1e-9)


async def test_walking_adds_to_every_step_of_her_lap() -> None:
    config = make_config(boards=4, think=1.0, gm_move=1.0, max_moves=3, seed=4, gm="random", walk=0.5)
    exhibition, _ = make_exhibition(config)
    await exhibition.run()
    assert all(table.plies == 6 for table in exhibition.tables)
    # 12 moves of 1 s and 11 walks of 0.5 s between them, then the last reply.
    assert exhibition.finished_at == pytest.approx(12 * 1.0 + 11 * 0.5 + 1.0)


@pytest.mark.parametrize("speed", [0.5, 7.5, 1000.0])
async def test_same_games_and_schedule_at_any_speed(speed: float) -> None:
    config = make_config(boards=6, think=(1.0, 9.0), max_moves=None, seed=21)
    reference, reference_events = make_exhibition(config)
    await reference.run()
    scaled, scaled_events = make_exhibition(config, speed=speed)
    await scaled.run()
    assert render_pgn(scaled.tables, TODAY) == render_pgn(reference.tables, TODAY)
    assert scaled_events.events == reference_events.events


async def test_a_different_seed_gives_different_games() -> None:
    first, _ = make_exhibition(make_config(boards=3, seed=1))
    second, _ = make_exhibition(make_config(boards=3, seed=2))
    await first.run()
    await second.run()
    assert render_pgn(first.tables, TODAY) != render_pgn(second.tables, TODAY)


async def test_paused_clock_holds_every_sleeper_until_resumed() -> None:
    clock = PacedClock()
    clock.start()
    loop = asyncio.get_running_loop()
    woke: list[float] = []

    async def sleeper() -> None:
        await clock.sleep_until(10.0)
        woke.append(loop.time())

    started = loop.time()
    async with asyncio.TaskGroup() as group:
        group.create_task(sleeper())
        await asyncio.sleep(4)
        clock.pause()
        assert clock.now() == pytest.approx(4.0)
        await asyncio.sleep(100)
        assert woke == []
        assert clock.now() == pytest.approx(4.0)
        clock.resume()
    # 4 s before the pause, 100 s paused, the remaining 6 s after.
    assert woke[0] - started == pytest.approx(110.0)


async def test_an_exhibition_can_start_paused() -> None:
    # `simul --paused`: the clock is paused before the exhibition starts it.
    exhibition, recorder = make_exhibition(make_config(boards=3, think=2.0, gm_move=1.0, max_moves=2, seed=1))
    clock = exhibition.clock
    assert isinstance(clock, PacedClock)
    clock.pause()
    async with asyncio.TaskGroup() as group:
        group.create_task(exhibition.run())
        await asyncio.sleep(50)
        assert (clock.now(), exhibition.finished_at) == (0.0, None)
        moves_while_paused = len(recorder.of(MovePlayed))
        clock.resume()
    assert moves_while_paused == 0
    assert len(recorder.of(MovePlayed)) == 12  # 3 games of 2 full moves, once resumed


async def test_speed_change_repaces_a_sleep_in_progress() -> None:
    clock = PacedClock(speed=1.0)
    clock.start()
    loop = asyncio.get_running_loop()
    started = loop.time()

    async def speed_up_later() -> None:
        await asyncio.sleep(10)
        clock.speed = 10.0

    async with asyncio.TaskGroup() as group:
        group.create_task(speed_up_later())
        await clock.sleep_until(100.0)
    # 10 s at speed 1 cover 10 simulated seconds; the other 90 take 9 s at speed 10.
    assert loop.time() - started == pytest.approx(19.0)
    assert clock.now() == pytest.approx(100.0)


def test_speed_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        PacedClock(speed=0)


async def test_finished_event_reports_the_schedules_end() -> None:
    exhibition, recorder = make_exhibition(make_config(boards=3, seed=9))
    await exhibition.run()
    (finished,) = recorder.of(ExhibitionFinished)
    assert isinstance(finished, ExhibitionFinished)
    assert finished.completed
    assert finished.at == exhibition.finished_at == max(t.last_move_at for t in exhibition.tables)
