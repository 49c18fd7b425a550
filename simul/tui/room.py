"""What the TUI shows of each table, kept up to date from the core's events."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import chess

from simul.core.config import ExhibitionConfig, parse_fen
from simul.core.events import (
    Event,
    ExhibitionStarted,
    GameFinished,
    GrandmasterArrived,
    MovePlayed,
    OpponentThinking,
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


class RoomView:
    """Every table and where the grandmaster is, from the events."""

    def __init__(self) -> None:
        self.tables: list[TableView] = []
        self.gm_table = 0
        """The table the grandmaster is at (0: none yet)."""
        self.changed: set[int] = set()
        """Tables whose board changed since the screen last drew them."""

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
                self.changed.add(number)
            case OpponentThinking(table=number, at=at, seconds=seconds):
                table = self.tables[number - 1]
                table.state = TableState.THINKING
                table.think_until = at + seconds
                self.changed.add(number)
            case GrandmasterArrived(table=number):
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

    def take_changes(self) -> set[int]:
        """The tables changed since the last call."""
        changed, self.changed = self.changed, set()
        return changed
