"""Statistics of an exhibition, gathered from its events as they happen."""

from __future__ import annotations

import statistics
import time
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import chess

from simul.core.events import (
    Event,
    ExhibitionFinished,
    ExhibitionStarted,
    GameFinished,
    GrandmasterArrived,
    GrandmasterWaited,
    GrandmasterWalked,
    MovePlayed,
    Side,
    TableFailed,
    Termination,
)


@dataclass(slots=True)
class TableStats:
    """One table's figures."""

    table: int
    """The table number."""
    gm_color: chess.Color
    """The grandmaster's colour here."""
    plies: int = 0
    """Half-moves played."""
    result: str = "*"
    """PGN result; "*" while unfinished."""
    termination: Termination | None = None
    """Why the game ended, once it has."""
    reason: str = ""
    """Why the game ended, in words."""
    gm_seconds: float = 0.0
    """Time the grandmaster spent moving here."""
    wait_seconds: float = 0.0
    """Time the table sat ready, waiting for the grandmaster."""
    think_seconds: array[float] = field(default_factory=lambda: array("d"))
    """The opponent's think time for each of its moves (an array: 8 bytes each, not a float object's 32)."""
    error: str | None = None
    """What went wrong, if the table failed."""

    @property
    def gm_score(self) -> float | None:
        """The grandmaster's points (1, 0.5, 0), or None if the game did not finish."""
        if self.result == "1/2-1/2":
            return 0.5
        if self.result == "1-0":
            return 1.0 if self.gm_color == chess.WHITE else 0.0
        if self.result == "0-1":
            return 1.0 if self.gm_color == chess.BLACK else 0.0
        return None


@dataclass(frozen=True, slots=True)
class Results:
    """The games' results, from the grandmaster's side."""

    gm_wins: int
    draws: int
    gm_losses: int
    unfinished: int
    """Still playing, or stopped before the end."""
    failed: int


@dataclass(frozen=True, slots=True)
class LagSummary:
    """Event-loop lag percentiles, in milliseconds."""

    p50: float
    p99: float
    max: float
    samples: int

    @classmethod
    def of(cls, samples: Sequence[float]) -> LagSummary:
        """Summarise lag samples given in seconds."""
        if not samples:
            return cls(0.0, 0.0, 0.0, 0)
        ordered = sorted(samples)
        p50, p99 = _percentile(ordered, 0.5), _percentile(ordered, 0.99)
        return cls(p50 * 1000, p99 * 1000, ordered[-1] * 1000, len(ordered))


def _percentile(ordered: Sequence[float], fraction: float) -> float:
    """The value below which `fraction` of the sorted values fall (interpolated, as `statistics.quantiles`)."""
    if len(ordered) == 1:
        return ordered[0]
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return cuts[round(fraction * 100) - 1]


@dataclass(frozen=True, slots=True)
class WaitSummary:
    """How long the opponents' moves waited for her: from the move landing to her arrival."""

    mean: float
    p99: float
    max: float
    count: int
    """Moves that waited (every opponent move she answered), 0 included."""

    @classmethod
    def of(cls, waits: Sequence[float]) -> WaitSummary:
        """Summarise waits given in seconds."""
        if not waits:
            return cls(0.0, 0.0, 0.0, 0)
        ordered = sorted(waits)
        return cls(sum(ordered) / len(ordered), _percentile(ordered, 0.99), ordered[-1], len(ordered))


@dataclass(frozen=True, slots=True)
class Summary:
    """The exhibition at a glance."""

    simulated_seconds: float
    """How long the exhibition took on its own clock."""
    wall_seconds: float
    """How long it took in real time."""
    sequential_seconds: float
    """What one game at a time would have taken: the sum of every move's duration."""
    speedup: float
    """`sequential_seconds / simulated_seconds`: what circling the room bought."""
    gm_busy_seconds: float
    """Time the grandmaster spent moving or walking."""
    gm_busy_fraction: float
    """`gm_busy_seconds / simulated_seconds`; the rest she waited."""
    gm_waits: int
    """How often no table was ready for her, so she waited for the first opponent to move."""
    laps: int | None
    """Laps she walked round the room (`round` policy; None for the others, which do not circle)."""
    skips: int | None
    """Tables she walked past on a lap, their opponent still thinking: at most `laps * boards`."""
    waits: WaitSummary
    """How long opponents' moves waited for her."""
    moves: int
    """Half-moves played on all tables."""
    results: Results
    loop_lag_ms: LagSummary | None
    """The real clock's event-loop lag; None on the virtual clock, where it has no meaning."""


