"""The settings of one exhibition, validated once so the rest of the core can trust them."""

from __future__ import annotations

import dataclasses
import enum
import json
import math
import random
from dataclasses import dataclass, field
from typing import Any

import chess

from simul.core.engines import find_engine
from simul.core.errors import ConfigError as ConfigError  # re-exported: where settings are
from simul.core.mover_specs import check_mover, is_engine
from simul.core.numbers import read_decimal
from simul.core.offload import Offload

MAX_BOARDS = 100_000
"""More boards than this is a typo, not an exhibition: it would take gigabytes."""

MAX_SECONDS = 1_000_000.0
"""The longest single duration accepted (about eleven days)."""

MAX_MOVES = 5_000
"""The most full moves a game may be given before adjudication (no legal game lasts 9,000)."""

MAX_FULLMOVE = 1_000
"""The highest move number a starting FEN may have.

With at most `MAX_MOVES` more, every game's move numbers stay below 10,000:
python-chess writes `10000.` in a PGN but cannot read it back.
"""

MAX_ENGINES = 256
"""The most engine processes one side may run: each is a process of its own, with its own memory."""

MAX_NODES = 10**9
"""The most nodes a fixed-size engine search may be given (Stockfish searches about a million a second)."""

MAX_SEED = 10**18 - 1
"""Seeds have at most 18 digits: enough for anyone, and short enough to read in a report."""


class GmColor(enum.Enum):
    """Which colour the grandmaster plays."""

    WHITE = "white"
    BLACK = "black"
    ALTERNATE = "alternate"
    """White on odd-numbered tables, black on even ones."""

    def for_table(self, number: int) -> chess.Color:
        """The grandmaster's colour at table `number` (1-based)."""
        if self is GmColor.WHITE:
            return chess.WHITE
        if self is GmColor.BLACK:
            return chess.BLACK
        return chess.WHITE if number % 2 == 1 else chess.BLACK


class Policy(enum.Enum):
    """How the grandmaster chooses the next table (docs/rules.md gives each one's timing)."""

    ROUND = "round"
    """She circles the room in table order, skipping the tables whose opponent still thinks."""
    URGENT = "urgent"
    """She goes next to the ready table whose opponent has waited longest (as Lichess hosts play)."""
    LOOP = "loop"
    """No circuit: each table is a task, her move is synchronous work holding the thread, and the
    event loop's own first-come, first-served order is her walk."""


def check_seconds(name: str, value: float) -> float:
    """Return `value` if it is a usable duration, else raise `ConfigError`.

    `float("nan")`, `inf` and `1e309` all parse as floats, and `asyncio.sleep(nan)`
    never returns, so every duration is checked here rather than trusted.
    """
    if not math.isfinite(value):
        raise ConfigError(f"{name} must be a finite number of seconds, not {value}")
    if value < 0:
        raise ConfigError(f"{name} cannot be negative ({value:g})")
    if value > MAX_SECONDS:
        raise ConfigError(f"{name} of {value:g} s is too long (at most {MAX_SECONDS:g} s)")
    return value


@dataclass(frozen=True, slots=True)
class ThinkTime:
    """How long an opponent thinks: a fixed time, or uniformly drawn from a range."""

    low: float
    """The shortest think, in simulated seconds."""
    high: float
    """The longest think; equal to `low` for a fixed time."""

    def __post_init__(self) -> None:
        check_seconds("think time", self.low)
        check_seconds("think time", self.high)
        if self.low > self.high:
            raise ConfigError(f"think range {self.low:g}..{self.high:g} has min > max")

    @classmethod
    def parse(cls, text: str) -> ThinkTime:
        """Read `"3"` (fixed) or `"2..8"` (a range)."""
        low_text, separator, high_text = text.partition("..")
        try:
            low = read_decimal(low_text)
            high = read_decimal(high_text) if separator else low
        except ConfigError:
            raise ConfigError(f"think time {text!r} is not a number of seconds or a range like 2..8") from None
        return cls(low, high)

    def draw(self, rng: random.Random) -> float:
        """One think time, drawn with `rng` (fixed times draw nothing)."""
        if self.low == self.high:
            return self.low
        return rng.uniform(self.low, self.high)

    @property
    def mean(self) -> float:
        """The average think time."""
        return (self.low + self.high) / 2

    def __str__(self) -> str:
        return f"{self.low:g}" if self.low == self.high else f"{self.low:g}..{self.high:g}"


def parse_fen(fen: str) -> chess.Board:
    """The board for `fen`, if it is legal and the game in it can still be played.

    `chess.Board(fen)` checks only the syntax, so legality and a finished game
    are checked here too.
    """
    if not fen.isascii():
        raise ConfigError(f"FEN {fen!r} is not valid: it must be plain ASCII")
    counters = fen.split()[4:6]
    if not all(counter.isdigit() for counter in counters):  # python-chess's `int` would take `1_0` and `+5`
        raise ConfigError(f"FEN {fen!r} is not valid: its move counters must be plain digits")
    try:
        board = chess.Board(fen)
    except ValueError as error:
        raise ConfigError(f"FEN {fen!r} is not valid: {error}") from None
    if board.fullmove_number > MAX_FULLMOVE:
        raise ConfigError(
            f"FEN {fen!r}: move number {board.fullmove_number:,} is too high (at most {MAX_FULLMOVE:,}, "
            "so that the games' PGN reads back)"
        )
    if not board.is_valid():
        problems = ", ".join(
            (flag.name or "").lower().replace("_", " ") for flag in chess.Status if flag and flag in board.status()
        )
        raise ConfigError(f"FEN {fen!r} is not a legal position: {problems}")
    if board.is_game_over():
        raise ConfigError(f"FEN {fen!r} is a finished game: there is no move to play")
    return board


