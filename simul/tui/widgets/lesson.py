"""The lesson panel: what is on screen now, in the room and under the floor, and the line of code doing it.

Every lesson is built from the room as it stands and a fresh reading of the
loop, at the moment it is shown (and again each time the panel is redrawn),
so it never names a table she left long ago. Each says which layer it
speaks of: the room (simul's model) or the floor (asyncio's loop).
"""

from __future__ import annotations

import ast
import enum
import inspect
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.console import Group
from rich.syntax import Syntax
from rich.text import Text
from textual.widgets import Static

from simul.core.circuit import Circuit
from simul.core.config import Policy
from simul.core.events import PauseKind
from simul.core.exhibition import Exhibition
from simul.core.grandmaster import CircuitGrandmaster, Grandmaster
from simul.core.loop_grandmaster import LoopGrandmaster
from simul.core.offload import Offload, OffloadedSearch
from simul.core.opponent import answer_move
from simul.core.table import TableState
from simul.loop.snapshot import LoopSnapshot
from simul.stepper import Step
from simul.tui.room import RoomView

WINDOW = 7
"""Lines of source shown around the running line."""


@dataclass(frozen=True)
class Lesson:
    """One thing to say, and where in simul's code it happens."""

    text: str
    """Markup: what is happening, in the room and under the floor."""
    function: Callable[..., Any]
    """The code to show."""
    marker: str
    """A piece of the line to mark."""


class Topic(enum.Enum):
    """What the panel explains next, in turn."""

    HER_TABLE = "her table"
    THINKING = "a thinking table"
    READY = "a ready table"
    WALK = "her walk"
    FLOOR = "the floor"


@dataclass(frozen=True)
class Scene:
    """What the screen shows now: the room, a reading of the loop, the settings."""

    room: RoomView
    snapshot: LoopSnapshot | None
    now: float
    """Simulated seconds."""
    speed: float
    paused: bool
    policy: Policy
    gm_move: float
    searching: Mapping[str, int] = field(default_factory=dict)
    """Engine processes searching now: the pid of each, by the name of the task it searches for."""


def _room(text: str) -> str:
    return f"[b #87d787]The room:[/] {text}"


def _floor(text: str) -> str:
    return f"[b #7fb4ff]Under the floor:[/] {text}"


def her_table(scene: Scene) -> Lesson | None:
    number = scene.room.gm_table
    if not number:
        return None
    if scene.policy is Policy.LOOP:
        return Lesson(
            _room(f"her last move was at table {number}. ")
            + _floor(
                f"under the loop policy her move is synchronous work: table {number}'s task held the "
                f"thread for {scene.gm_move:g} s of the room's time and nothing else ran meanwhile, this "
                "screen included. That is why the screen never shows her playing: it cannot draw while she does."
            ),
            Grandmaster._move_at,
            "self._clock.hold_until(done)",
        )
    return Lesson(
        _room(f"she is at table {number}, making her move ({scene.gm_move:g} s). ")
        + _floor(
            "her task is not running: it is suspended in [b]await clock.sleep_until(done)[/], a timer in the "
            "heap, and the loop runs the other tasks meanwhile. She holds the thread only for the instant it "
            "takes to choose and play the move."
        ),
        Grandmaster._move_at,
        "await self._clock.sleep_until(done)",
    )


def thinking(scene: Scene) -> Lesson | None:
    tables = [view for view in scene.room.tables if view.state is TableState.THINKING and view.think_until > scene.now]
    if not tables:
        return None
    for view in tables:
        pid = scene.searching.get(f"opponent {view.number}")
        if pid is not None:
            return Lesson(
                _room(f"table {view.number}'s opponent is thinking: its engine is searching. ")
                + _floor(
                    f"the search runs in another process (pid {pid}), on another core if one is free. "
                    f"Opponent {view.number}'s task awaits the engine's answer on a pipe, which the loop's "
                    "selector watches: I/O, costing this thread no CPU. When the engine writes its "
                    "[b]bestmove[/], the selector reports the pipe readable and the task's wake-up joins the "
                    "ready queue; then it sleeps on a timer until its think time is up."
                ),
                answer_move,
                "move = await mover.choose_move(",
            )
    view = min(tables, key=lambda table: table.think_until)  # the next to move: its countdown is on screen
    left = view.think_until - scene.now
    if scene.paused:
        under = (
            "its task is suspended on simul's paused clock: no timer is set until the clock resumes "
            "(or a step jumps it on). Suspended, it costs no CPU, only its memory."
        )
    else:
        under = (
            f"its task awaits a timer ([b]call_later[/]) due in {left / scene.speed:.2f} s of real time. "
            "Suspended, it costs no CPU, only its memory: the loop does not look at it until the timer "
            "fires and puts its wake-up in the ready queue."
        )
    return Lesson(
        _room(f"table {view.number}'s opponent is thinking, {left:.1f} s left. ") + _floor(under),
        answer_move,
        "await clock.sleep_until(table.ready_at)",
    )


