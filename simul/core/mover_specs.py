"""The movers by the names the command line gives them: `random`, `greedy`, `search[:DEPTH]`, `stockfish[:LEVEL]`."""

from __future__ import annotations

from simul.core.engine_mover import MAX_LEVEL, EngineMover
from simul.core.engines import EnginePool, find_engine
from simul.core.errors import ConfigError
from simul.core.movers import MOVERS, InstantMover, Mover
from simul.core.offload import Offload, OffloadedSearch
from simul.core.search import DEFAULT_DEPTH, SearchMover

SEARCH = "search"
MAX_DEPTH = 5
"""The deepest search offered: depth 5 takes seconds a move in a middlegame, in pure Python."""
ENGINE = EngineMover.name
NAMES = (*sorted(MOVERS), SEARCH, f"{SEARCH}:DEPTH", ENGINE, f"{ENGINE}:LEVEL")
"""How the movers are written, for help texts."""


def _number_after(name: str, kind: str, what: str, low: int, high: int) -> int | None:
    """The number in `kind:N` (checked to be from `low` to `high`), None for a bare `kind`."""
    number = name.partition(":")[2]
    if not (number.isascii() and number.isdigit()) or not low <= int(number) <= high:
        raise ConfigError(f"{kind} {what} must be a whole number from {low} to {high}, not {number!r}")
    return int(number)


def search_depth(name: str) -> int | None:
    """The depth of a `search` or `search:DEPTH` mover; None for any other name (not checked)."""
    kind, colon, _ = name.partition(":")
    if kind != SEARCH:
        return None
    return _number_after(name, SEARCH, "depth", 1, MAX_DEPTH) if colon else DEFAULT_DEPTH


def is_engine(name: str) -> bool:
    """Whether `name` is an engine mover: `stockfish` or `stockfish:LEVEL` (not checked)."""
    return name.partition(":")[0] == ENGINE


def engine_level(name: str) -> int | None:
    """The skill level of `stockfish:LEVEL`; None for full-strength `stockfish` or any other name."""
    if not is_engine(name) or ":" not in name:
        return None
    return _number_after(name, ENGINE, "level", 0, MAX_LEVEL)


def check_mover(name: str, role: str) -> str:
    """`name` if it names a mover `role` ("gm" or "opponent") may use; else a `ConfigError` saying why."""
    if name in MOVERS:
        return name
    if is_engine(name):
        engine_level(name)
        return name
    if search_depth(name) is not None:
        if role != "gm":
            # An opponent's thinking is its think time (a timer): a search of its own would hold the loop
            # at every table, 50 times over, for no lesson the grandmaster's search does not teach.
            raise ConfigError(f"{name!r} is for the grandmaster (--gm): an opponent thinks for its think time")
        return name
    raise ConfigError(f"unknown {role} mover {name!r} (choose from {', '.join(NAMES)})")


def make_mover(
    name: str,
    offload: Offload = Offload.PROCESS,
    *,
    engine_path: str | None = None,
    engines: int = 1,
    engine_nodes: int | None = None,
) -> Mover:
    """A fresh mover called `name` (checked); a search runs where `offload` says; an engine mover gets
    a pool of `engines` engines (`engine_path`, else Stockfish), searching `engine_nodes` nodes if given."""
    if is_engine(name):
        pool = EnginePool(find_engine(engine_path), engines)
        return EngineMover(pool, level=engine_level(name), nodes=engine_nodes)
    depth = search_depth(name)
    if depth is not None:
        return OffloadedSearch(depth, offload)
    return MOVERS[name]()


def make_instant_mover(name: str) -> InstantMover:
    """A mover called `name` that computes in the caller's thread, for the race's ways without a loop."""
    depth = search_depth(name)
    return SearchMover(depth) if depth is not None else MOVERS[name]()
