"""The TUI's controls, each driven as a user would, on the virtual loop (no real waiting)."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import math
from pathlib import Path

import chess.pgn
import pytest
from rich.console import Console
from textual.geometry import Region
from textual.widgets import ProgressBar, Static

import simul.core.grandmaster
from simul.core.config import ExhibitionConfig, ThinkTime
from simul.core.events import Event, GrandmasterArrived, MovePlayed, PauseKind, Side
from simul.core.offload import Offload, OffloadedSearch
from simul.core.stats import ExhibitionStats
from simul.race.modes import Mode
from simul.race.setup import RaceSetup
from simul.tui.app import DEMO_SECONDS, SimulApp
from simul.tui.screens.race import RaceScreen
from simul.tui.screens.setup import SetupScreen
from simul.tui.screens.summary import SummaryScreen, summary_figures
from simul.tui.screens.zoom import ZoomScreen
from simul.tui.widgets.lesson import BLOCKING, OVER, RESTING, Lesson, LessonPanel
from simul.tui.widgets.mini_board import BoardScale, badge, board_rows

SIZE = (200, 50)


def small_config(**changes: object) -> ExhibitionConfig:
    settings: dict[str, object] = {"boards": 12, "think": ThinkTime(2.0, 6.0), "gm_move": 0.5, "seed": 3}
    settings.update(changes)
    return ExhibitionConfig(**settings)  # type: ignore[arg-type]


async def test_the_room_shows_every_board_and_plays() -> None:
    app = SimulApp(small_config(), speed=1.0)
    async with app.run_test(size=SIZE):
        assert len(app.query("MiniBoard")) == 12
        await asyncio.sleep(20)
        assert app.stats.moves > 20
        assert app.room.gm_table != 0


async def test_pause_stops_every_clock() -> None:
    app = SimulApp(small_config())
    async with app.run_test(size=SIZE) as pilot:
        await asyncio.sleep(5)
        await pilot.press("space")
        moves, now = app.stats.moves, app.clock.now()
        await asyncio.sleep(60)
        assert app.clock.paused
        assert (app.stats.moves, app.clock.now()) == (moves, now)
        await pilot.press("space")
        await asyncio.sleep(10)
        assert app.stats.moves > moves


async def test_speed_keys_change_the_pace() -> None:
    app = SimulApp(small_config(), speed=1.0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("plus", "plus")
        assert app.clock.speed == 5
        await asyncio.sleep(2)
        assert app.clock.now() > 9  # two seconds at x5
        await pilot.press("minus", "minus", "minus")
        assert app.clock.speed == 0.5


async def test_zoom_opens_on_enter_and_closes_on_escape() -> None:
    app = SimulApp(small_config())
    async with app.run_test(size=SIZE) as pilot:
        await asyncio.sleep(8)
        await pilot.press("right", "right", "enter")
        assert isinstance(app.screen, ZoomScreen)
        assert app.screen.view.number == 3
        await pilot.press("escape")
        assert not isinstance(app.screen, ZoomScreen)


async def test_setup_rejects_bad_values_then_starts_a_new_exhibition() -> None:
    app = SimulApp(small_config())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, SetupScreen)
        boards = app.screen.query_one("#boards")
        boards.value = "0"  # type: ignore[attr-defined]
        await pilot.click("#start")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen), "a bad value started an exhibition"
        error = str(app.screen.query_one("#setup-error").render())
        assert "boards must be between 1 and 100,000" in error
        boards.value = "6"  # type: ignore[attr-defined]
        app.screen.query_one("#think").value = "8..2"  # type: ignore[attr-defined]
        boards.focus()
        await pilot.press("enter")  # submitting any field tries to start, as the button does
        await pilot.pause()
        assert "min > max" in str(app.screen.query_one("#setup-error").render())
        think = app.screen.query_one("#think")
        think.value = "1..3"  # type: ignore[attr-defined]
        think.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SetupScreen)
        assert app.config.boards == 6
        assert app.config.think == ThinkTime(1.0, 3.0)
        await asyncio.sleep(1)
        assert len(app.query("MiniBoard")) == 6


def read_saved_games(folder: Path) -> list[chess.pgn.Game]:
    (saved,) = folder.glob("simul-*.pgn")
    with saved.open() as file:
        return list(iter(lambda: chess.pgn.read_game(file), None))


async def test_save_writes_every_game_so_far(tmp_path: Path) -> None:
    app = SimulApp(small_config(), save_folder=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await asyncio.sleep(15)
        await pilot.press("space", "s")  # paused, so no move lands between saving and counting
        games = read_saved_games(tmp_path)
        assert len(games) == 12
        assert all(game.errors == [] for game in games)
        assert sum(len(list(g.mainline_moves())) for g in games) == app.stats.moves


async def test_quit_stops_the_exhibition() -> None:
    app = SimulApp(small_config())
    async with app.run_test(size=SIZE) as pilot:
        await asyncio.sleep(3)
        await pilot.press("q")
    assert app.return_code == 0
    assert asyncio.all_tasks() == {asyncio.current_task()}


class StandInWall:
    """The wall clock for a test: the loop's virtual time, plus the time `time.sleep` held the thread."""

    def __init__(self) -> None:
        self.blocked = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.blocked += seconds

    def now(self) -> float:
        return asyncio.get_running_loop().time() + self.blocked


