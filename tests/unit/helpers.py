"""Building and recording exhibitions for tests."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import chess

from simul.core.clock import PacedClock
from simul.core.config import ExhibitionConfig, ThinkTime
from simul.core.events import Event
from simul.core.exhibition import Exhibition
from simul.core.lag import LagMonitor
from simul.core.movers import InstantMover, Mover


@dataclass
class Recorder:
    """Keeps every event an exhibition publishes."""

    events: list[Event] = field(default_factory=list)

    def __call__(self, event: Event) -> None:
        self.events.append(event)

    def of(self, kind: type[Event]) -> list[Event]:
        """The events of one kind, in order."""
        return [event for event in self.events if isinstance(event, kind)]


WHITE_KNIGHT_DOWN = "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/R1BQKBNR w KQkq - 0 1"
"""The opening position without White's b1 knight: no capture or check is possible in the first full
move, so a game adjudicated after it is 0-1 by exactly the margin."""
BLACK_KNIGHT_DOWN = "r1bqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1"
"""The same without Black's b8 knight: 1-0 after one full move."""


def make_config(
    boards: int = 4,
    think: float | tuple[float, float] = 5.0,
    gm_move: float = 1.0,
    max_moves: int | None = 6,
    **settings: object,
) -> ExhibitionConfig:
    """A small exhibition, fixed think time unless a range is given."""
    low, high = think if isinstance(think, tuple) else (think, think)
    return ExhibitionConfig(
        boards=boards,
        think=ThinkTime(low, high),
        gm_move=gm_move,
        max_moves=max_moves,
        **settings,  # type: ignore[arg-type]
    )


def make_exhibition(
    config: ExhibitionConfig, *, speed: float = 1.0, gm_mover: Mover | None = None, opponent_mover: Mover | None = None
) -> tuple[Exhibition, Recorder]:
    """An exhibition on a paced clock, with a recorder subscribed."""
    exhibition = Exhibition(
        config,
        PacedClock(speed),
        gm_mover=gm_mover,
        opponent_mover=opponent_mover,
        lag_monitor=LagMonitor(interval=1000.0),
    )
    recorder = Recorder()
    exhibition.subscribe(recorder)
    return exhibition, recorder


class FailingMover(InstantMover):
    """Plays randomly, but raises on one board once it has `fail_at_ply` half-moves."""

    name = "failing"

    def __init__(self, fail_at_ply: int) -> None:
        self.board: chess.Board | None = None
        """The board to fail on: set once the exhibition has made its tables."""
        self.fail_at_ply = fail_at_ply

    def pick(self, board: chess.Board, rng: random.Random) -> chess.Move:
        if board is self.board and board.ply() >= self.fail_at_ply:
            raise RuntimeError("the engine fell off the table")
        return rng.choice(list(board.legal_moves))