@dataclass(frozen=True, slots=True)
class ExhibitionConfig:
    """Everything that decides an exhibition's games and its schedule."""

    boards: int = 50
    """How many tables the grandmaster plays at once."""
    think: ThinkTime = field(default_factory=lambda: ThinkTime(5.0, 30.0))
    """How long each opponent thinks before every move, in simulated seconds."""
    gm_move: float = 0.5
    """How long the grandmaster takes for each of her moves."""
    walk: float = 0.0
    """How long the grandmaster takes to walk from one table to the next."""
    max_moves: int | None = None
    """End every game after this many full moves (adjudicated); `None` plays to the end."""
    seed: int = 0
    """Seeds every random choice: the same seed and settings give the same games."""
    gm: str = "greedy"
    """The grandmaster's mover (see `simul.core.mover_specs`): `greedy`, `random`, `search:DEPTH`."""
    opponent: str = "random"
    """The opponents' mover."""
    gm_color: GmColor = GmColor.WHITE
    """Which colour the grandmaster plays."""
    fen: str = chess.STARTING_FEN
    """The position every game starts from."""
    policy: Policy = Policy.ROUND
    """How she chooses her next table."""
    gm_offload: Offload = Offload.PROCESS
    """Where her search runs, if her mover is `search` (another process, a thread, the loop's thread)."""
    engine_path: str | None = None
    """The UCI engine the `stockfish` movers run (a file, or a command on PATH); None: Stockfish, found."""
    engines: int | None = None
    """How many engines the opponents share, if they are engines; None: four to a core (at most 32)."""
    engine_nodes: int | None = None
    """Engines search this many nodes a move instead of for the think time: the same games on one machine."""

    def __post_init__(self) -> None:
        if not 1 <= self.boards <= MAX_BOARDS:
            raise ConfigError(f"boards must be between 1 and {MAX_BOARDS:,}, not {self.boards}")
        check_seconds("gm-move", self.gm_move)
        check_seconds("walk", self.walk)
        if self.max_moves is not None and not 1 <= self.max_moves <= MAX_MOVES:
            raise ConfigError(f"max-moves must be between 1 and {MAX_MOVES:,}, not {self.max_moves}")
        if not 0 <= self.seed <= MAX_SEED:
            raise ConfigError(f"seed must be between 0 and {MAX_SEED:,}, not {self.seed}")
        parse_fen(self.fen)
        check_mover(self.gm, "gm")
        check_mover(self.opponent, "opponent")
        self._check_engines()

    def _check_engines(self) -> None:
        if not (is_engine(self.gm) or is_engine(self.opponent)):
            for option, value in (
                ("--engine-path", self.engine_path),
                ("--engines", self.engines),
                ("--engine-nodes", self.engine_nodes),
            ):
                if value is not None:
                    raise ConfigError(f"{option} is for engine players: give --opponent or --gm stockfish too")
            return
        if self.engines is not None:
            if not is_engine(self.opponent):
                raise ConfigError("--engines sets how many engines the opponents share: give --opponent stockfish")
            if not 1 <= self.engines <= MAX_ENGINES:
                raise ConfigError(f"engines must be between 1 and {MAX_ENGINES}, not {self.engines}")
        if self.engine_nodes is not None and not 1 <= self.engine_nodes <= MAX_NODES:
            raise ConfigError(f"engine-nodes must be between 1 and {MAX_NODES:,}, not {self.engine_nodes}")
        find_engine(self.engine_path)

    def table_rng(self, number: int) -> random.Random:
        """The random source of table `number`: independent of every other table's."""
        # A string seed is hashed with SHA-512, so it is stable across runs and machines.
        return random.Random(f"simul:{self.seed}:{number}")


def config_to_json(config: ExhibitionConfig) -> str:
    """The settings as JSON, to hand to a child."""
    fields = dataclasses.asdict(config)
    fields["gm_color"] = config.gm_color.value
    fields["policy"] = config.policy.value
    fields["gm_offload"] = config.gm_offload.value
    return json.dumps(fields)


def config_from_json(text: str) -> ExhibitionConfig:
    """The settings a parent handed over."""
    fields: dict[str, Any] = json.loads(text)
    fields["think"] = ThinkTime(**fields["think"])
    fields["gm_color"] = GmColor(fields["gm_color"])
    fields["policy"] = Policy(fields["policy"])
    fields["gm_offload"] = Offload(fields["gm_offload"])
    return ExhibitionConfig(**fields)
