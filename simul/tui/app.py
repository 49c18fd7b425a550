"""The live TUI: the exhibition runs as one async worker on the app's own loop, the lesson itself."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import enum
import gc
import math
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Label, Sparkline, Static

from simul.core.clock import PacedClock
from simul.core.config import ExhibitionConfig, Policy
from simul.core.engines import EngineFailed, EngineView
from simul.core.events import Event, GrandmasterArrived
from simul.core.exhibition import Exhibition
from simul.core.lag import LAG_MONITOR, LagMonitor
from simul.core.offload import Offload, OffloadedSearch
from simul.core.stats import ExhibitionStats
from simul.gc_tuning import calm_garbage_collector
from simul.lessons.gil import gil_enabled
from simul.loop.event_loop import SimulLoop
from simul.loop.handles import HandleView, describe
from simul.loop.snapshot import LoopSnapshot, take_snapshot
from simul.options import EXIT_USAGE
from simul.output.pgn import write_pgn
from simul.output.targets import default_save_folder
from simul.race.setup import DEFAULT as RACE
from simul.race.setup import RaceSetup
from simul.shutdown import MAIN_TASK
from simul.stepper import RoomStepper, Step
from simul.tui.room import RoomView
from simul.tui.screens.help import HelpScreen
from simul.tui.screens.policies import PoliciesScreen
from simul.tui.screens.race import RaceScreen
from simul.tui.screens.setup import SetupScreen
from simul.tui.screens.summary import SummaryScreen
from simul.tui.screens.zoom import ZoomScreen
from simul.tui.widgets.floor import ROOM_ORIGIN, FloorPanel
from simul.tui.widgets.lag_marks import LagMarks, Mark
from simul.tui.widgets.lesson import (
    BLOCKING,
    INTRO,
    OVER,
    RESTING,
    Lesson,
    LessonPanel,
    Scene,
    Topic,
    lesson_for,
    offloaded,
    paused,
    resigned,
    step_lesson,
)
from simul.tui.widgets.mini_board import BoardScale, MiniBoard, badge, scale_for
from simul.tui.widgets.settings_line import SettingsLine
from simul.tui.widgets.stats_panel import StatsPanel
from simul.tui.widgets.walk import WalkTrail


class NarrowView(enum.Enum):
    """What a terminal too narrow for the room and the panel side by side shows; tab goes to the next.

    The lesson comes first after the room: one key away, as the class needs it most.
    """

    ROOM = "room"
    LESSON = "lesson"
    FIGURES = "figures"
    """Her walk, the figures, the floor panel and the lag."""


LOOK_SECONDS = 8.0
"""After the cursor moves, how long (wall time) the view stays where the user put it before following her."""
SIDE_WIDTH = 50
"""The side panel's width: walk, figures, floor, lesson."""
SIDE_FROM_WIDTH = 120
"""Narrower terminals show the room alone."""
"""A mini-board's width plus the gutter: decides how many fit side by side."""
MIN_WIDTH, MIN_HEIGHT = 64, 20
"""Below this, a message rather than a broken layout."""
SPEEDS = (0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
DEMO_SECONDS = 2.0
"""How long the blocking (and the awaited) pause lasts, in real seconds."""
LAG_WINDOW = 600
"""Lag samples the live figures summarise: the last 30 seconds."""
REPAINTS_PER_SECOND = 30
"""How often the boards and their countdowns are brought up to date."""
READINGS_PER_SECOND = 4
"""How often the figures and the loop's insides are read and shown."""
LAG_SHOWN = 120
"""Lag samples the sparkline shows: the last 6 seconds."""
LESSON_SECONDS = 3.0
"""How long each lesson stays up before the next; it is redrawn from the screen's state every second."""


class SimulApp(App[None]):
    """One grandmaster, many boards, one thread: watch the room, and the event loop under it."""

    CSS_PATH = "simul.tcss"
    TITLE = "simul"
    # In the footer's order: the lessons' keys first, so that they show even at 80 columns.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "pause", "Pause"),
        Binding("question_mark", "help", "Help"),
        Binding("b", "block", "Block (time.sleep)"),
        Binding("b", "block('narrow')", "Block"),  # the same key: its short label, where 80 columns must hold all
        Binding("a", "rest", "Await (asyncio.sleep)"),
        Binding("a", "rest('narrow')", "Await"),
        Binding("x", "resign", "Resign"),
        Binding("full_stop", "step", "Step"),
        Binding("tab", "toggle_panel", "Views", priority=True),  # before the screen's focus keys
        Binding("q", "quit", "Quit"),
        Binding("o", "offload", "Offload"),  # shown with `--gm search` alone
        Binding("greater_than_sign", "step_to_event", "To event", show=False),
        Binding("plus,equals_sign", "faster", "Faster"),
        Binding("minus", "slower", "Slower"),
        Binding("enter", "zoom", "Zoom"),
        Binding("p", "policies", "Policies"),
        Binding("n", "new", "New"),
        Binding("r", "race", "Race"),
        Binding("s", "save", "Save PGN"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding("left", "move_cursor(-1, 0)", show=False),
        Binding("right", "move_cursor(1, 0)", show=False),
        Binding("up", "move_cursor(0, -1)", show=False),
        Binding("down", "move_cursor(0, 1)", show=False),
    ]

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """simul's own commands first in the palette (ctrl+p), then Textual's (theme, keys, quit)."""
        yield SystemCommand("New exhibition", "Set the boards, think times, her move and policy (n)", self.action_new)
        yield SystemCommand("Pause or resume", "Stop or restart every clock (space)", self.action_pause)
        yield SystemCommand("Step one pass", "Run the room's tasks for one pass of the loop (.)", self.action_step)
        yield SystemCommand(
            "Lesson: block the loop", "Her next move calls time.sleep: everything freezes (b)", self.action_block
        )
        yield SystemCommand(
            "Lesson: await instead", "Her next move awaits asyncio.sleep: the room plays on (a)", self.action_rest
        )
        yield SystemCommand(
            "Lesson: cancel a task", "She resigns at the chosen table: its task is cancelled (x)", self.action_resign
        )
        yield SystemCommand(
            "Compare policies", "The same exhibition under round, urgent and loop (p)", self.action_policies
        )
        yield SystemCommand("Race", "Sequential, threads, asyncio and blocking, side by side (r)", self.action_race)
        yield SystemCommand("Save PGN", f"Every game so far, into {self.save_folder} (s)", self.action_save)
        yield SystemCommand("Help", "The keys and how to read the room (?)", self.action_help)
        yield from super().get_system_commands(screen)

    def __init__(
        self,
        config: ExhibitionConfig,
        *,
        speed: float = 1.0,
        paused: bool = False,
        save_folder: Path | None = None,
        lag_clock: Callable[[], float] | None = None,
        race: RaceSetup = RACE,
    ) -> None:
        super().__init__()
        self.race = race
        """What the race screen (`r`) races; its seed is the exhibition's."""
        self.lag_clock = lag_clock
        """What the lag monitor measures against: the loop's clock unless a test stands in for the wall."""
        self.speed = speed
        self.start_paused = paused
        self.save_folder = save_folder if save_folder is not None else default_save_folder()
        """Where `s` saves: always said as a full path."""
        self.selected = 1
        self.columns = 10
        self.board_scale = BoardScale.COMPACT
        self._looking_until = 0.0
        self.narrow_view = NarrowView.ROOM
        """In a narrow terminal, what takes the screen: the room, the figures and the floor, or the lesson."""
        self.stepper: RoomStepper | None = None
        """Step mode, while it is on."""
        self.last_step: Step | None = None
        self._boards: list[MiniBoard] = []
        self._gm_widget: MiniBoard | None = None
        self._steps_shown = -1
        self._topic = 0
        self._topic_shown_since = 0.0
        self._pinned: Lesson | None = None
        self._pinned_until = 0.0
        self._last_reading: tuple[float, int] | None = None
        self._repeating: list[Timer] = []
        self.failure: str | None = None
        """Why the exhibition could not start (an engine that would not), if it could not."""
        self._prepare(config)

    def compose(self) -> ComposeResult:
        # Few containers, on purpose: each frame repaints every widget under the changes.
        with Vertical(id="side") as self.side:
            yield (title := SettingsLine(id="title"))
            yield (status := Static(id="status"))
            yield Label("THE ROOM · simul's model", classes="layer -room")
            yield (walk := WalkTrail(id="walk"))
            yield (stats := StatsPanel(id="stats"))
            yield Label("UNDER THE FLOOR · asyncio's loop, one thread", classes="layer -floor")
            yield (floor := FloorPanel(id="floor"))
            yield (lag_label := Label("Event-loop lag", id="lag-label"))
            yield (lag := Sparkline([0.0], id="lag"))
            yield (lag_marks := LagMarks(id="lag-marks"))
            yield (lesson := LessonPanel(id="lesson"))
        yield (room := ScrollableContainer(id="room"))
        yield Static(f"The terminal is too small: make it at least {MIN_WIDTH} x {MIN_HEIGHT}.", id="too-small")
        yield (footer := Footer())
        self.footer = footer
        # Held, not queried each tick: a tick that fires while the app tears its screen down draws on
        # a detached widget, harmlessly, where a query would fail.
        self.status_line, self.walk_trail, self.stats_panel = status, walk, stats
        self.floor_panel, self.lag_line, self.lesson_panel, self.room_grid = floor, lag, lesson, room
        self.lag_label, self.lag_marks, self.title_line = lag_label, lag_marks, title

    def on_mount(self) -> None:
        self._repeating = [
            self.set_interval(1 / REPAINTS_PER_SECOND, self.repaint_boards),
            self.set_interval(1 / READINGS_PER_SECOND, self.refresh_figures),
            self.set_interval(1.0, self.refresh_lesson),
        ]
        self._show_and_play()

    def on_unmount(self) -> None:
        # The widgets are going: nothing may draw on them any more.
        for timer in self._repeating:
            timer.stop()
        self._leave_step_mode()  # the room's tasks must be free to run their cancellation
        gc.unfreeze()  # the room is going: what was frozen with it may be collected again

    def start(self, config: ExhibitionConfig) -> None:
        """Set up the room for `config` and start playing (replacing any exhibition running)."""
        self._leave_step_mode()
        self._prepare(config)
        self._show_and_play()

    def _prepare(self, config: ExhibitionConfig) -> None:
        """The exhibition for `config`, its clock, and the views that follow its events."""
        self.config = config
        self.clock = PacedClock(self.speed)
        self.exhibition = Exhibition(config, self.clock, lag_monitor=LagMonitor(clock=self.lag_clock))
        self.room = RoomView()
        self.stats = ExhibitionStats()
        for subscriber in (self.room.apply, self.stats.record, self._follow_her):
            self.exhibition.subscribe(subscriber)
        self.room.set_up(config, [table.gm_color for table in self.exhibition.tables])
        self._failures_told = 0
        self._pauses_shown = 0
        self.demo_marks: list[Mark] = []
        """Where `b` and `a` were pressed, in lag samples: marked under the sparkline."""

    def _tell_failed_subscribers(self) -> None:
        """Say once which view failed: the bus dropped it and the games play on without it."""
        failures = self.exhibition.bus.failures
        for failure in failures[self._failures_told :]:
            self.notify(
                f"{failure.subscriber} failed on {type(failure.event).__name__} ({failure.error}) and was dropped; "
                "the games play on.",
                title="A view failed",
                severity="error",
            )
        self._failures_told = len(failures)

    def _show_and_play(self) -> None:
        """Put the prepared exhibition's boards on screen, and start it."""
        self._pin(INTRO, 2 * LESSON_SECONDS)
        self._boards = [MiniBoard(view, self.board_scale) for view in self.room.tables]
        self._gm_widget = None
        self._steps_shown = -1
        self.last_step = None
        grid = self.room_grid
        gc.unfreeze()  # the room going away was frozen with the rest: its objects may be collected again
        grid.remove_children()
        grid.mount_all(self._boards)
        self._lay_out_room()
        self.selected = 1
        self._boards[0].add_class("-selected")
        self._show_settings()
        if self.start_paused:
            self.clock.pause()
        # Played from the first frame on, not before: mounting and laying out 2,000 boards holds the loop
        # for a second, and a lag monitor already running would show that as a spike nobody caused.
        self.call_after_refresh(self._begin, self.exhibition)
        self.show_status()

    def _show_settings(self) -> None:
        config, mover = self.config, self.exhibition.gm_mover
        search: tuple[str, ...] = ()
        if isinstance(mover, OffloadedSearch):
            where = "the loop" if mover.offload is Offload.NONE else f"a {mover.offload.value}"
            search = (f"her search:{mover.depth} in {where}",)
        self.title_line.phrases = (
            "simul",
            f"{config.boards} boards",
            f"think {config.think} s",
            f"her move {config.gm_move:g} s",
            *search,
            f"seed {config.seed}",
            f"policy {config.policy.value}",
        )

    def show_status(self) -> None:
        """Say whether the clock runs, how fast, or that the story is over."""
        # A line of its own, not a toast: mounting a toast lays out every board again.
        if self.exhibition.finished_at is not None:
            status = Text.assemble(("■ over", "bold #87d787"), " · every game has ended · n for a new one")
        elif self.stepper is not None and self.stepper.active:
            status = Text.assemble((" STEP ", "bold reverse #ffd75f"), " . one pass · > next event · space plays")
        elif self.clock.paused:
            status = Text.assemble(
                # Within the side panel's width: a status that folds pushes the whole panel down.
                (" PAUSED ", "bold reverse #ffd75f"),
                " space resumes · . steps one pass",
            )
        else:
            status = Text.assemble(
                # Short enough for the side panel at any speed: a line too long folds, and its space with it.
                ("▶ playing", "bold #87d787"),
                f" at x{self.clock.speed:g} · space pauses · +/- speed",
            )
        self.status_line.update(status, layout=False)

    def _begin(self, exhibition: Exhibition) -> None:
        # Python's full collections walked every widget and board: pauses of the loop of about 100 ms, eight
        # in 15 s at 50 boards and x10, spikes on the lag gauge that nobody caused. What the room is made of lives
        # as long as the room, so it is frozen out of them; with no collection first (a tenth of a second
        # each time): the little garbage frozen with it is collectable again once the room goes (unfreeze).
        calm_garbage_collector(collect_first=False)
        self.play(exhibition)

    @work(exclusive=True, group="exhibition")
    async def play(self, exhibition: Exhibition) -> None:
        """The whole exhibition, on this app's loop: the thread that runs every board draws the screen too."""
        try:
            await exhibition.run()
        except EngineFailed as error:  # its first engine would not start: nothing to show
            self.failure = str(error)
            self.exit(return_code=EXIT_USAGE)
            return
        if exhibition is self.exhibition:
            self._leave_step_mode()
            self.show_status()
            self._tell_the_end()

    def _tell_the_end(self) -> None:
        """The story's end: the exhibition at a glance; `n` from there starts another."""

        def new_if_asked(again: bool | None) -> None:
            if again:
                self.action_new()

        summary = self.stats.summary(self.exhibition.lag_monitor.samples)
        self.push_screen(SummaryScreen(summary, len(self.exhibition.tables)), new_if_asked)

    def repaint_boards(self) -> None:
        """Redraw the boards that changed, move the highlight, tick the countdowns."""
        changed = self.room.take_changes()
        # Read the stack, not `self.screen`: a tick that fires as the app closes finds it empty.
        top = self.screen_stack[-1] if self.screen_stack else None
        if isinstance(top, ZoomScreen) and top.view.number in changed:
            top.redraw()
        gm_table = self.room.gm_table
        gm_widget = self._boards[gm_table - 1] if gm_table else None
        if self.room.steps != self._steps_shown:
            self._steps_shown = self.room.steps
            self.walk_trail.show(self.room.walk)
        self._mark_her_table(gm_widget)
        if gm_widget is not None:
            self._follow(gm_widget)  # each tick, not only when she moves: a resize or a scroll may hide her
        if self.room.pauses != self._pauses_shown and self.room.last_pause is not None:
            self._pauses_shown = self.room.pauses
            self._pin(paused(self.room.moves_while_paused, self.room.last_pause, DEMO_SECONDS), 15.0)
        # Only the boards in view are refreshed: a refresh of one out of view made Textual work out the
        # place of every widget again at the next frame (7 ms at 200 boards). The others are drawn afresh
        # when a scroll shows them.
        in_view = self._boards_in_view()
        for number in changed:
            self._boards[number - 1].board_changed(in_view=number in in_view)
        now = self.clock.now()
        for number, widget in enumerate(self._boards, start=1):
            widget.show_header(badge(widget.view, now), in_view=number in in_view)

    def _boards_in_view(self) -> range:
        """The numbers of the boards the room shows now, whole or in part.

        Exactly those: a board refreshed out of view costs the next frame a new map of every widget.
        """
        room, everything = self.room_grid, range(1, len(self._boards) + 1)
        if not room.display:
            return range(0)  # the lesson or the figures have the screen; a terminal too small
        first = self._boards[0].virtual_region if self._boards else None
        if first is None or first.height == 0 or room.max_scroll_y == 0:
            return everything  # not laid out yet, or no scrolling: every board is in view
        height = self.board_scale.height
        top = room.scroll_offset.y - first.y  # from the top of the first row; rounded, as the compositor places it
        first_row = max(0, math.floor(top / height))
        end_row = math.ceil((top + room.scrollable_content_region.height) / height)  # past the last row shown
        return range(first_row * self.columns + 1, min(len(self._boards), end_row * self.columns) + 1)

    def _follow_her(self, event: Event) -> None:
        # A jump of rows (her walk wrapping round to table 1, or past rows of thinking tables) is followed
        # as she arrives, her table marked with it: at the next repaint, a frame would show the view still
        # where she was. Within view, the repaint moves the mark: a frame more for each arrival costs CPU.
        if isinstance(event, GrandmasterArrived) and len(self._boards) >= event.table:
            board = self._boards[event.table - 1]
            if not self._in_view(board):
                self._mark_her_table(board)
                self._follow(board)

    def _in_view(self, board: MiniBoard) -> bool:
        """Whether all of `board` is inside the room's visible part (or the room does not scroll)."""
        room, place = self.room_grid, board.virtual_region  # `virtual_region` is current; `region`, last frame's
        top, height = room.scroll_y, room.scrollable_content_region.height
        return room.max_scroll_y == 0 or (top <= place.y and place.bottom <= top + height)

    def _mark_her_table(self, board: MiniBoard | None) -> None:
        if board is self._gm_widget:
            return
        now = self.clock.now()
        for widget in (self._gm_widget, board):
            if widget is not None:
                # The highlight and the badges move together: a frame with her green table still saying
                # "ready", and the one she left "playing", would show her at two tables.
                widget.set_class(widget is board, "-gm-here")
                widget.show_header(badge(widget.view, now))
        self._gm_widget = board
        if self.room.steps != self._steps_shown:  # her walk, in the same frame
            self._steps_shown = self.room.steps
            self.walk_trail.show(self.room.walk)

    def _follow(self, board: MiniBoard) -> None:
        """Keep her table on screen when the room is larger than the window: the story is where she is."""
        if board.virtual_region.height == 0 or self._in_view(board):
            return  # in view (or not laid out yet)
        if time.monotonic() < self._looking_until:
            return  # the user moved the cursor to look elsewhere: leave the view where they put it
        self.room_grid.scroll_to_widget(board, animate=False, top=True, immediate=True)

    def engines(self) -> list[EngineView] | None:
        """Every engine process the players run now; None if no player is an engine."""
        pools = self.exhibition.engine_pools.values()
        return [engine for pool in pools for engine in pool.engines] if pools else None

    def read_loop(self) -> LoopSnapshot:
        """The event loop's insides now, the room's own timers picked out."""
        return take_snapshot(asyncio.get_running_loop(), focus=_is_room)

    def refresh_figures(self) -> None:
        """Redraw the statistics, the loop's insides and the lag sparkline."""
        # A recent window: the live figure follows what happens now, and stays cheap for hours.
        samples = self.exhibition.lag_monitor.samples[-LAG_WINDOW:]
        summary = self.stats.summary(samples)
        self.stats_panel.show(summary, self.clock.speed, self.clock.paused)
        snapshot = self.read_loop()
        rate = None
        loop_now = asyncio.get_running_loop().time()
        if self._last_reading is not None:
            elapsed, passes = loop_now - self._last_reading[0], snapshot.passes - self._last_reading[1]
            rate = passes / elapsed if elapsed > 0 and passes > 0 else None
        self._last_reading = (loop_now, snapshot.passes)
        step = self.last_step if self.stepper is not None and self.stepper.active else None
        self.floor_panel.show(snapshot, rate, step, self.engines())
        # In tenths of a millisecond: finer is float noise, and the sparkline scales noise up to full bars.
        recent = [round(sample * 1000, 1) for sample in samples[-LAG_SHOWN:]]
        # Padded to a fixed width: new samples come in on the right, as on a scope.
        self.lag_line.data = [0.0] * (LAG_SHOWN - len(recent)) + recent
        # The sparkline scales itself: say what its tallest bar is.
        shown = LAG_SHOWN * self.exhibition.lag_monitor.interval
        tallest = max(recent, default=0.0)
        figure = f"{tallest:,.1f}" if tallest < 100 else f"{tallest:,.0f}"  # "2,008 ms" fits the panel
        label = f"Event-loop lag, last {shown:g} s: tallest bar {figure} ms"
        if label != self.lag_label.content:
            self.lag_label.update(label, layout=False)  # a fixed size: no layout pass
        self.lag_marks.show(self.demo_marks, len(self.exhibition.lag_monitor.samples), LAG_SHOWN)

    def scene(self) -> Scene:
        """What the screen shows now, as the lesson panel reads it."""
        return Scene(
            self.room,
            self.floor_panel.snapshot,  # the panel's last reading, a quarter of a second old at most
            self.clock.now(),
            self.clock.speed,
            self.clock.paused,
            self.config.policy,
            self.config.gm_move,
            {engine.task: engine.pid for engine in self.engines() or () if engine.task is not None},
        )

    def refresh_lesson(self) -> None:
        """Redraw the lesson from the screen as it is now; move to the next topic every few seconds."""
        self._tell_failed_subscribers()
        now = self._now()
        if self.exhibition.finished_at is not None:
            # The end of the story, not a table that no longer thinks, nor the opening lesson still pinned
            # (a short exhibition at a high speed ends before it is due to go).
            if self.lesson_panel.lesson is not OVER:
                self._pinned = None
                self.lesson_panel.teach(OVER)
            return
        if self._pinned is not None and now < self._pinned_until:
            return
        self._pinned = None
        if self.stepper is not None and self.stepper.active:
            return  # each step explains itself
        topics = list(Topic)
        if now - self._topic_shown_since >= LESSON_SECONDS:
            self._topic += 1
            self._topic_shown_since = now
        scene = self.scene()
        for turn in range(len(topics)):
            lesson = lesson_for(topics[(self._topic + turn) % len(topics)], scene)
            if lesson is not None:
                self._topic += turn
                self.lesson_panel.teach(lesson)
                return

    def _now(self) -> float:
        return asyncio.get_running_loop().time()

    def _pin(self, lesson: Lesson, seconds: float) -> None:
        self._pinned = lesson
        self._pinned_until = self._now() + seconds
        self.lesson_panel.teach(lesson)

    def on_resize(self, event: Resize) -> None:
        too_small = event.size.width < MIN_WIDTH or event.size.height < MIN_HEIGHT
        self.screen.set_class(too_small, "-too-small")
        self._show_panels()
        self._lay_out_room()
        self.refresh_bindings()  # `tab` is offered only where the panel and the room take turns

    @property
    def narrow(self) -> bool:
        """Too narrow for the room and the side panel at once: they take turns (tab)."""
        return self.size.width < SIDE_FROM_WIDTH

    def _show_panels(self) -> None:
        too_small = self.screen.has_class("-too-small")
        view = self.narrow_view if self.narrow else None
        # Inline styles: they override the CSS.
        self.side.display = not too_small and view is not NarrowView.ROOM
        self.side.styles.width = "1fr" if self.narrow else SIDE_WIDTH
        self.room_grid.display = not too_small and view in (None, NarrowView.ROOM)
        self.side.set_class(view is NarrowView.FIGURES, "-figures-only")
        self.side.set_class(view is NarrowView.LESSON, "-lesson-only")
        self.footer.compact = self.narrow  # one space between the keys, not three: more of them fit
        self.refresh_bindings()  # the keys' labels: long or short

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_panel":
            # Wide terminals show both: nothing to toggle. Over the room (a form, say), tab is the screen's.
            return self.narrow and len(self.screen_stack) == 1
        if action == "offload":
            return isinstance(self.exhibition.gm_mover, OffloadedSearch)
        if action in ("block", "rest"):
            return bool(parameters) == self.narrow  # one of the key's two labels: the long one where it fits
        return True

    async def action_quit(self) -> None:
        """Quit: the boards are removed at once, in one batch, before Textual closes the screens."""
        # Nothing more to draw: no repaint ticks, and the room out of the layout before its 2,000 boards go,
        # so that their removal lays out and draws an empty room, not every board left.
        for timer in self._repeating:
            timer.stop()
        self.room_grid.display = False
        # Textual's input thread polls its terminal a tenth of a second at a time and reads once more
        # before it ends; the shutdown waits for it on the loop's thread. Told now, it ends while the boards
        # are removed. The event is cleared again so that the shutdown still gives the terminal back in full.
        input_ended = getattr(self._driver, "exit_event", None)
        if isinstance(input_ended, threading.Event):
            input_ended.set()
        await self.room_grid.remove_children()
        if isinstance(input_ended, threading.Event):
            input_ended.clear()
        self.exit()

    def action_toggle_panel(self) -> None:
        """In a narrow terminal: the room, then the lesson, then her walk with the figures and the floor."""
        views = list(NarrowView)
        self.narrow_view = views[(views.index(self.narrow_view) + 1) % len(views)]
        self._show_panels()

    def _lay_out_room(self) -> None:
        """Draw the boards as large as the room allows with every board in it; as many columns as fit."""
        width, height = self.size
        side = SIDE_WIDTH if width >= SIDE_FROM_WIDTH else 0
        room_width, room_height = width - side - 1, height - 1  # the scrollbar; the footer
        scale = scale_for(len(self._boards) or self.config.boards, room_width, room_height)
        self.board_scale = scale
        for each in BoardScale:
            self.room_grid.set_class(each is scale, f"-{each.name.lower()}")
        for board in self._boards:
            board.rescale(scale)
        boards = len(self._boards) or self.config.boards
        fit = max(1, (room_width + 1) // (scale.width + 1))
        rows = math.ceil(boards / fit)
        self.columns = math.ceil(boards / rows)  # rows as even as the same number of rows allows: 6 + 6, not 7 + 5
        self.room_grid.styles.grid_size_columns = self.columns
        # A room that does not fill the screen sits in its middle, as a projected picture should.
        spare_width = room_width - (self.columns * (scale.width + 1) - 1)
        spare_height = room_height - rows * scale.height
        self.room_grid.styles.padding = (max(0, spare_height // 2), 0, 0, max(0, spare_width // 2))

    def action_pause(self) -> None:
        """Stop or restart every clock (leaving step mode)."""
        if self.clock.paused:
            self._leave_step_mode()
            self.clock.resume()
        else:
            self.clock.pause()
        self.show_status()
        self.refresh_figures()

    # Step mode.

    def _stepper(self) -> RoomStepper | None:
        loop = asyncio.get_running_loop()
        if not isinstance(loop, SimulLoop):
            self.notify("Step mode needs simul's own event loop: start the app with `simul`.", severity="warning")
            return None
        if self.stepper is None:
            self.stepper = RoomStepper(loop, self.exhibition, self.clock, self._stepped)
        return self.stepper

    def action_step(self) -> None:
        """Pause, and let the room's tasks run exactly one pass of the loop."""
        self._step(until_event=False)

    def action_step_to_event(self) -> None:
        """Pause, and run the room pass by pass until it publishes an event."""
        self._step(until_event=True)

    def _step(self, *, until_event: bool) -> None:
        if self.exhibition.finished_at is not None:
            self.notify("Every game is over: there is nothing left to step. n starts a new exhibition.")
            return
        stepper = self._stepper()
        if stepper is None:
            return
        self.clock.pause()
        stepped = stepper.step_until_event() if until_event else stepper.step()
        if not stepped:
            self.notify("Nothing of the room is ready, and no clock deadline is set.")
        self.show_status()

    def _stepped(self, step: Step) -> None:
        # Called by the loop between two passes: draw in a callback of its own, not from inside the loop.
        self.last_step = step
        self.call_later(self._show_step, step)

    def _show_step(self, step: Step) -> None:
        stepper = self.stepper
        if stepper is None or not stepper.active:
            return
        loop = asyncio.get_running_loop()
        held = loop.held if isinstance(loop, SimulLoop) else ()
        waiting = [view.label for view in map(describe, held) if _is_simul(view)]
        self._pin(step_lesson(step, waiting), 0.0)
        self.refresh_figures()

    def _leave_step_mode(self) -> None:
        if self.stepper is not None:
            self.stepper.stop()
            self.stepper = None
            self.last_step = None

    # The room's controls.

    def _set_speed(self, step: int) -> None:
        index = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - self.clock.speed))
        self.speed = SPEEDS[max(0, min(len(SPEEDS) - 1, index + step))]
        self.clock.speed = self.speed
        self.show_status()
        self.refresh_figures()

    def action_faster(self) -> None:
        """Play faster."""
        self._set_speed(+1)

    def action_slower(self) -> None:
        """Play slower."""
        self._set_speed(-1)

    def _demo_possible(self) -> bool:
        if self.exhibition.finished_at is not None:
            self.notify("Every game is over: there is no next move to block or rest at.")
            return False
        return True

    def action_block(self, label: str = "wide") -> None:
        """The blocking lesson: her next move calls time.sleep, and everything freezes."""
        if self._demo_possible():
            self.exhibition.grandmaster.block_next_move(DEMO_SECONDS)
            self._mark_lag("b")
            self._pin(BLOCKING, 12.0)

    def action_rest(self, label: str = "wide") -> None:
        """The same pause done right: her next move awaits asyncio.sleep."""
        if self._demo_possible():
            self.exhibition.grandmaster.rest_next_move(DEMO_SECONDS)
            self._mark_lag("a")
            self._pin(RESTING, 8.0)

    def _mark_lag(self, key: str) -> None:
        self.demo_marks.append(Mark(len(self.exhibition.lag_monitor.samples), key))

    def move_selection(self, number: int) -> None:
        """Put the cursor on table `number`."""
        number = max(1, min(len(self._boards), number))
        self._boards[self.selected - 1].remove_class("-selected")
        self.selected = number
        widget = self._boards[number - 1]
        widget.add_class("-selected")
        widget.scroll_visible()

    def action_move_cursor(self, across: int, down: int) -> None:
        """Move the cursor to a neighbouring board."""
        # The user looks at a board of their choice: the view stops following her for a while.
        self._looking_until = time.monotonic() + LOOK_SECONDS
        self.move_selection(self.selected + across + down * self.columns)

    def action_zoom(self) -> None:
        """See the chosen board large."""
        self.push_screen(ZoomScreen(self.room.tables[self.selected - 1]))

    def on_mini_board_chosen(self, message: MiniBoard.Chosen) -> None:
        self.move_selection(message.number)
        self.action_zoom()

    def action_new(self) -> None:
        """Set up a new exhibition."""

        def start_if_chosen(config: ExhibitionConfig | None) -> None:
            if config is not None:
                self.start(config)

        self.push_screen(SetupScreen(self.config), start_if_chosen)

    def action_policies(self) -> None:
        """Compare the three walk policies on this exhibition, and play the one chosen."""

        def start_if_chosen(policy: Policy | None) -> None:
            if policy is not None:
                self.start(dataclasses.replace(self.config, policy=policy))

        self.push_screen(PoliciesScreen(self.config), start_if_chosen)

    def action_save(self) -> Path:
        """Save every game so far as PGN; return where."""
        path = self.save_folder / f"simul-{datetime.datetime.now():%Y%m%d-%H%M%S}.pgn"
        write_pgn(path, self.exhibition.tables, datetime.date.today())
        self.notify(f"{len(self.exhibition.tables)} games saved to {path}", title="Saved")
        return path

    def action_offload(self) -> None:
        """Move her search: a process, then a thread, then the loop's own thread, then a process again."""
        mover = self.exhibition.gm_mover
        if not isinstance(mover, OffloadedSearch):
            return
        order = [Offload.PROCESS, Offload.THREAD, Offload.NONE]
        mover.move_to(order[(order.index(mover.offload) + 1) % len(order)])
        self.config = dataclasses.replace(self.config, gm_offload=mover.offload)  # `n` keeps it
        self._show_settings()
        self._pin(offloaded(mover.offload, mover.depth, gil=gil_enabled()), 12.0)

    def action_resign(self) -> None:
        """She resigns at the chosen board: its task is cancelled."""
        number = self.selected
        if self.exhibition.resign(number):
            self._pin(resigned(number), 8.0)
        elif self.exhibition.tables[number - 1].is_over:
            self.notify(f"The game at table {number} is over: there is nothing to resign.")
        else:
            self.notify(f"She is making her move at table {number}: choose another table, or try again.")

    def action_race(self) -> None:
        """Race the four ways to play an exhibition; the room pauses meanwhile."""
        was_running = not self.clock.paused
        if was_running:
            self.action_pause()

        def resume(_: None) -> None:
            if was_running and self.clock.paused:
                self.action_pause()

        config = dataclasses.replace(self.race.config, seed=self.config.seed)
        self.push_screen(RaceScreen(config, self.race.speed), resume)

    def action_help(self) -> None:
        """Show the keys and the legend."""
        self.push_screen(HelpScreen())


def _is_simul(view: HandleView) -> bool:
    return view.origin == ROOM_ORIGIN


def _is_room(view: HandleView) -> bool:
    return view.origin == ROOM_ORIGIN and view.label not in (LAG_MONITOR, MAIN_TASK)
