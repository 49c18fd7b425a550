"""The lesson panel: what is happening, in plain words, and the line of code doing it."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.console import Group
from rich.syntax import Syntax
from rich.text import Text
from textual.widgets import Static

from simul.core.events import (
    Event,
    GrandmasterArrived,
    GrandmasterWaited,
    GrandmasterWalked,
    MovePlayed,
    OpponentThinking,
    Side,
)
from simul.core.exhibition import Exhibition
from simul.core.grandmaster import CircuitGrandmaster, Grandmaster
from simul.core.opponent import play_opponent

WINDOW = 13
"""Lines of source shown around the running line."""


@dataclass(frozen=True)
class Lesson:
    """One thing to say, and where in simul's code it happens."""

    text: str
    """Markup: what is happening and which asyncio mechanism does it."""
    function: Callable[..., Any]
    """The coroutine to show."""
    marker: str
    """A piece of the line now running, to mark it."""


def lesson_for(event: Event) -> Lesson | None:
    """The lesson an event teaches, if any."""
    match event:
        case OpponentThinking(table=table, seconds=seconds):
            return Lesson(
                f"Table {table} is thinking: its task runs [b]await clock.sleep_until(...)[/b] "
                f"for {seconds:.1f} s. The grandmaster did not wait; she walked on.",
                play_opponent,
                "await clock.sleep_until(table.ready_at)",
            )
        case GrandmasterWalked(passed=count, to=before) if count:
            tables = "table" if count == 1 else "tables"
            return Lesson(
                f"She walked past {count} {tables} whose opponent is still thinking, straight to "
                f"table {before}: suspended tasks cost nothing, the loop runs only ready ones.",
                CircuitGrandmaster.play,
                "number = circuit.next_ready(position)",
            )
        case GrandmasterWaited(table=table, until=until, at=at):
            return Lesson(
                f"Every opponent is thinking, so nothing is ready: the loop sleeps "
                f"{until - at:.1f} s, until table {table}'s timer fires. No polling, no busy loop.",
                CircuitGrandmaster.play,
                "await table.wait_until_ready()",
            )
        case GrandmasterArrived(table=table, table_waited=waited):
            waited_text = f" Its opponent waited {waited:.1f} s for her." if waited > 0.05 else ""
            return Lesson(
                f"The grandmaster is at table {table}: the running task. While she plays she "
                f"[b]await[/b]s too, so the loop can wake other tables.{waited_text}",
                Grandmaster._move_at,
                "await self._clock.sleep_until(done)",
            )
        case MovePlayed(side=Side.OPPONENT, table=table):
            return Lesson(
                f"Table {table}'s opponent has moved: its timer fired, its task woke and played. "
                "The table is ready, waiting in the queue for her.",
                play_opponent,
                "table.mark_ready()",
            )
    return None


INTRO = Lesson(
    "One thread runs this whole room. Each opponent is a [b]task[/b], created below; the "
    "grandmaster is one more. They take turns on the event loop: a task that [b]await[/b]s "
    "steps aside, and the loop runs one that is ready. Watch the badges: [b]await[/b] "
    "(thinking), [b]ready[/b] (in the queue), [b]playing[/b] (running).",
    Exhibition.run,
    "play_opponent(table, self.opponent_mover",
)
BLOCKING = Lesson(
    "[b red]Blocked![/] The grandmaster called [b]time.sleep()[/b] inside [b]async def[/b]. "
    "It never yields to the loop, so every board, every countdown and the screen itself froze. "
    "See the lag spike. Use [b]await asyncio.sleep()[/b]: press [b]a[/b] to compare.",
    Grandmaster._move_at,
    "time.sleep(seconds)",
)
RESTING = Lesson(
    "The grandmaster rests with [b]await asyncio.sleep()[/b]: her coroutine yields, so the loop "
    "keeps every other table going. Thinking opponents finish, boards stay live; only she is away.",
    Grandmaster._move_at,
    "await asyncio.sleep(seconds)",
)


def code_excerpt(function: Callable[..., Any], marker: str) -> Syntax:
    """The source of `function` around the line containing `marker`, that line highlighted."""
    lines, first = inspect.getsourcelines(function)
    index = next((i for i, line in enumerate(lines) if marker in line), 0)
    start = max(0, min(index - WINDOW // 2, len(lines) - WINDOW))
    return Syntax(
        "".join(lines[start : start + WINDOW]).rstrip("\n"),
        "python",
        line_numbers=True,
        start_line=first + start,
        highlight_lines={first + index},
        theme="monokai",
        dedent=True,
    )


class LessonPanel(Static):
    """Explains, in asyncio's terms, what just happened in the room."""

    lesson: Lesson | None = None
    """The lesson on show."""

    def teach(self, lesson: Lesson) -> None:
        """Show this lesson."""
        self.lesson = lesson
        name = lesson.function.__qualname__
        self.update(
            layout=False,  # the panel's size is fixed by the layout, whatever it shows
            content=Group(
                Text.from_markup(lesson.text),
                Text(""),
                Text(f"simul: {name}()", style="dim"),
                code_excerpt(lesson.function, lesson.marker),
            ),
        )
