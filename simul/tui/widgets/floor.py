"""Under the floor: asyncio's event loop as it stands, read a few times a second, and the last step."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.widgets import Static

from simul.core.engines import EngineView
from simul.loop.handles import HandleKind, HandleView
from simul.loop.snapshot import LoopSnapshot, TimerView
from simul.loop.waits import WaitKind
from simul.stepper import Step

ROOM_ORIGIN = "simul"
"""Handles of simul's own tasks (the room, the lag monitor) are named one by one; the rest are grouped."""
QUEUE_SHOWN = 6
"""Groups of the ready queue named before the rest are counted."""
WAITS_SHOWN = (WaitKind.TIMER, WaitKind.EVENT, WaitKind.IO, WaitKind.QUEUE, WaitKind.TASKS, WaitKind.READY)
WAITS_WHEN_ANY = (WaitKind.LOCK,)
"""Named only when a task waits so: tables queueing for a free engine, say."""
WAIT_WORDS = {
    WaitKind.TIMER: "on a timer",
    WaitKind.EVENT: "an event",
    WaitKind.IO: "I/O",
    WaitKind.QUEUE: "a queue",
    WaitKind.LOCK: "a lock",
    WaitKind.TASKS: "other tasks",
    WaitKind.READY: "ready or running",
}
ROOM_STYLE, OTHER_STYLE = "bold #87d787", "#9e9e9e"


def _groups(views: Iterable[HandleView]) -> list[tuple[str, int, bool]]:
    """Consecutive handles, simul's named one by one, others grouped by whose code they run."""
    groups: list[tuple[str, int, bool]] = []
    for view in views:
        mine = view.origin == ROOM_ORIGIN
        label = view.label if mine else (view.origin or "other")
        if not mine and groups and groups[-1][0] == label and not groups[-1][2]:
            groups[-1] = (label, groups[-1][1] + 1, False)
        else:
            groups.append((label, 1, mine))
    return groups


def queue_text(views: Sequence[HandleView]) -> Text:
    """A queue of handles, in order: `opponent 12 ▸ textual x3 ▸ grandmaster`."""
    text = Text()
    groups = _groups(views)
    for index, (label, count, mine) in enumerate(groups[:QUEUE_SHOWN]):
        if index:
            text.append(" ▸ ", "dim")
        text.append(label if count == 1 else f"{label} x{count}", ROOM_STYLE if mine else OTHER_STYLE)
    if len(groups) > QUEUE_SHOWN:
        text.append(f" ▸ +{sum(count for _, count, _ in groups[QUEUE_SHOWN:])} more", "dim")
    if not groups:
        text.append("empty", "dim")
    return text


