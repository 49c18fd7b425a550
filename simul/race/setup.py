"""What a race plays: its default settings, the classic preset, and a note on each way of playing."""

from __future__ import annotations

from dataclasses import dataclass

from simul.core.config import ExhibitionConfig, ThinkTime
from simul.race.modes import Mode

MAX_RACE_BOARDS = 1_000
"""The threads lane starts one OS thread per board: beyond this, the race measures the OS."""

MODE_NOTES = {
    Mode.SEQUENTIAL: "one game at a time",
    Mode.THREADS: "a thread per board",
    Mode.ASYNCIO: "one coroutine, awaits",
    Mode.BLOCKING: "time.sleep in async def",
}


@dataclass(frozen=True, slots=True)
class RaceSetup:
    """A race's settings, before the command line's own."""

    config: ExhibitionConfig
    speed: float


DEFAULT = RaceSetup(ExhibitionConfig(boards=20, think=ThinkTime(1.0, 3.0), gm_move=0.1, max_moves=20), speed=50.0)
"""Small enough that one game at a time takes about 15 s at speed 50."""
PRESETS = {
    # Miguel Grinberg's simul: 24 boards, 5 s a move, 55 s an answer, 30 move pairs: 12 h one
    # game at a time. A random grandmaster plays every game to move 30, as his do.
    "classic": RaceSetup(
        ExhibitionConfig(boards=24, think=ThinkTime(55.0, 55.0), gm_move=5.0, max_moves=30, seed=2, gm="random"),
        speed=3000.0,
    ),
}
