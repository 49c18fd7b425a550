"""The race: four ways, the same games, measured in child processes that stop when told."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from rich.console import Console

from simul.core.config import ExhibitionConfig, GmColor, ThinkTime
from simul.loop.event_loop import virtual_loop
from simul.race.command import run_race
from simul.race.modes import Mode, measure
from simul.race.runner import Race, plan_race
from simul.race.setup import PRESETS
from tests.unit.helpers import make_exhibition

# No waiting: every move takes no time, so a race costs only its processes' start-up.
INSTANT = ExhibitionConfig(boards=4, think=ThinkTime(0.0, 0.0), gm_move=0.0, max_moves=6, seed=5)


def core_games(config: ExhibitionConfig) -> list[list[str]]:
    """The games simul's core plays, on the virtual loop."""
    exhibition, _ = make_exhibition(config)
    loop = virtual_loop()
    try:
        loop.run_until_complete(exhibition.run())
    finally:
        loop.close()
    return [[move.uci() for move in table.board.move_stack] for table in exhibition.tables]


@pytest.mark.parametrize("mode", list(Mode))
@pytest.mark.parametrize("gm_color", [GmColor.WHITE, GmColor.ALTERNATE])
def test_every_mode_plays_the_cores_games(mode: Mode, gm_color: GmColor) -> None:
    config = ExhibitionConfig(boards=4, think=ThinkTime(0.0, 0.0), gm_move=0.0, max_moves=6, seed=5, gm_color=gm_color)
    reports: list[int] = []
    figures = measure(mode, config, speed=1.0, report=reports.append)
    assert figures.games == core_games(config)
    assert reports[-1] == sum(len(game) for game in figures.games)
    assert figures.threads == (config.boards + 1 if mode is Mode.THREADS else 1)
    assert figures.peak_rss_bytes > 0


def test_plan_of_the_classic_is_twelve_hours_against_one() -> None:
    plan = plan_race(PRESETS["classic"].config)
    assert plan.moves == 24 * 60
    assert plan.sequential_seconds == pytest.approx(12 * 3600)
    # 30 laps of 24 moves of 5 s, then the last opponent's 55 s answer.
    assert plan.asyncio_seconds == pytest.approx(30 * 24 * 5 + 55)
    assert plan.bound == pytest.approx(11.82, abs=0.01)


def test_a_race_runs_four_children_and_writes_the_figures(tmp_path: Path) -> None:
    path = tmp_path / "race.json"
    with (tmp_path / "out.txt").open("w") as shown:
        code = run_race(INSTANT, speed=1.0, json_path=path, console=Console(file=shown, width=300))
    assert code == 0
    document = json.loads(path.read_text())
    assert document["completed"] is True
    assert document["same_games"] is True
    assert document["schedule"]["moves"] == sum(len(game) for game in core_games(INSTANT))
    modes = document["modes"]
    assert set(modes) == {"sequential", "threads", "asyncio", "blocking"}
    for figures in modes.values():
        assert set(figures) >= {"wall_seconds", "speedup", "threads", "peak_rss_bytes", "cpu_seconds"}
        assert figures["wall_seconds"] >= 0
    assert modes["sequential"]["speedup"] == 1.0
    assert (modes["threads"]["threads"], modes["asyncio"]["threads"]) == (INSTANT.boards + 1, 1)
    assert "The same games, move for move" in (tmp_path / "out.txt").read_text()


def test_stopping_a_race_stops_every_child_where_it_waits() -> None:
    # Opponents who think for an hour: every child is asleep, in its own way, when stopped.
    config = ExhibitionConfig(boards=3, think=ThinkTime(3600.0, 3600.0), gm_move=0.0, seed=1)
    race = Race(config, speed=1.0)

    async def stop_once_all_have_moved() -> None:
        everyone_moved = asyncio.Event()

        def progress(mode: Mode, moves: int) -> None:
            if all(lane.moves > 0 for lane in race.lanes.values()):
                everyone_moved.set()

        running = asyncio.create_task(race.run(progress))
        await everyone_moved.wait()
        running.cancel()
        with pytest.raises(asyncio.CancelledError):
            await running

    asyncio.run(stop_once_all_have_moved())
    assert not race.completed
    # Each child exited by its own stop path (exit 130), none had to be killed.
    assert all(lane.stopped for lane in race.lanes.values()), race.lanes
    assert all(lane.figures is None for lane in race.lanes.values())