@pytest.fixture
def wall(monkeypatch: pytest.MonkeyPatch) -> StandInWall:
    """The grandmaster's `time.sleep` holds the thread on this wall, not the real one."""
    wall = StandInWall()
    monkeypatch.setattr(simul.core.grandmaster, "time", wall)
    return wall


def lesson_on_show(app: SimulApp) -> Lesson | None:
    return app.query_one(LessonPanel).lesson


async def test_blocking_demo_records_a_lag_as_long_as_its_sleep(wall: StandInWall) -> None:
    app = SimulApp(small_config(), lag_clock=wall.now)
    async with app.run_test(size=SIZE) as pilot:
        await asyncio.sleep(5)
        lags = app.exhibition.lag_monitor.samples
        assert lags, "the lag monitor measured nothing"
        assert max(lags) < 0.001
        await pilot.press("b")
        # The demo's lesson; or, once her next move has blocked and the room has heard, what the block did.
        shown = lesson_on_show(app)
        assert shown is BLOCKING or (shown is not None and "both ways" in shown.text and wall.sleeps), shown
        await asyncio.sleep(2)  # her next move comes within one of her move times
        assert wall.sleeps == [DEMO_SECONDS]
        assert max(lags) >= DEMO_SECONDS


async def test_awaited_pause_keeps_the_room_playing(wall: StandInWall) -> None:
    app = SimulApp(small_config(), lag_clock=wall.now)
    async with app.run_test(size=SIZE) as pilot:
        await asyncio.sleep(5)
        await pilot.press("a")
        assert lesson_on_show(app) is RESTING
        await asyncio.sleep(1)  # she is resting now, for DEMO_SECONDS
        opponent_moves = opponent_moves_so_far(app)
        await asyncio.sleep(DEMO_SECONDS)
        assert wall.sleeps == []
        assert max(app.exhibition.lag_monitor.samples) < 0.001
        assert opponent_moves_so_far(app) > opponent_moves, "the opponents stopped while she rested"


def opponent_moves_so_far(app: SimulApp) -> int:
    return sum(len(table.think_seconds) for table in app.stats.tables)


async def test_race_screen_races_four_ways_then_closes_and_resumes() -> None:
    # Imported here, not at the top of the file: only this test reads the race's figures.
    from textual.widgets import DataTable, Static

    from simul.race.figures import COLUMNS

    instant = RaceSetup(ExhibitionConfig(boards=3, think=ThinkTime(0.0, 0.0), gm_move=0.0, max_moves=4), speed=1.0)
    app = SimulApp(small_config(), race=instant)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, RaceScreen)
        assert app.clock.paused, "the room plays on behind the race"
        for _ in range(2000):  # the children take real time to start; the loop's clock is virtual
            if screen.race.completed:
                break
            await asyncio.sleep(0.05)
        assert screen.race.completed
        assert screen.race.same_games
        await pilot.pause()
        figures = screen.race.lanes[Mode.ASYNCIO].figures
        assert figures is not None
        moves = sum(len(game) for game in figures.games)
        assert [(bar.progress, bar.total) for bar in screen.query(ProgressBar)] == [(moves, moves)] * 4
        # The figures in a DataTable, the same rows the command line draws, and the verdict under them.
        table = screen.query_one("#race-table", DataTable)
        assert table.display
        assert [str(column.label) for column in table.columns.values()][:3] == ["mode", "wall\ns", "schedule\ns"]
        rows = [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]
        assert [row[0] for row in rows] == [mode.value for mode in Mode]
        assert all(len(row) == len(COLUMNS) and "-" not in row for row in rows)
        verdict = str(screen.query_one("#race-result", Static).render())
        assert "asyncio's bound" in verdict
        assert "a player per board, not one grandmaster" in verdict
        await pilot.press("escape")
        assert not isinstance(app.screen, RaceScreen)
        assert not app.clock.paused