def ready(scene: Scene) -> Lesson | None:
    if scene.policy is Policy.LOOP:
        return None
    tables = [view for view in scene.room.tables if view.state is TableState.READY]
    if not tables:
        return None
    numbers = ", ".join(str(view.number) for view in tables[:6]) + (" ..." if len(tables) > 6 else "")
    return Lesson(
        _room(f"table{'s' if len(tables) > 1 else ''} {numbers}: the opponent has moved; the game waits for her. ")
        + _floor(
            "those tasks are [b]not[/] in the loop's ready queue. Each is suspended again, awaiting its next "
            "turn (an asyncio.Event). 'Ready' here is simul's circuit, her list of tables to visit; the loop's "
            "ready queue holds only handles waiting to run."
        ),
        Circuit.advance_to,
        "heapq.heappush(self._ahead if number > self._position else self._behind, number)",
    )


def walk(scene: Scene) -> Lesson | None:
    steps = scene.room.walk
    if not steps:
        return None
    last = steps[-1]
    if scene.policy is Policy.LOOP:
        return Lesson(
            _room(f"her last stop was table {last.table}. ")
            + _floor(
                "under the loop policy nobody chooses her next table: each table's task joins the ready queue "
                "when its opponent's timer fires, and the loop runs the queue first come, first served, "
                "not by table number."
            ),
            LoopGrandmaster._her_move,
            "start = max(table.ready_at, self._free_at)",
        )
    if scene.policy is Policy.URGENT:
        choice = "the ready table whose reply has waited longest"
    else:
        passed = f", past {last.passed_count} thinking" if last.passed_count else ""
        choice = f"the next ready table in table order{passed}"
    return Lesson(
        _room(f"she went to table {last.table}: {choice}. ")
        + _floor(
            "that choice is simul's scheduling, made by her own coroutine on top of the loop "
            "([b]circuit.next_ready[/]). The loop itself never visits a suspended task: it runs only "
            "what is in its ready queue."
        ),
        CircuitGrandmaster.play,
        "number = circuit.next_ready(position)",
    )


def floor(scene: Scene) -> Lesson | None:
    snapshot = scene.snapshot
    if snapshot is None:
        return None
    mine = sum(1 for view in snapshot.ready if view.origin == "simul")
    others = len(snapshot.ready) - mine
    screen = f"{others} are not the room's (Textual's, mostly: this screen is tasks too). " if others else ""
    if scene.policy is Policy.LOOP:
        moves = f"Under loop, each of her moves holds the thread for her whole move time ({scene.gm_move:g} s)."
    else:
        moves = "The room's tasks are suspended almost all the time: a move takes a fraction of a millisecond."
    return Lesson(
        _floor(
            f"{snapshot.tasks} tasks share one thread. The ready queue holds {len(snapshot.ready)} handles, "
            f"{mine} of them the room's; {screen}{moves}"
        ),
        Exhibition.run,
        "self._table_tasks = self.grandmaster.start(room)",
    )


TOPICS: dict[Topic, Callable[[Scene], Lesson | None]] = {
    Topic.HER_TABLE: her_table,
    Topic.THINKING: thinking,
    Topic.READY: ready,
    Topic.WALK: walk,
    Topic.FLOOR: floor,
}


def lesson_for(topic: Topic, scene: Scene) -> Lesson | None:
    """What `topic` has to say of the scene, if anything."""
    return TOPICS[topic](scene)


