"""One way of the core benchmark's games in a process: `python -m simul.bench.core_child WAY BOARDS MAX_MOVES`.

Each way starts from a fresh interpreter, so that none is measured on a heap
another way left behind: measured in one process, after the other three ways,
simul's ratio spread over 1.85-1.95 in three runs; each way in a process of
its own, 1.82-1.83. It prints one JSON line: the CPU seconds of the play
alone, the plies, a digest of every game's moves (the parent checks that
every way played the same games), and for simul the passes of its loop.
"""

from __future__ import annotations

import gc
import hashlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from simul.bench.ways import (
    Games,
    core_config,
    exhibition_order,
    games_of,
    play_bare_asyncio,
    play_exhibition,
    play_interleaved,
    play_one_after_another,
)
from simul.core.config import ExhibitionConfig
from simul.gc_tuning import calm_garbage_collector
from simul.loop.event_loop import SimulLoop

WAYS = ("floor", "interleaved", "bare", "simul")
"""Every way, in the order a run measures them."""


@dataclass(frozen=True, slots=True)
class WayRun:
    """What one way's process measured."""

    cpu_seconds: float
    plies: int
    games_digest: str
    passes: int | None = None
    """simul's loop's passes (simul only)."""


def digest(games: Games) -> str:
    """A fingerprint of every game's moves, in table order."""
    text = "\n".join(" ".join(move.uci() for move in game) for game in games)
    return hashlib.sha256(text.encode()).hexdigest()


def _measured(play: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.process_time()
    played = play()
    return time.process_time() - start, played


def play_way(way: str, config: ExhibitionConfig) -> WayRun:
    """Play the games `way`, timing the play alone (set-up, checks and digests outside the measure)."""
    calm_garbage_collector()  # as `simul run` does, for every way
    if way == "simul":
        loop = SimulLoop(virtual=True)
        seconds, exhibition = _measured(lambda: play_exhibition(config, loop))
        games = games_of(exhibition)  # unpacked outside the measure, as the floor's need not be
        return WayRun(seconds, sum(map(len, games)), digest(games), loop.passes)
    plays: dict[str, Callable[[], Games]]
    if way == "interleaved":
        order = exhibition_order(config)  # which table each ply is at: an exhibition of its own, not measured
        plays = {way: lambda: play_interleaved(config, order)}
    else:
        plays = {"floor": lambda: play_one_after_another(config), "bare": lambda: play_bare_asyncio(config)}
    if way not in plays:
        raise ValueError(f"no such way: {way!r} (one of {', '.join(WAYS)})")
    seconds, games = _measured(plays[way])
    return WayRun(seconds, sum(map(len, games)), digest(games))


def main(argv: list[str]) -> int:
    """Play one way, print its figures, return the exit code."""
    way, boards, max_moves = argv[0], int(argv[1]), int(argv[2])
    run = play_way(way, core_config(boards, max_moves))
    print(
        json.dumps(
            {"cpu_seconds": run.cpu_seconds, "plies": run.plies, "games_digest": run.games_digest, "passes": run.passes}
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