async def test_resigning_the_chosen_board() -> None:
    app = SimulApp(small_config(think=ThinkTime(20.0, 30.0)))
    async with app.run_test(size=SIZE) as pilot:
        await asyncio.sleep(3)  # she has moved at the first tables; their opponents think
        await pilot.press("x")
        table = app.exhibition.tables[0]
        assert table.ending is not None
        assert table.ending.reason == "the grandmaster resigned"
        await asyncio.sleep(0.1)
        assert app.room.tables[0].result == table.ending.result
        assert app.stats.results().gm_losses == 1


async def test_a_view_that_fails_is_named_once_and_the_games_play_on() -> None:
    app = SimulApp(small_config(), speed=1.0)
    async with app.run_test(size=SIZE):

        def broken_view(event: Event) -> None:
            raise RuntimeError("drawn off the board")

        app.exhibition.subscribe(broken_view)
        await asyncio.sleep(5)
        moves = app.stats.moves
        await asyncio.sleep(5)
        assert app.stats.moves > moves
        told = [notification.message for notification in app._notifications if "A view failed" in notification.title]
        assert len(told) == 1
        assert "broken_view failed on" in told[0]
        assert "RuntimeError('drawn off the board')" in told[0]


async def test_her_table_stays_on_screen_in_a_small_terminal() -> None:
    # 50 boards at 80x24: five or so rows of them fit; the room scrolls to follow her round it.
    app = SimulApp(small_config(boards=50), speed=1.0)
    async with app.run_test(size=(80, 24)) as pilot:
        seen = set()
        for _ in range(20):
            await asyncio.sleep(1)
            await pilot.pause()
            await pilot.pause()  # the scroll to her table is applied at the next refresh
            # Her table as the screen shows it (the highlight moves at the next repaint, not at her event).
            her = next((board for board in app._boards if board.has_class("-gm-here")), None)
            if her is not None:
                seen.add(her.view.number)
                assert app.room_grid.region.contains_region(her.region), her.view.number
        assert max(seen) > 30  # she went round to tables that start off screen


@pytest.mark.parametrize(
    ("boards", "size", "scale"),
    [
        (4, (200, 50), BoardScale.LARGE),
        (12, (200, 50), BoardScale.SQUARE),
        (50, (200, 50), BoardScale.COMPACT),
        (12, (80, 24), BoardScale.COMPACT),
        (6, (80, 24), BoardScale.SQUARE),
        (2, (80, 24), BoardScale.LARGE),
    ],
)
async def test_boards_are_drawn_as_large_as_the_room_allows_with_all_in_view(
    boards: int, size: tuple[int, int], scale: BoardScale
) -> None:
    app = SimulApp(small_config(boards=boards), speed=1.0)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert app.board_scale is scale
        first = app._boards[0]
        assert (first.size.width, first.size.height) == (scale.width, scale.height)
        if scale is not BoardScale.COMPACT:
            assert app.room_grid.max_scroll_y == 0  # every board in view


async def test_the_end_of_the_story_is_told_and_n_starts_again() -> None:
    app = SimulApp(small_config(boards=4, think=ThinkTime(1.0, 1.0), max_moves=3), speed=1.0)
    async with app.run_test(size=SIZE) as pilot:
        await asyncio.sleep(30)  # longer than 4 games of 3 moves take: about 3 x (4 x 0.5 s + 1 s)
        await pilot.pause()
        assert app.exhibition.finished_at is not None
        assert isinstance(app.screen, SummaryScreen)
        shown = " ".join(str(widget.render()) for widget in app.screen.query(Static))
        assert "Every game is over" in shown
        assert str(app.status_line.render()).startswith("■ over")
        app.refresh_lesson()
        assert app.lesson_panel.lesson is OVER
        await pilot.press("n")  # from the summary: the form for a new exhibition
        assert isinstance(app.screen, SetupScreen)


def test_the_summary_says_what_a_class_should_remember() -> None:
    stats = ExhibitionStats()
    summary = dataclasses.replace(
        stats.summary(),
        simulated_seconds=3655.0,
        sequential_seconds=43200.0,
        speedup=11.82,
        laps=31,
        skips=0,
        gm_busy_fraction=0.985,
        gm_waits=11,
    )
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(summary_figures(summary, boards=24))
    text = " ".join(console.export_text().split())
    for line in (
        "Simulated 1 h 00 min 55 s for 24 games at once",
        "One game at a time 12 h 00 min 00 s",
        "Speedup 11.8x",
        "Her walk 31 laps of the room, walked past 0 tables still thinking",
        "Her time busy 98% (her moves and walks), waited for a reply 11 times",
    ):
        assert line in text, text


