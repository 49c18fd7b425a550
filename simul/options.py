"""What every runner shares: the clock it plays on, what a headless run writes, and the exit codes."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from simul.core.config import ExhibitionConfig

EXIT_FAULT = 1
"""Something of simul's own failed (a subscriber raised): said on stderr, the outputs still written."""
EXIT_USAGE = 2
"""Bad input: one line on stderr says what."""
EXIT_INTERRUPTED = 130
"""Stopped by Ctrl+C (128 + SIGINT), as a shell reports it."""
EXIT_BROKEN_PIPE = 141
"""Standard output was closed by its reader (128 + SIGPIPE), as a shell reports it."""


class LoopKind(enum.Enum):
    """Which event loop runs a headless exhibition on the real clock."""

    ASYNCIO = "asyncio"
    """asyncio's own selector loop, as simul's `SimulLoop`, which counts its passes and can be shown."""
    UVLOOP = "uvloop"
    """uvloop's loop, written in Cython on libuv: the same program, a faster loop, nothing of it shown."""


class ClockKind(enum.Enum):
    """Which clock paces the exhibition."""

    REAL = "real"
    """Wall time, divided by the speed factor."""
    VIRTUAL = "virtual"
    """A fast-forwarding loop: simulated hours pass in seconds."""


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What the command line asked a headless run for, validated."""

    config: ExhibitionConfig
    clock: ClockKind
    speed: float
    pgn: Path | None
    report: Path | None
    autosave: float | None = None
    """Save the PGN every this many simulated seconds while playing."""
    loop: LoopKind = LoopKind.ASYNCIO
    """The event loop under the real clock."""
