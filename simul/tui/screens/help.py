"""The help screen: the keys, and how to read the room."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# simul: one grandmaster, many boards, one thread

The grandmaster is **one coroutine**: the event loop's only thread. Each table is a
**task**; an opponent thinking is an **`await`** on the clock. She plays at a table
whose opponent has moved and walks past the ones still thinking: the loop runs
whichever task is ready.

| badge | meaning | in asyncio |
|---|---|---|
| `await 7s` | the opponent is thinking, 7 s left | a task suspended in `await` |
| `ready` | the opponent has moved, waiting for her | a task in the ready queue |
| `playing` | the grandmaster is here (highlighted) | the running task |
| `1-0` ... | the game is over | the task has returned |
| `failed` | the table raised an error; the others play on | a task that caught its own error |

| key | action |
|---|---|
| arrows, Enter, click | choose a board and see it large |
| space | pause / resume: every clock stops |
| `+` / `-` | faster / slower |
| `b` | **blocking demo**: she calls `time.sleep(2)` in `async def`: everything freezes |
| `a` | the same pause done right: `await asyncio.sleep(2)`: nothing freezes |
| `n` | a new exhibition (boards, think times, her move time, seed) |
| `r` | **the race**: the same games four ways (one at a time, a thread per board, one coroutine, blocking) |
| `x` | she resigns at the chosen board: its opponent's task is **cancelled** mid-`await` |
| `s` | save every game so far as PGN |
| `?` | this help |
| `q` | quit |
"""


class HelpScreen(ModalScreen[None]):
    """Keys and legend."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(HELP)