def step_lesson(step: Step, waiting: Sequence[str]) -> Lesson:
    """What one step did: the pass, the room's events, what waits for the next."""
    ran = [view.label for view in step.record.ready if view.origin == "simul"]
    # The jump is the room's, not the loop's: simul's paused clock completes the sleepers' futures itself.
    jumped = (
        f"before this pass none of its tasks was ready, so simul's paused clock jumped to {step.jumped_to:.2f} s and "
        "woke the tasks sleeping until then by completing their futures (no loop timer fired: it is the move a "
        "virtual loop makes, done by the room). This step: "
        if step.jumped_to is not None
        else ""
    )
    ran_text = ", ".join(ran) if ran else "none of the room's tasks"
    happened = "; ".join(_event_words(event) for event in step.events[:4]) or "nothing visible yet"
    queued = ", ".join(waiting) if waiting else "nothing: the next step moves the clock"
    gm_ran = "grandmaster" in ran or any(label.startswith("table ") for label in ran)
    marker = "await self._clock.sleep_until(done)" if gm_ran else "await clock.sleep_until(table.ready_at)"
    between = (
        f" ({step.passes_between:,} passes ran the screen's tasks since the last step)" if step.passes_between else ""
    )
    return Lesson(
        _floor(f"step {step.number}, pass {step.record.number:,}{between}. This one pass ran {ran_text}. ")
        + _room(f"{jumped}{happened}. ")
        + f"Ready for the next step: {queued}. [dim](. one pass, > to the next event, space resumes)[/]",
        Grandmaster._move_at if gm_ran else answer_move,
        marker,
    )


def _event_words(event: object) -> str:
    name = type(event).__name__
    table = getattr(event, "table", None)
    words = {
        "MovePlayed": "a move at table {table}",
        "OpponentThinking": "table {table}'s opponent starts thinking",
        "GrandmasterArrived": "she arrives at table {table}",
        "GrandmasterWalked": "she walks on",
        "GrandmasterWaited": "she waits for table {table}",
        "GameFinished": "table {table}'s game ends",
    }
    return words.get(name, name).format(table=table)


INTRO = Lesson(
    "One thread runs every board and draws this whole screen: the room's tasks (the opponents and the "
    "grandmaster, or under loop one task per table) and the screen's own work are tasks on one asyncio loop "
    "(Textual only reads keys and writes to the terminal in two small helper threads, and simul checks "
    "in a third that the terminal is still there). "
    + _room("the boards, her walk and the figures are simul's model of a simul. ")
    + _floor("the panel above reads asyncio's loop itself: its ready queue, its timers, what each task awaits."),
    CircuitGrandmaster.start,
    "play_opponent(table, self._opponent_mover",
)
BLOCKING = Lesson(
    "[b red]The blocking demo.[/] At her next move she calls [b]time.sleep(2)[/] inside [b]async def[/]. "
    "It never yields to the loop: for those 2 s no board, no countdown, not even this screen moves, and the "
    "lag gauge shows 2 s. Press [b]a[/] for the same pause awaited.",
    Grandmaster._move_at,
    "time.sleep(seconds)",
)
RESTING = Lesson(
    "She rests with [b]await asyncio.sleep(2)[/] at her next move: her task is suspended, so the loop keeps "
    "every other table going. Thinking opponents finish, boards stay live; only she is away.",
    Grandmaster._move_at,
    "await asyncio.sleep(seconds)",
)


OVER = Lesson(
    "Every game is over. "
    + _floor(
        "every task of the room has returned, so "
        "[b]async with asyncio.TaskGroup() as room[/], which waits for all the tasks it started, has "
        "exited; the lag monitor was cancelled, and [b]exhibition.run()[/] returned. The loop runs on: "
        "this screen's own tasks are still on it. Press [b]n[/] for a new exhibition."
    ),
    Exhibition.run,
    "async with asyncio.TaskGroup() as room:",
)


def paused(counts: Mapping[PauseKind, int], last: PauseKind, seconds: float) -> Lesson:
    """Her two pauses side by side: how many moves the rest of the room played during each."""

    def said(kind: PauseKind, call: str, key: str, how: str) -> str:
        if kind not in counts:
            return f"Press [b]{key}[/] for the same pause with [b]{call}[/]. "
        moves = counts[kind]
        return f"[b]{call}[/]: {moves} move{'s' if moves != 1 else ''} elsewhere meanwhile; {how} "

    blocking = said(
        PauseKind.BLOCKING, f"time.sleep({seconds:g})", "b", "the call held the one thread, so nothing else ran."
    )
    awaited = said(
        PauseKind.AWAITED,
        f"await asyncio.sleep({seconds:g})",
        "a",
        "her task was suspended at its await, and the loop ran the other tasks as they became ready.",
    )
    return Lesson(
        f"Her pause, both ways. {blocking}{awaited}",
        Grandmaster._move_at,
        "time.sleep(seconds)" if last is PauseKind.BLOCKING else "await asyncio.sleep(seconds)",
    )


