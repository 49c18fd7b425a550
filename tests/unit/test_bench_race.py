"""The race benchmark: what a board costs each way, what a waiting unit costs alone, and where the OS said no."""

from __future__ import annotations

import io
import threading

import pytest
from rich.console import Console

from simul.bench.errors import BenchError
from simul.bench.goals import race_goals
from simul.bench.idle_child import Waiting, wait_in_tasks, wait_in_threads
from simul.bench.memory import KB, MIB
from simul.bench.race import QUICK_SIZES, SIZES, RaceFigures, measure_race
from simul.bench.tables import race_goals_table, race_table
from simul.core.config import ExhibitionConfig
from simul.race.modes import Mode, ModeFigures

BASE = 28 * MIB


class FakeMachine:
    """Stands in for the child processes: boards and waiting units cost what they are told; threads stop at a limit."""

    def __init__(self, *, thread_kb: float = 16.0, task_kb: float = 1.2, thread_limit: int | None = None) -> None:
        self.thread_kb = thread_kb
        self.task_kb = task_kb
        self.thread_limit = thread_limit
        self.played: list[tuple[Mode, int, float]] = []

    def play(self, mode: Mode, config: ExhibitionConfig, speed: float) -> ModeFigures:
        self.played.append((mode, config.boards, speed))
        threads = config.boards + 1 if mode is Mode.THREADS else 1
        if self.thread_limit is not None and threads > self.thread_limit:
            raise BenchError(f"the {mode.value} way failed: RuntimeError: can't start new thread")
        per_board = (20.0 if mode is Mode.THREADS else 10.0) * KB
        games = [["e2e4"]] * config.boards
        peak = BASE + round((config.boards - 1) * per_board)
        return ModeFigures(1.0, 0.5, threads, peak, games)

    def idle(self, kind: str, count: int) -> Waiting:
        started = count if kind == "tasks" or self.thread_limit is None else min(count, self.thread_limit - 1)
        refused = "can't start new thread" if started < count else None
        cost = self.thread_kb if kind == "threads" else self.task_kb
        return Waiting(started, refused, started + 1 if kind == "threads" else 1, BASE + round(started * cost * KB))


def _shown(figures: RaceFigures) -> str:
    console = Console(width=240, record=True, file=io.StringIO())
    console.print(race_table(figures))
    console.print(race_goals_table(figures))
    return " ".join(console.export_text().split())


def test_each_size_plays_both_ways_and_measures_the_waiting_units_against_their_baselines() -> None:
    machine = FakeMachine()
    figures = measure_race(play_runner=machine.play, idle_runner=machine.idle)
    assert [size.boards for size in figures.sizes] == list(SIZES)
    # The baselines first (one board each way, fast: memory does not depend on the speed), then each size.
    assert [(mode, boards) for mode, boards, _ in machine.played] == [
        (Mode.THREADS, 1),
        (Mode.ASYNCIO, 1),
        *((mode, boards) for boards in SIZES for mode in (Mode.THREADS, Mode.ASYNCIO)),
    ]
    size = figures.sizes[1]
    plays = {play.mode: play for play in size.plays}
    assert plays["threads"].memory_per_board_bytes == pytest.approx(20 * KB)
    assert plays["asyncio"].memory_per_board_bytes == pytest.approx(10 * KB)
    assert plays["threads"].os_threads == 10_001
    assert size.idle_of("threads").per_unit_bytes == pytest.approx(16 * KB)
    assert size.idle_of("tasks").per_unit_bytes == pytest.approx(1.2 * KB)
    assert size.unit_ratio == pytest.approx(16 / 1.2)
    assert size.same_games is True
    assert size.threads_refused_at is None
    assert [goal.met for goal in race_goals(figures)] == [True, True, True, True, True]
    shown = _shown(figures)
    assert "(N - 1)" in shown
    assert "13.3x" in shown


def test_a_task_not_five_times_cheaper_than_a_thread_misses_the_goal() -> None:
    machine = FakeMachine(thread_kb=4.0, task_kb=1.0)
    figures = measure_race(quick=True, play_runner=machine.play, idle_runner=machine.idle)
    assert [size.boards for size in figures.sizes] == list(QUICK_SIZES)
    (ratio,) = [goal for goal in race_goals(figures) if "waiting thread" in goal.measure]
    assert (ratio.value, ratio.met) == ("4.0x", False)
    assert "missed" in _shown(figures)


def test_where_the_os_refuses_a_thread_is_reported_and_the_rest_is_measured() -> None:
    machine = FakeMachine(thread_limit=5_001)
    figures = measure_race(play_runner=machine.play, idle_runner=machine.idle)
    small, big = figures.sizes
    assert small.threads_refused_at is None
    assert big.threads_refused_at == 5_000
    threads = {play.mode: play for play in big.plays}["threads"]
    assert threads.error is not None
    assert "can't start new thread" in threads.error
    assert threads.memory_per_board_bytes is None
    assert big.same_games is None  # one way did not finish: nothing to compare
    assert big.idle_of("threads").per_unit_bytes == pytest.approx(16 * KB)  # over the 5,000 that did start
    shown = _shown(figures)
    assert "the OS refused thread 5,001" in shown
    assert "can't start new thread" in shown


def test_waiting_threads_are_all_blocked_when_measured_and_released_after() -> None:
    before = threading.active_count()
    waiting = wait_in_threads(20)
    assert (waiting.started, waiting.refused) == (20, None)
    assert waiting.os_threads == before + 20
    assert threading.active_count() == before


def test_threads_stop_where_the_os_refuses_one(monkeypatch: pytest.MonkeyPatch) -> None:
    start = threading.Thread.start
    started = 0

    def refuse_the_fourth(thread: threading.Thread) -> None:
        nonlocal started
        if started == 3:
            raise RuntimeError("can't start new thread")
        started += 1
        start(thread)

    monkeypatch.setattr(threading.Thread, "start", refuse_the_fourth)
    waiting = wait_in_threads(10)
    assert (waiting.started, waiting.refused) == (3, "can't start new thread")


def test_waiting_tasks_run_on_one_thread() -> None:
    waiting = wait_in_tasks(50)
    assert (waiting.started, waiting.refused, waiting.os_threads) == (50, None, threading.active_count())
    assert waiting.peak_rss_bytes > 0