class ExhibitionStats:
    """Subscribe `record` to an exhibition's events; read `summary()` at any time."""

    def __init__(self, wall_clock: Callable[[], float] = time.perf_counter) -> None:
        self._wall_clock = wall_clock
        self.tables: list[TableStats] = []
        self.moves = 0
        self.now = 0.0
        """The simulated time of the latest event."""
        self.finished = False
        self.sequential_seconds = 0.0
        self.gm_busy_seconds = 0.0
        self.gm_waits = 0
        self.laps: int | None = None
        self.skips: int | None = None
        self.waits: array[float] = array("d")
        """How long each opponent move waited for her, in seconds."""
        self._wall_started: float | None = None
        self._wall_finished: float | None = None

    def record(self, event: Event) -> None:
        """Take one event into account."""
        match event:
            case MovePlayed(table=number, seconds=seconds, side=side, at=at):
                table = self.tables[number - 1]
                table.plies += 1
                self.moves += 1
                self.sequential_seconds += seconds
                self.now = max(self.now, at)
                if side is Side.GRANDMASTER:
                    table.gm_seconds += seconds
                    self.gm_busy_seconds += seconds
                else:
                    table.think_seconds.append(seconds)
            case GrandmasterArrived(table=number, table_waited=waited, walked=walked, at=at):
                table = self.tables[number - 1]
                table.wait_seconds += waited
                if table.plies:  # an opponent's move waited for her (not the starting position)
                    self.waits.append(waited)
                self.gm_busy_seconds += walked
                self.now = max(self.now, at)
            case GrandmasterWalked(passed=passed, lap=lap):
                self.skips = (self.skips or 0) + passed
                self.laps = lap
            case GrandmasterWaited():
                self.gm_waits += 1
            case GameFinished(table=number, result=result, termination=termination, reason=reason):
                table = self.tables[number - 1]
                table.result, table.termination, table.reason = result, termination, reason
            case TableFailed(table=number, error=error):
                self.tables[number - 1].error = error
            case ExhibitionStarted(gm_colors=colors):
                self.tables = [TableStats(number, color) for number, color in enumerate(colors, start=1)]
                self._wall_started = self._wall_clock()
            case ExhibitionFinished(at=at):
                self.now = at
                self.finished = True
                self._wall_finished = self._wall_clock()

    @property
    def started(self) -> bool:
        """Whether the exhibition has begun (its tables are seated)."""
        return self._wall_started is not None

    @property
    def wall_seconds(self) -> float:
        """Real time since the exhibition started (until it finished)."""
        if self._wall_started is None:
            return 0.0
        end = self._wall_finished if self._wall_finished is not None else self._wall_clock()
        return end - self._wall_started

    def results(self) -> Results:
        """The results so far."""
        wins = draws = losses = unfinished = failed = 0
        for table in self.tables:
            score = table.gm_score
            if table.error is not None:
                failed += 1
            elif score is None:
                unfinished += 1
            elif score == 1.0:
                wins += 1
            elif score == 0.5:
                draws += 1
            else:
                losses += 1
        return Results(wins, draws, losses, unfinished, failed)

    def summary(self, lag_samples: Sequence[float] | None = None) -> Summary:
        """Everything at a glance, with the loop lag a `LagMonitor` measured (None: not measured)."""
        simulated = self.now
        return Summary(
            simulated_seconds=simulated,
            wall_seconds=self.wall_seconds,
            sequential_seconds=self.sequential_seconds,
            speedup=self.sequential_seconds / simulated if simulated > 0 else 0.0,
            gm_busy_seconds=self.gm_busy_seconds,
            gm_busy_fraction=min(1.0, self.gm_busy_seconds / simulated) if simulated > 0 else 0.0,
            gm_waits=self.gm_waits,
            laps=self.laps,
            skips=self.skips,
            waits=WaitSummary.of(self.waits),
            moves=self.moves,
            results=self.results(),
            loop_lag_ms=LagSummary.of(lag_samples) if lag_samples is not None else None,
        )