def offloaded(offload: Offload, depth: int, *, gil: bool) -> Lesson:
    """Where her search runs now, and what that does to the loop: the tutorial's rule for heavy work."""
    search = f"Her search ([b]search:{depth}[/], pure Python)"
    if offload is Offload.NONE:
        return Lesson(
            f"{search} runs in her coroutine. "
            + _floor(
                "it runs on the loop's own thread and never reaches an [b]await[/] until it is done: for the "
                "length of each search no board, no countdown, not even this screen moves. The lag gauge "
                "shows each one. Heavy work does not belong in a coroutine. Press [b]o[/]: a process."
            ),
            OffloadedSearch.choose_move,
            "return search(board, self.depth).move",
        )
    if offload is Offload.THREAD:
        held = (
            "the search is Python and holds the GIL, so each time the loop's thread wants it back it waits "
            "about the switch interval (5 ms by default), until the search is made to let go: the lag comes back, "
            "smaller than on the loop itself"
            if gil
            else "this Python runs without the GIL: the thread searches beside the loop, on another core"
        )
        return Lesson(
            f"{search} runs in a worker thread. "
            + _floor(
                "[b]await loop.run_in_executor(pool, ...)[/] suspends her task until the answer is back; "
                f"the loop runs the other tables meanwhile. But {held}. Press [b]o[/]: on the loop's thread."
            ),
            OffloadedSearch.choose_move,
            "run_in_executor(",
        )
    return Lesson(
        f"{search} runs in a process of its own. "
        + _floor(
            "[b]await loop.run_in_executor(pool, ...)[/] suspends her task until the answer comes back from "
            "the other process; that process has its own interpreter and its own GIL, so the loop's thread "
            "runs every other table meanwhile and the lag stays flat. Press [b]o[/]: a thread."
        ),
        OffloadedSearch.choose_move,
        "run_in_executor(",
    )


def resigned(table: int) -> Lesson:
    """What her resignation at `table` did, under the floor."""
    return Lesson(
        f"She resigned at table {table}. "
        + _floor(
            "[b]task.cancel()[/] asked that table's task to stop: at its next step asyncio raised "
            "[b]CancelledError[/] inside it, where it awaited; its [b]finally[/] blocks ran (at a thinking "
            "table, simul's clock cancelled its timer there), and the task ended (a task may catch it and "
            "carry on; simul's do not). The task group that owns the room plays on with every other table."
        ),
        Exhibition.resign,
        "task.cancel()",
    )


def _docstring_end(lines: Sequence[str]) -> int:
    """The index of the first line after the function's docstring (0 if it has none)."""
    tree = ast.parse(textwrap.dedent("".join(lines)))
    function = tree.body[0]
    if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef) and ast.get_docstring(function) is not None:
        end = function.body[0].end_lineno
        return end if end is not None else 0
    return 0


def code_excerpt(function: Callable[..., Any], marker: str) -> Syntax:
    """The source of `function` around the line containing `marker`, that line highlighted.

    The excerpt never starts inside the docstring: cut there, the highlighter
    would read the rest as a string.
    """
    lines, first = inspect.getsourcelines(function)
    index = next((i for i, line in enumerate(lines) if marker in line), 0)
    start = max(0, min(index - WINDOW // 2, len(lines) - WINDOW))
    body = _docstring_end(lines)
    if 0 < start < body:
        start = min(body, index)
    return Syntax(
        "".join(lines[start : start + WINDOW]).rstrip("\n"),
        "python",
        line_numbers=True,
        start_line=first + start,
        highlight_lines={first + index},
        theme="monokai",
        dedent=True,
        word_wrap=True,
    )


class LessonPanel(Static):
    """Explains what is on screen, in the room and under the floor."""

    lesson: Lesson | None = None
    """The lesson on show."""

    def teach(self, lesson: Lesson) -> None:
        """Show this lesson (drawn again only if it says something new: its code is highlighted afresh)."""
        if lesson == self.lesson:
            return
        self.lesson = lesson
        name = lesson.function.__qualname__
        self.update(
            layout=False,  # the panel's size is fixed by the layout, whatever it shows
            content=Group(
                Text.from_markup(lesson.text),
                Text(f"simul: {name}()", style="dim"),
                code_excerpt(lesson.function, lesson.marker),
            ),
        )
