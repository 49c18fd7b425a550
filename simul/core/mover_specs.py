"""The movers by the names the command line gives them: `random`, `greedy`, `search` or `search:DEPTH`."""

from __future__ import annotations

from simul.core.errors import ConfigError
from simul.core.movers import MOVERS, InstantMover, Mover
from simul.core.offload import Offload, OffloadedSearch
from simul.core.search import DEFAULT_DEPTH, SearchMover

SEARCH = "search"
MAX_DEPTH = 5
"""The deepest search offered: depth 5 takes seconds a move in a middlegame, in pure Python."""
NAMES = (*sorted(MOVERS), SEARCH, f"{SEARCH}:DEPTH")
"""How the movers are written, for help texts."""


def search_depth(name: str) -> int | None:
    """The depth of a `search` or `search:DEPTH` mover; None for any other name (not checked)."""
    kind, colon, depth = name.partition(":")
    if kind != SEARCH:
        return None
    if not colon:
        return DEFAULT_DEPTH
    if not (depth.isascii() and depth.isdigit()) or not 1 <= int(depth) <= MAX_DEPTH:
        raise ConfigError(f"search depth must be a whole number from 1 to {MAX_DEPTH}, not {depth!r}")
    return int(depth)


def check_mover(name: str, role: str) -> str:
    """`name` if it names a mover `role` ("gm" or "opponent") may use; else a `ConfigError` saying why."""
    if name in MOVERS:
        return name
    if search_depth(name) is not None:
        if role != "gm":
            # An opponent's thinking is its think time (a timer): a search of its own would hold the loop
            # at every table, 50 times over, for no lesson the grandmaster's search does not teach.
            raise ConfigError(f"{name!r} is for the grandmaster (--gm): an opponent thinks for its think time")
        return name
    raise ConfigError(f"unknown {role} mover {name!r} (choose from {', '.join(NAMES)})")


def make_mover(name: str, offload: Offload = Offload.PROCESS) -> Mover:
    """A fresh mover called `name` (checked); a search runs where `offload` says."""
    depth = search_depth(name)
    if depth is not None:
        return OffloadedSearch(depth, offload)
    return MOVERS[name]()


def make_instant_mover(name: str) -> InstantMover:
    """A mover called `name` that computes in the caller's thread, for the race's ways without a loop."""
    depth = search_depth(name)
    return SearchMover(depth) if depth is not None else MOVERS[name]()
