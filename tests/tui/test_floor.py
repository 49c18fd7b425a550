"""Under the floor in the TUI: the loop panel reads the real loop, and step mode runs the room one pass a press."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Select

from simul.core.config import ExhibitionConfig, GmColor, Policy, ThinkTime
from simul.core.events import Event
from simul.loop.event_loop import SimulLoop
from simul.loop.handles import describe
from simul.loop.internals import ready_queue
from simul.loop.waits import WaitKind
from simul.tui.app import SimulApp
from simul.tui.screens.policies import PoliciesScreen, playing_note
from simul.tui.screens.setup import SetupScreen
from simul.tui.widgets.floor import FloorPanel
from simul.tui.widgets.lesson import LessonPanel, Topic, lesson_for
from tests.unit.test_engine_play import fake_engine
from tests.unit.test_engines import alive

SIZE = (200, 50)


async def until(condition: Callable[[], bool], pilot: Pilot[None], passes: int = 200) -> None:
    """Let the loop make passes (no time passes) until `condition` holds."""
    for _ in range(passes):
        if condition():
            return
        await pilot.pause()
    raise AssertionError("the condition never held")


async def test_the_panel_shows_the_loops_own_ready_queue() -> None:
    app = SimulApp(ExhibitionConfig(boards=12, seed=3), speed=10)
    async with app.run_test(size=SIZE):
        await asyncio.sleep(3)
        loop = asyncio.get_running_loop()
        shown = app.read_loop()  # what the panel draws, read at this very instant
        assert [view.label for view in shown.ready] == [describe(handle).label for handle in ready_queue(loop)]
        assert shown.tasks == len(asyncio.all_tasks())
        assert any(timer.handle.label.startswith("opponent ") for timer in shown.focused_timers)


async def test_each_press_of_step_runs_the_room_for_exactly_one_pass() -> None:
    # As `simul --seed 3 --paused`: the default exhibition, paused.
    app = SimulApp(ExhibitionConfig(seed=3), paused=True)
    async with app.run_test(size=SIZE) as pilot:
        loop = asyncio.get_running_loop()
        assert isinstance(loop, SimulLoop)
        await until(lambda: app.stats.started, pilot)  # the room is seated once the boards are on screen
        room_events: list[tuple[int, Event]] = []
        app.exhibition.subscribe(lambda event: room_events.append((loop.passes, event)))
        await pilot.pause()
        stepped_passes: list[int] = []
        for press in range(1, 11):
            await pilot.press("full_stop")
            await until(lambda press=press: app.last_step is not None and app.last_step.number == press, pilot)  # type: ignore[misc]
            step = app.last_step
            assert step is not None
            assert step.number == press
            stepped_passes.append(step.record.number)
            ran = [view.label for view in step.record.ready if view.origin == "simul"]
            assert ran, "a step ran none of the room's tasks"
            await pilot.pause()
            shown = app.read_loop()
            assert [view.label for view in shown.ready] == [describe(h).label for h in ready_queue(loop)]
            assert [view.label for view in shown.held] == [describe(h).label for h in loop.held]
            panel = app.query_one(FloorPanel)
            panel.show(shown, None, step)
            text = str(panel.render())
            assert f"step {press} = pass {step.record.number:,}" in text
            assert all(label in text for label in ran)
        # Each press was one pass, and the room did nothing in any other pass.
        assert len(set(stepped_passes)) == 10
        assert room_events, "ten steps and the room never moved"
        assert {number for number, _ in room_events} <= set(stepped_passes)
        assert app.clock.paused
        await pilot.press("space")  # play: step mode ends, every held step goes back to the loop
        assert not loop.holding
        assert not app.clock.paused


async def test_step_to_the_next_event_stops_at_the_first_thing_the_room_does() -> None:
    app = SimulApp(ExhibitionConfig(boards=6, seed=5), paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("greater_than_sign")
        stepper = app.stepper
        assert stepper is not None
        await until(lambda: app.last_step is not None and bool(app.last_step.events), pilot)
        steps = stepper.steps
        for _ in range(20):
            await pilot.pause()
        assert stepper.steps == steps, "it stepped on past the event"


def test_the_policies_screen_blames_the_gil_for_a_slow_screen_only_when_it_is_on() -> None:
    with_gil = playing_note(gil=True, switch_interval=0.005)
    assert "with the GIL, one thread runs Python at a time" in with_gil
    assert "5 ms switch interval" in with_gil
    assert "GIL" not in playing_note(gil=False, switch_interval=0.005)


async def test_the_policies_screen_compares_three_walks_and_plays_the_chosen_one() -> None:
    app = SimulApp(ExhibitionConfig(boards=8, think=ThinkTime(1.0, 9.0), max_moves=8, seed=2))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        screen = app.screen
        assert isinstance(screen, PoliciesScreen)
        await until(lambda: len(screen.runs) == 3 and screen.query_one(DataTable).row_count == 3, pilot, 5000)
        assert screen.runs[0].games == screen.runs[2].games  # the same games, round and loop
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, PoliciesScreen)
        assert app.config.policy is Policy.LOOP
        assert app.config.seed == 2
        await asyncio.sleep(5)
        assert app.stats.moves > 0


async def test_the_loop_policy_plays_in_the_room() -> None:
    app = SimulApp(ExhibitionConfig(boards=10, think=ThinkTime(1.0, 4.0), seed=4, policy=Policy.LOOP))
    async with app.run_test(size=SIZE):
        await asyncio.sleep(10)
        assert app.stats.moves > 10
        assert app.stats.summary().laps is None  # no circuit, no laps


async def test_a_resignation_switches_the_lesson_to_cancellation() -> None:
    app = SimulApp(ExhibitionConfig(boards=6, think=ThinkTime(20.0, 30.0), seed=3))
    async with app.run_test(size=SIZE) as pilot:
        await asyncio.sleep(3)
        await pilot.press("x")
        lesson = app.query_one(LessonPanel).lesson
        assert lesson is not None
        assert lesson.text.startswith("She resigned at table 1.")
        assert "CancelledError" in lesson.text


@pytest.mark.parametrize("key", ["b", "a", "full_stop"])
async def test_when_every_game_is_over_the_story_says_so(key: str) -> None:
    app = SimulApp(ExhibitionConfig(boards=2, think=ThinkTime(1.0, 1.0), gm_move=0.5, max_moves=2, seed=1))
    async with app.run_test(size=SIZE) as pilot:
        await asyncio.sleep(30)
        assert app.exhibition.finished_at is not None
        await pilot.pause()
        assert "over" in str(app.query_one("#status").render())
        await pilot.press(key)
        await pilot.pause()
        assert "over" in str(app.query_one("#status").render())
        assert app.stepper is None or not app.stepper.active


async def test_the_setup_form_chooses_the_policy() -> None:
    app = SimulApp(ExhibitionConfig(boards=6, seed=3))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        assert screen.query_one("#policy", Select).value is Policy.ROUND  # the current one
        screen.query_one("#policy", Select).value = Policy.URGENT
        await pilot.click("#start")
        await pilot.pause()
        assert not isinstance(app.screen, SetupScreen)
        assert app.config.policy is Policy.URGENT


async def test_engine_opponents_show_as_tasks_waiting_on_io_and_processes_beside_the_loop(tmp_path: Path) -> None:
    # Engines that take every search and never answer: each opponent's task stays in its I/O wait.
    config = ExhibitionConfig(
        boards=4, seed=3, gm_color=GmColor.BLACK, opponent="stockfish", engine_path=fake_engine(tmp_path, "hang")
    )
    app = SimulApp(config, speed=1)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):
            engines = app.engines() or []
            if len(engines) == 4 and all(engine.task is not None for engine in engines):
                break
            await asyncio.sleep(0.01)
        else:
            raise AssertionError(f"the engines never all searched: {app.engines()}")
        app.refresh_figures()
        snapshot = app.floor_panel.snapshot
        assert snapshot is not None
        assert snapshot.waits[WaitKind.IO] == 4
        panel = str(app.floor_panel.render())
        assert "engine processes (4, outside the loop)" in panel
        shown = panel.replace("\n", " ")
        assert sum(f"{engine.task} (pid {engine.pid})" in shown for engine in engines) == 2
        assert "+2 more searching" in shown
        lesson = lesson_for(Topic.THINKING, app.scene())
        assert lesson is not None
        assert "its engine is searching" in lesson.text
        assert "selector reports the pipe readable" in lesson.text
        await pilot.press("q")  # the app waits for its engines to end before it exits
        assert not any(alive(engine.pid) for engine in engines)


async def test_an_engine_that_will_not_start_ends_the_app_with_the_reason() -> None:
    app = SimulApp(ExhibitionConfig(boards=2, opponent="stockfish", engine_path="/bin/false"))
    async with app.run_test(size=SIZE):
        for _ in range(100):
            if app.failure is not None:
                break
            await asyncio.sleep(0.01)
    assert app.failure is not None
    assert "false did not start as a UCI engine" in app.failure
    assert app.return_code == 2
