"""The race: four ways, the same games, measured in child processes that stop when told."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import select
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

import simul.race.runner
from simul.core.config import ExhibitionConfig, GmColor, ThinkTime
from simul.loop.event_loop import virtual_loop
from simul.race.command import run_race
from simul.race.figures import COLUMNS, race_rows, race_verdict
from simul.race.modes import Mode, Pace, Tally, Timeline, measure, play_blocking, play_sequential
from simul.race.runner import Race, _Planning, plan_race
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
    return [[move.uci() for move in table.moves] for table in exhibition.tables]


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


class LateClock:
    """A real clock's stand-in, for no real waiting: every sleep ends `late` seconds after it was due."""

    def __init__(self, late: float) -> None:
        self.time = 1000.0
        self.late = late
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.time

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.time += seconds + self.late


def test_a_timeline_makes_up_each_overshoot_at_the_next_wait() -> None:
    clock = LateClock(late=0.005)
    timeline = Timeline(10.0, now=clock.now, sleep=clock.sleep)
    for _ in range(100):
        timeline.wait(1.0)
    # 100 s of schedule at x10 is 10 s, late by one overshoot: `time.sleep(1.0 / 10)` a move would be 0.5 s late.
    assert clock.time - 1000.0 == pytest.approx(10.0 + 0.005)
    assert clock.sleeps[1:] == pytest.approx([0.1 - 0.005] * 99)


def test_a_timeline_started_in_the_past_catches_up_without_sleeping() -> None:
    # A thread started after the common start: its first deadlines have passed already.
    clock = LateClock(late=0.0)
    timeline = Timeline(1.0, clock.now() - 0.5, now=clock.now, sleep=clock.sleep)
    timeline.wait(0.2)
    timeline.wait(0.2)
    assert clock.sleeps == []
    timeline.wait(0.2)
    assert clock.sleeps == pytest.approx([0.1])
    assert clock.time == pytest.approx(timeline.deadline)


# Fixed times and a random grandmaster: every game goes the full 5 moves, so the schedules have closed forms.
FULL_LENGTH = {"think": ThinkTime(5.0, 5.0), "max_moves": 5, "gm": "random", "seed": 4}


@pytest.mark.parametrize("play", [play_sequential, play_blocking])
def test_one_game_at_a_time_keeps_to_one_timeline_for_the_whole_process(
    play: Callable[[ExhibitionConfig, Pace, Tally], object],
) -> None:
    config = ExhibitionConfig(boards=3, gm_move=1.0, **FULL_LENGTH)  # type: ignore[arg-type]
    clock = LateClock(late=0.01)
    play(config, Pace(10.0, now=clock.now, sleep=clock.sleep), Tally(lambda moves: None))
    moves = 3 * 5 * 2
    assert len(clock.sleeps) == moves
    # The whole schedule, 3 games of 5 moves of (1 + 5) s at x10, late by the last sleep's overshoot only.
    assert clock.time - 1000.0 == pytest.approx(3 * 5 * 6 / 10 + 0.01)


@pytest.mark.parametrize(
    ("boards", "gm_move"),
    [
        (6, 2.0),  # 6 x 2 s > 2 + 5 s: she is the bottleneck, a lap takes her 12 s
        (3, 1.0),  # 3 x 1 s < 1 + 5 s: she waits for the first opponent, a lap takes 6 s
    ],
)
def test_the_plan_gives_each_mode_its_own_schedule(boards: int, gm_move: float) -> None:
    config = ExhibitionConfig(boards=boards, gm_move=gm_move, **FULL_LENGTH)  # type: ignore[arg-type]
    moves, think = 5, 5.0
    plan = plan_race(config)
    assert plan.moves == boards * moves * 2
    move_pair = gm_move + think
    assert plan.seconds(Mode.SEQUENTIAL) == plan.seconds(Mode.BLOCKING) == pytest.approx(boards * moves * move_pair)
    # Every board has a player of its own: the race lasts one game.
    assert plan.seconds(Mode.THREADS) == pytest.approx(moves * move_pair)
    # The core: a lap is her moves at every board, or one move and a think if that is longer; the
    # last lap ends with her move at the last board and its opponent's answer.
    lap = max(boards * gm_move, move_pair)
    assert plan.seconds(Mode.ASYNCIO) == pytest.approx((moves - 1) * lap + boards * gm_move + think)
    assert plan.bound_for(Mode.THREADS) == pytest.approx(boards)
    assert plan.bound == plan.bound_for(Mode.ASYNCIO) == pytest.approx(plan.sequential_seconds / plan.asyncio_seconds)
    assert plan.bound_for(Mode.SEQUENTIAL) == plan.bound_for(Mode.BLOCKING) == 1.0


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
        assert set(figures) >= {"schedule_seconds", "drift_seconds", "bound"}
        assert figures["wall_seconds"] >= 0
        assert figures["drift_seconds"] == pytest.approx(figures["wall_seconds"] - figures["schedule_seconds"])
    assert modes["sequential"]["speedup"] == 1.0
    assert (modes["threads"]["threads"], modes["asyncio"]["threads"]) == (INSTANT.boards + 1, 1)
    shown_words = " ".join((tmp_path / "out.txt").read_text().split())  # the verdict is wrapped to the console
    assert "The same games, move for move" in shown_words