async def test_b_and_a_are_shown_side_by_side_with_the_moves_played_meanwhile(wall: StandInWall) -> None:
    app = SimulApp(small_config(), lag_clock=wall.now)
    async with app.run_test(size=SIZE) as pilot:
        await asyncio.sleep(5)
        await pilot.press("b")
        await asyncio.sleep(5)  # her next move: the blocking pause, then the room's repaint
        await pilot.pause()
        assert app.room.moves_while_paused == {PauseKind.BLOCKING: 0}  # the thread was held: nothing ran
        app.refresh_figures()
        assert str(app.lag_marks.render()).count("▲b") == 1
        await pilot.press("a")
        await asyncio.sleep(1)
        await pilot.pause()
        her = app.room.tables[app.room.gm_table - 1]
        assert her.resting
        assert badge(her, app.clock.now()) == "await rest"
        await asyncio.sleep(DEMO_SECONDS + 1)
        await pilot.pause()
        assert not her.resting
        awaited = app.room.moves_while_paused[PauseKind.AWAITED]
        assert awaited > 0  # her task was suspended: the others played on
        lesson = lesson_on_show(app)
        assert lesson is not None
        assert f"time.sleep({DEMO_SECONDS:g})[/]: 0 moves elsewhere meanwhile" in lesson.text
        assert f"await asyncio.sleep({DEMO_SECONDS:g})[/]: {awaited} moves elsewhere meanwhile" in lesson.text
        # Under the sparkline, each key where it was pressed (b's has scrolled off by now, 6 s later).
        app.refresh_figures()
        assert str(app.lag_marks.render()).count("▲a") == 1
        b_sample, a_sample = (mark.sample for mark in app.demo_marks)
        samples = app.exhibition.lag_monitor.samples
        assert max(samples[b_sample:a_sample]) >= DEMO_SECONDS  # the spike came after b
        assert max(samples[a_sample:]) < 0.001  # and none after a


async def test_the_command_palette_offers_simuls_own_commands_first() -> None:
    app = SimulApp(small_config(), speed=1.0)
    async with app.run_test(size=SIZE) as pilot:
        commands = list(app.get_system_commands(app.screen))
        titles = [command.title for command in commands]
        assert titles[:3] == ["New exhibition", "Pause or resume", "Step one pass"]
        for title in ("Lesson: block the loop", "Compare policies", "Race", "Save PGN", "Help", "Quit"):
            assert title in titles
        new = next(command for command in commands if command.title == "New exhibition")
        new.callback()
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)