def _seconds(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if abs(seconds) < 1 else f"{seconds:.1f} s"


def timers_text(timers: Sequence[TimerView]) -> Text:
    """Timers soonest first: `in 5 ms textual · in 0.2 s opponent 7`."""
    text = Text()
    for index, timer in enumerate(timers):
        if index:
            text.append(" · ", "dim")
        mine = timer.handle.origin == ROOM_ORIGIN
        label = timer.handle.label if mine else timer.handle.origin or timer.handle.label
        text.append(f"{_seconds(max(0.0, timer.due_in))} ", "dim")
        text.append(label, ROOM_STYLE if mine else OTHER_STYLE)
    if not timers:
        text.append("none", "dim")
    return text


ENGINES_SHOWN = 2
"""Engines named with the task they search for, before the rest are counted."""


def engines_text(engines: Sequence[EngineView]) -> Text:
    """The engine processes beside the loop: `engine processes (3) opponent 5 (pid 812) ▸ ... · 1 idle`."""
    searching = [engine for engine in engines if engine.task is not None]
    text = Text.assemble(("engine processes ", "bold"), (f"({len(engines)}, outside the loop) ", "dim"))
    for index, engine in enumerate(searching[:ENGINES_SHOWN]):
        if index:
            text.append(" ▸ ", "dim")
        text.append(f"{engine.task}", ROOM_STYLE)
        text.append(f" (pid {engine.pid})", "dim")
    if len(searching) > ENGINES_SHOWN:
        text.append(f" ▸ +{len(searching) - ENGINES_SHOWN} more", "dim")
    if searching:
        text.append(" searching", "dim")
    idle = len(engines) - len(searching)
    if idle or not engines:
        text.append(f"{' · ' if searching else ''}{idle} idle", "dim")
    return text


def floor_lines(
    snapshot: LoopSnapshot, passes_per_second: float | None, engines: Sequence[EngineView] | None = None
) -> list[Text]:
    """The loop now, a line per part: its pace, its ready queue, its timers, what its tasks wait for."""
    timeout = snapshot.last_timeout
    waited = "until I/O" if timeout is None else ("not at all" if timeout == 0 else f"≤ {_seconds(timeout)}")
    rate = f"{passes_per_second:,.0f} passes/s" if passes_per_second is not None else f"pass {snapshot.passes:,}"
    # Callback time is measured on the wall clock: on a virtual loop it would be the one thing that varies.
    work = "virtual clock" if snapshot.virtual else f"callbacks {snapshot.last_pass_seconds * 1000:.2f} ms a pass"
    pace = Text.assemble((rate, "bold"), f" · last poll waited {waited} · {work}")
    ready = Text.assemble(("ready queue ", "bold"), (f"({len(snapshot.ready)}) ", "dim"), queue_text(snapshot.ready))
    lines = [pace, ready]
    if snapshot.held:
        lines.append(Text.assemble(("held back by step mode ", "bold #ffd75f"), queue_text(snapshot.held)))
    lines.append(
        Text.assemble(("timers ", "bold"), (f"({snapshot.timer_count}) ", "dim"), timers_text(snapshot.timers))
    )
    lines.append(Text.assemble(("the room's next ", "bold"), timers_text(snapshot.focused_timers[:3])))
    shown = [*WAITS_SHOWN[:-2], *(kind for kind in WAITS_WHEN_ANY if snapshot.waits.get(kind)), *WAITS_SHOWN[-2:]]
    counts = " · ".join(f"{WAIT_WORDS[kind]} {snapshot.waits.get(kind, 0)}" for kind in shown)
    lines.append(Text.assemble(("tasks ", "bold"), (f"({snapshot.tasks}) ", "dim"), counts))
    if engines is not None:
        lines.append(engines_text(engines))
    return lines


def step_lines(step: Step) -> list[Text]:
    """What the last step's pass ran, in the loop's words."""
    record = step.record
    ran = [view for view in record.ready if view.origin == ROOM_ORIGIN and view.kind is HandleKind.STEP]
    head = Text.assemble(("step ", "bold #ffd75f"), f"{step.number} = pass {record.number:,}: ")
    if step.jumped_to is not None:
        # The jump is the room's paused clock, not the loop's: a real-clock loop's time never jumps.
        head.append(f"the room's (paused) clock jumped to {step.jumped_to:.2f} s; ", "dim")
    head.append("ran ")
    head.append_text(queue_text(ran))
    return [head]


class FloorPanel(Static):
    """asyncio's event loop under the room: read off the loop itself, a few times a second."""

    snapshot: LoopSnapshot | None = None
    """The reading on show."""

    def show(
        self,
        snapshot: LoopSnapshot,
        passes_per_second: float | None,
        step: Step | None,
        engines: Sequence[EngineView] | None = None,
    ) -> None:
        """Draw this reading (and the last step, in step mode), and the engine processes if there are any."""
        self.snapshot = snapshot
        lines = floor_lines(snapshot, passes_per_second, engines)
        if step is not None:
            lines = step_lines(step) + lines
        self.update(Text("\n").join(lines), layout=False)  # a fixed height: no layout pass
