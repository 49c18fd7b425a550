"""What the TUI shows of each table, kept up to date from the core's events."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import chess

from simul.core.config import ExhibitionConfig, parse_fen
from simul.core.events import (
    Event,
    ExhibitionStarted,
    GameFinished,
    GrandmasterArrived,
    GrandmasterPaused,
    GrandmasterWalked,
    MovePlayed,
    OpponentThinking,
    PauseKind,
    Side,
    TableFailed,
)
from simul.core.table import TableState


@dataclass
class TableView:
    """One table as the screen shows it; its board is the TUI's own copy."""

    number: int
    gm_color: chess.Color
    board: chess.Board
    state: TableState
    last_move: chess.Move | None = None
    think_until: float = 0.0
    """When the thinking opponent's move lands (simulated)."""
    think_seconds: list[float] = field(default_factory=list)
    gm_seconds: float = 0.0
    result: str = ""
    reason: str = ""
    resting: bool = False
    """She is here, her task suspended in `await asyncio.sleep` (the `a` demo)."""


@dataclass(frozen=True, slots=True)
class Step:
    """One stop on her walk: the table she played, and the thinking tables she walked past to get there."""

    table: int
    passed: tuple[int, ...] = ()
    """The first few tables she walked past."""
    passed_count: int = 0
    """How many she walked past in all."""


WALK_STEPS = 6
"""Stops of her walk the room remembers."""
PASSED_SHOWN = 3
"""Tables walked past that a step names; the rest are counted."""


class RoomView:
    """Every table and where the grandmaster is, from the events."""

    def __init__(self) -> None:
        self.tables: list[TableView] = []
        self.gm_table = 0
        """The table the grandmaster is at (0: none yet)."""
        self.changed: set[int] = set()
        """Tables whose board changed since the screen last drew them."""
        self.walk: deque[Step] = deque(maxlen=WALK_STEPS)
        """Her last stops, oldest first."""
        self.steps = 0
        """Stops she has made so far: a change means the walk moved on."""
        self._passed: tuple[tuple[int, ...], int] = ((), 0)
        self.moves = 0
        """Moves played on every table so far."""
        self.moves_while_paused: dict[PauseKind, int] = {}
        """For each kind of pause she last made (`b`, `a`): the moves played elsewhere meanwhile."""
        self.pauses = 0
        """Pauses ended so far: a change means a new count to show."""
        self.last_pause: PauseKind | None = None
        """The kind of her latest pause, once it has ended."""
        self._moves_at_pause = 0

    def set_up(self, config: ExhibitionConfig, gm_colors: Sequence[chess.Color]) -> None:
        """Lay out the tables before the first event, so the screen can show them at once."""
        start = parse_fen(config.fen)
        self.tables = [
            TableView(number, color, start.copy(), TableState.READY if start.turn == color else TableState.THINKING)
            for number, color in enumerate(gm_colors, start=1)
        ]
        self.changed = set(range(1, len(gm_colors) + 1))

    def apply(self, event: Event) -> None:
        """Take one event into account."""
        match event:
            case MovePlayed(table=number, move=move, side=side, seconds=seconds):
                table = self.tables[number - 1]
                table.board.push(move)
                table.last_move = move
                if side is Side.GRANDMASTER:
                    table.gm_seconds += seconds
                else:
                    table.think_seconds.append(seconds)
                    table.state = TableState.READY
                self.moves += 1
                self.changed.add(number)
            case GrandmasterPaused(table=number, kind=kind, resumed=resumed):
                # Counted between her pause's two events: whatever the loop ran meanwhile.
                if not resumed:
                    self._moves_at_pause = self.moves
                else:
                    self.moves_while_paused[kind] = self.moves - self._moves_at_pause
                    self.pauses += 1
                    self.last_pause = kind
                self.tables[number - 1].resting = kind is PauseKind.AWAITED and not resumed
                self.changed.add(number)
            case OpponentThinking(table=number, at=at, seconds=seconds):
                table = self.tables[number - 1]
                table.state = TableState.THINKING
                table.think_until = at + seconds
                self.changed.add(number)
            case GrandmasterWalked(came_from=came_from, to=to, passed=count) if count:
                # Walks to a table whose game turned out to be over add up until she next plays.
                named, total = self._passed
                between = self._in_play_between(came_from, to)
                more = tuple(next(between) for _ in range(min(count, PASSED_SHOWN - len(named))))
                self._passed = (named + more, total + count)
            case GrandmasterArrived(table=number):
                self.walk.append(Step(number, *self._passed))
                self.steps += 1
                self._passed = ((), 0)
                self.changed.update({self.gm_table, number} - {0})
                self.gm_table = number
                self.tables[number - 1].state = TableState.PLAYING
            case GameFinished(table=number, result=result, reason=reason):
                table = self.tables[number - 1]
                table.state = TableState.FINISHED
                table.result, table.reason = result, reason
                self.changed.add(number)
            case TableFailed(table=number, error=error):
                table = self.tables[number - 1]
                table.state = TableState.FAILED
                table.result, table.reason = "*", error
                self.changed.add(number)
            case ExhibitionStarted(config=config, gm_colors=colors) if len(self.tables) != len(colors):
                self.set_up(config, colors)

    def _in_play_between(self, after: int, before: int) -> Iterator[int]:
        """The unfinished tables strictly between `after` and `before`, going round the room."""
        count = len(self.tables)
        number = after
        while (number := number % count + 1) != before:
            if self.tables[number - 1].state not in (TableState.FINISHED, TableState.FAILED):
                yield number

    def take_changes(self) -> set[int]:
        """The tables changed since the last call."""
        changed, self.changed = self.changed, set()
        return changed