async def test_the_help_fits_a_200_by_50_terminal_without_scrolling() -> None:
    app = SimulApp(small_config(), speed=1.0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        help_box = app.screen.query_one("#help")
        assert help_box.size.height > 30
        assert help_box.max_scroll_y == 0


async def test_in_a_narrow_terminal_tab_shows_the_panel_instead_of_the_room() -> None:
    app = SimulApp(small_config(), speed=1.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert (app.room_grid.display, app.side.display) == (True, False)
        assert app.check_action("toggle_panel", ()) is True  # offered in the footer
        await pilot.press("tab")
        await pilot.pause()
        assert (app.room_grid.display, app.side.display) == (False, True)
        assert app.side.size.width > 70  # the whole width
        assert (app.floor_panel.display, app.lesson_panel.display) == (False, True)  # the lesson: one key away
        assert app.lesson_panel.size.height > 10  # the lesson and its code, not cut to nothing
        await pilot.press("tab")
        await pilot.pause()
        assert (app.floor_panel.display, app.lesson_panel.display) == (True, False)
        await pilot.press("tab")
        await pilot.pause()
        assert (app.room_grid.display, app.side.display) == (True, False)


async def test_the_footer_holds_the_lessons_keys_at_80_columns_and_says_more_where_it_can() -> None:
    for size, labels in (((80, 24), ("b Block a Await x Resign",)), (SIZE, ("b Block (time.sleep)", "a Await"))):
        app = SimulApp(small_config(boards=50))
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            footer = " ".join(
                f"{binding.key} {binding.description}"
                for (_, binding, enabled, _) in app.screen.active_bindings.values()
                if enabled and binding.show
            )
            for label in labels:
                assert label in footer, footer
            await pilot.press("b")  # the short label's binding plays the same lesson
            assert lesson_on_show(app) is BLOCKING


async def test_a_wide_terminal_shows_both_and_offers_no_toggle() -> None:
    app = SimulApp(small_config(), speed=1.0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert (app.room_grid.display, app.side.display) == (True, True)
        assert app.check_action("toggle_panel", ()) is False


async def test_in_a_narrow_terminal_tab_still_moves_through_a_form() -> None:
    app = SimulApp(small_config(), speed=1.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        first = app.focused
        await pilot.press("tab")
        assert app.focused is not first
        assert app.room_grid.display  # the room did not give way to the panel underneath


async def test_o_moves_her_search_from_a_thread_to_the_loop_to_a_process_and_the_lesson_says_what_it_does() -> None:
    app = SimulApp(small_config(gm="search:2", gm_offload=Offload.THREAD), paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        mover = app.exhibition.gm_mover
        assert isinstance(mover, OffloadedSearch)
        assert app.check_action("offload", ()) is True  # in the footer, with a search to move
        seen = []
        for _ in range(3):
            await pilot.press("o")
            shown = lesson_on_show(app)
            assert shown is not None
            seen.append((mover.offload, shown.marker))
        assert seen == [
            (Offload.NONE, "return search(board, self.depth).move"),
            (Offload.PROCESS, "run_in_executor("),
            (Offload.THREAD, "run_in_executor("),
        ]
        assert app.config.gm_offload is Offload.THREAD  # a new exhibition (n) keeps her last choice
        assert "her search:2 in a thread" in app.title_line.render()


async def test_o_is_not_offered_when_her_mover_does_not_search() -> None:
    app = SimulApp(small_config(), paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.check_action("offload", ()) is False


@pytest.mark.parametrize("size", [(200, 50), (80, 24)])
async def test_the_boards_counted_in_view_are_those_the_room_shows(size: tuple[int, int]) -> None:
    app = SimulApp(small_config(boards=200), paused=True)
    async with app.run_test(size=size) as pilot:
        room = app.room_grid
        for place in (0.0, room.max_scroll_y / 3, room.max_scroll_y / 2 + 1.5, room.max_scroll_y):
            room.scroll_to(y=place, animate=False, immediate=True)
            await pilot.pause()
            shown = {board.view.number for board in app._boards if board.region.overlaps(room.region)}
            assert shown, place
            assert set(app._boards_in_view()) == shown, place
        if app.narrow:
            await pilot.press("tab")  # the lesson takes the screen: no board is in view
            assert not room.display
            assert not app._boards_in_view()


async def test_a_board_that_played_out_of_view_shows_its_game_as_it_stands_when_scrolled_to() -> None:
    app = SimulApp(small_config(boards=200), speed=10.0)
    async with app.run_test(size=SIZE) as pilot:
        room, far = app.room_grid, app._boards[-1]
        app._looking_until = math.inf  # the view stays where the test puts it, not where she is
        # She plays at the last table and walks on (its highlight moves, which redraws it anyway); the
        # board is drawn so, then left out of view while its opponent replies.
        played_there, walked_on, replied = asyncio.Event(), asyncio.Event(), asyncio.Event()

        def watch(event: Event) -> None:
            if isinstance(event, MovePlayed) and event.table == far.view.number:
                (replied if event.side is Side.OPPONENT else played_there).set()
            if isinstance(event, GrandmasterArrived) and event.table != far.view.number and played_there.is_set():
                walked_on.set()

        app.exhibition.subscribe(watch)
        await walked_on.wait()
        app.repaint_boards()  # her highlight leaves the board
        await pilot.pause()
        assert not far.has_class("-gm-here")
        room.scroll_to_widget(far, animate=False, immediate=True)
        await pilot.pause()
        room.scroll_to(y=0, animate=False, immediate=True)
        await pilot.pause()
        assert far.view.number not in app._boards_in_view()
        assert not replied.is_set()
        await replied.wait()
        app.repaint_boards()
        room.scroll_to_widget(far, animate=False, immediate=True)
        await pilot.pause()
        width, height = far.outer_size
        drawn = [strip.text for strip in far.render_lines(Region(0, 0, width, height))]
        expected = board_rows(far.view.board, far.view.last_move)
        assert drawn[0] == f"{far.view.number} {far.header}".ljust(width)[:width]
        assert drawn[1:] == [f"  {row.plain}".ljust(width) for row in expected]