def test_stopping_a_race_stops_every_child_where_it_waits() -> None:
    # Opponents who think for an hour: every child is asleep, in its own way, when stopped.
    config = ExhibitionConfig(boards=3, think=ThinkTime(3600.0, 3600.0), gm_move=0.0, seed=1)
    # A child stops in milliseconds; on a loaded machine it may not even be scheduled within the
    # 0.5 s the command grants before killing it. The claim here is that it stops by itself: give it time.
    race = Race(config, speed=1.0, stop_seconds=20.0)

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


def test_the_classic_reads_its_bounds_beside_each_mode() -> None:
    # The figures of a race whose children have not run: every mode's schedule and bound, from the plan alone.
    setup = PRESETS["classic"]
    race = Race(setup.config, setup.speed)
    race.plan = plan_race(setup.config)
    rows = {row.mode: row for row in race_rows(race)}
    assert rows[Mode.ASYNCIO].schedule_seconds == pytest.approx(3655 / 3000)
    assert [row.cells()[COLUMNS.index(next(c for c in COLUMNS if c.name == "bound"))] for row in rows.values()] == [
        "1.0x",
        "24.0x",
        "11.8x",
        "1.0x",
    ]
    verdict = " ".join(sentence.text for sentence in race_verdict(race))
    assert "11.8x at best, asyncio's bound" in verdict
    assert "Threads' bound is higher, 24.0x: a player per board, not one grandmaster" in verdict


def instead_of(mode: Mode, script: str) -> Callable[[Mode, float, ExhibitionConfig], list[str]]:
    """The race's child command, with `mode`'s child replaced by a Python `script`."""
    real = simul.race.runner.child_command

    def command(this: Mode, speed: float, config: ExhibitionConfig) -> list[str]:
        return [sys.executable, "-c", script] if this is mode else real(this, speed, config)

    return command


def test_a_lane_killed_fails_the_race_with_exit_code_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    killed = "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"  # as `kill -9` would
    monkeypatch.setattr(simul.race.runner, "child_command", instead_of(Mode.THREADS, killed))
    path = tmp_path / "race.json"
    with (tmp_path / "out.txt").open("w") as shown:
        code = run_race(INSTANT, speed=1.0, json_path=path, console=Console(file=shown, width=300))
    assert code == 1
    document = json.loads(path.read_text())
    assert document["completed"] is False
    assert document["modes"]["threads"]["error"] == "exit code -9"
    assert document["modes"]["asyncio"]["error"] is None
    assert "The race failed (threads: exit code -9): exit code 1.\n" in (tmp_path / "out.txt").read_text()


def test_a_report_line_far_beyond_64_kib_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    # 5,000 games of 20 moves: an 800 kB line, as `--boards 1000 --max-moves 10` writes hundreds of kB.
    games = [["e2e4"] * 20] * 5000
    script = (
        "import json, sys\n"
        "games = [['e2e4'] * 20] * 5000\n"
        "figures = {'wall_seconds': 1.0, 'cpu_seconds': 0.5, 'threads': 1, 'peak_rss_bytes': 1, 'games': games}\n"
        "sys.stdout.write(json.dumps({'figures': figures}) + '\\n')\n"
    )
    monkeypatch.setattr(simul.race.runner, "child_command", instead_of(Mode.ASYNCIO, script))
    race = Race(INSTANT, speed=1.0)
    asyncio.run(race.run())
    lane = race.lanes[Mode.ASYNCIO]
    assert lane.error is None
    assert lane.figures is not None
    assert lane.figures.games == games


PARENT = """
import subprocess, sys, time
from simul.core.config import ExhibitionConfig, ThinkTime
from simul.race.modes import Mode
from simul.race.runner import child_command

config = ExhibitionConfig(boards=3, think=ThinkTime(3600.0, 3600.0), gm_move=0.0, seed=1)
child = subprocess.Popen(child_command(Mode(sys.argv[1]), 1.0, config), stdout=subprocess.PIPE, start_new_session=True)
print(child.pid, flush=True)
child.stdout.readline()  # its first report: it is playing, and waits an hour for the next move
print("playing", flush=True)
time.sleep(3600)
"""


@pytest.mark.parametrize("mode", [Mode.SEQUENTIAL, Mode.THREADS])
def test_a_child_dies_with_its_race_even_killed_by_sigkill(mode: Mode) -> None:
    with subprocess.Popen([sys.executable, "-c", PARENT, mode.value], stdout=subprocess.PIPE, text=True) as parent:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        exited = os.pidfd_open(child)  # readable once the child has exited: a wait without polling
        try:
            assert parent.stdout.readline() == "playing\n"
            parent.kill()  # as `kill -9` does: no handler runs, nothing is cleaned up
            parent.wait()
            readable, _, _ = select.select([exited], [], [], 20.0)
            assert readable == [exited], f"child {child} outlived its race"
        finally:
            os.close(exited)
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)


def test_planning_a_race_can_be_stopped_from_another_thread() -> None:
    # A thousand boards of a hundred moves take seconds to plan, in a thread that Ctrl+C cannot cancel.
    big = ExhibitionConfig(boards=1000, think=ThinkTime(1.0, 3.0), gm_move=0.1, max_moves=100, seed=1)
    with pytest.raises(asyncio.CancelledError):
        plan_race(big, on_start=lambda cancel: cancel())  # as `_Planning.stop` does, once it has begun
    planning = _Planning(big)
    planning.stop()  # stopped before it began: it ends at its first step
    with pytest.raises(asyncio.CancelledError):
        planning.plan()
