"""What happens in an exhibition, published as frozen facts for any view to follow.

Events carry immutable data (a `chess.Move`, times, a result), never the live
`chess.Board`: a view that wants the position keeps its own board per table
and plays each `MovePlayed` on it. Every time is in simulated seconds since
the exhibition started.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

import chess

from simul.core.config import ExhibitionConfig


class Side(enum.Enum):
    """Who made a move."""

    GRANDMASTER = "grandmaster"
    OPPONENT = "opponent"


class Termination(enum.Enum):
    """Why a game ended, in the words of the PGN standard's Termination tag."""

    NORMAL = "normal"
    """By the rules: checkmate, stalemate, insufficient material, repetition, 75 moves."""
    ADJUDICATION = "adjudication"
    """Stopped at the move limit and scored by material (see `simul.core.table.adjudicate`)."""
    ABANDONED = "abandoned"
    """The table failed: its error is recorded."""
    UNTERMINATED = "unterminated"
    """Still being played when the exhibition stopped."""


@dataclass(frozen=True, slots=True)
class ExhibitionStarted:
    """The tables are set; every game starts from `config.fen`."""

    config: ExhibitionConfig
    """The settings of the exhibition."""
    gm_colors: tuple[chess.Color, ...]
    """The grandmaster's colour at each table, in table order."""


@dataclass(frozen=True, slots=True)
class OpponentThinking:
    """An opponent started thinking: its task now awaits the clock (the pending `await`)."""

    table: int
    """The table number (1-based)."""
    at: float
    """When the thinking started."""
    seconds: float
    """How long it will think; its move lands at `at + seconds`."""


@dataclass(frozen=True, slots=True)
class GrandmasterWaited:
    """Every table's opponent was thinking: the grandmaster waited for the first to move."""

    at: float
    """When she started waiting."""
    until: float
    """When the first opponent moves."""
    table: int
    """The table she waited for."""


class PauseKind(enum.Enum):
    """How she paused at her table: the TUI's two demos of the blocking rule."""

    BLOCKING = "time.sleep"
    """The wrong way: a blocking call inside `async def` holds the one thread."""
    AWAITED = "asyncio.sleep"
    """The right way: her task is suspended and the loop runs the others."""


@dataclass(frozen=True, slots=True)
class GrandmasterPaused:
    """She paused at `table` before her move (the `b` and `a` demos); `resumed` says when it ended."""

    table: int
    at: float
    seconds: float
    kind: PauseKind
    resumed: bool
    """False as the pause begins, True as it ends: the events published in between happened meanwhile."""


@dataclass(frozen=True, slots=True)
class GrandmasterWalked:
    """She walked round the room to the next ready table, past those whose opponent still thinks.

    Published at every step of her walk under the `round` policy, a step to a
    table whose game turned out to be over included: the counts of laps and of
    tables walked past come from these, so they always agree.
    """

    at: float
    """When she set off (her walk itself takes `walk` seconds)."""
    came_from: int
    """The table she came from (0 before her first move)."""
    to: int
    """The table she walked to."""
    passed: int
    """Tables still in play that she walked past: each one thinking, each passed once on this lap."""
    lap: int
    """Her lap round the room, counting from 1: it grows each time she walks on past the last table."""


@dataclass(frozen=True, slots=True)
class GrandmasterArrived:
    """The grandmaster reached a table whose opponent has moved, and starts her move there."""

    table: int
    """The table number."""
    at: float
    """When she arrived."""
    table_waited: float
    """How long the table had been ready, waiting for her."""
    walked: float
    """How long her walk here took."""


@dataclass(frozen=True, slots=True)
class MovePlayed:
    """A move was made on a table."""

    table: int
    """The table number."""
    ply: int
    """The move's number in half-moves since the game started, counting from 1."""
    move: chess.Move
    """The move (apply it to your copy of the board for its SAN or FEN)."""
    side: Side
    """Who played it."""
    at: float
    """When it was played."""
    seconds: float
    """How long it took: the grandmaster's move time, or the opponent's think time."""


@dataclass(frozen=True, slots=True)
class GameFinished:
    """A game ended."""

    table: int
    """The table number."""
    at: float
    """When it ended."""
    result: str
    """The result in PGN notation: "1-0", "0-1", "1/2-1/2" or "*"."""
    termination: Termination
    """Why it ended, in PGN's terms."""
    reason: str
    """Why it ended, in words ("checkmate", "adjudicated after 30 moves: White +5")."""
    gm_color: chess.Color
    """The grandmaster's colour, to read `result` from her side."""


@dataclass(frozen=True, slots=True)
class TableFailed:
    """A table raised an error; its game stops, and the other tables play on."""

    table: int
    """The table number."""
    at: float
    """When it failed."""
    error: str
    """What went wrong."""


@dataclass(frozen=True, slots=True)
class ExhibitionFinished:
    """Every game is over (or failed, or the exhibition was stopped)."""

    at: float
    """When the last game ended: the exhibition's simulated duration."""
    completed: bool
    """False when it was stopped before every game ended."""


Event = (
    ExhibitionStarted
    | OpponentThinking
    | GrandmasterWaited
    | GrandmasterWalked
    | GrandmasterPaused
    | GrandmasterArrived
    | MovePlayed
    | GameFinished
    | TableFailed
    | ExhibitionFinished
)
"""Any event the core publishes."""

Subscriber = Callable[[Event], None]
"""A function called with each event, in order, on the loop's thread."""


@dataclass(frozen=True, slots=True)
class SubscriberFailure:
    """A subscriber raised: it was dropped, and every table played on."""

    subscriber: str
    """Its qualified name, as in a traceback."""
    event: Event
    """The event it failed on."""
    error: str
    """The exception, as `repr` shows it."""


class EventBus:
    """Delivers each event to every subscriber, synchronously and in order.

    Subscribers run on the loop between two awaits, so they must be quick: a
    view that needs to do real work queues it (Textual posts a message).

    The rule for a subscriber that raises: it is a fault of that observer, not
    of any table, so the bus catches it, drops that subscriber (it would fail
    again on the next event), records it in `failures`, and goes on. No view,
    report or test hook can stop a game; the runner says what failed at the end.
    """

    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []
        self.failures: list[SubscriberFailure] = []
        """The subscribers that raised, in order, each dropped at its first failure."""

    def subscribe(self, subscriber: Subscriber) -> None:
        """Call `subscriber` with every event published from now on."""
        self._subscribers.append(subscriber)

    def unsubscribe(self, subscriber: Subscriber) -> None:
        """Stop calling `subscriber`."""
        self._subscribers.remove(subscriber)

    def publish(self, event: Event) -> None:
        """Hand `event` to every subscriber."""
        for subscriber in self._subscribers:
            try:
                subscriber(event)
            except Exception as error:  # the boundary: an observer's bug never reaches the tables
                self._drop(subscriber, event, error)

    def _drop(self, subscriber: Subscriber, event: Event, error: Exception) -> None:
        # A new list, not a removal: `publish` is still iterating over the old one.
        self._subscribers = [other for other in self._subscribers if other is not subscriber]
        name = getattr(subscriber, "__qualname__", None) or type(subscriber).__qualname__
        self.failures.append(SubscriberFailure(name, event, repr(error)))
