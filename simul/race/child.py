"""One way of playing, in a process of its own: `python -m simul.race.child MODE SPEED CONFIG PARENT`.

A process each, so that each way's peak memory and CPU are its own. It
writes JSON lines to standard output: `{"moves": N}` as it plays, then
`{"figures": {...}}`, or `{"stopped": true}` if told to stop (SIGTERM).
It never outlives the race that started it (PARENT, a process id).
"""

from __future__ import annotations

import dataclasses
import json
import signal
import sys
from types import FrameType

from simul.core.config import config_from_json
from simul.orphans import die_with
from simul.race.modes import Mode, measure

EXIT_STOPPED = 130
"""The exit code of a child that stopped as asked (as a shell reports Ctrl+C)."""
EXIT_ORPHANED = 137
"""The exit code of a child whose race was gone before it could play (as a shell reports SIGKILL)."""


def _emit(message: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _stop(signum: int, frame: FrameType | None) -> None:
    # Raised in the main thread wherever it is, a time.sleep included: every mode stops at once.
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    """Play, report, and return the exit code."""
    mode, speed, config, parent = Mode(argv[0]), float(argv[1]), config_from_json(argv[2]), int(argv[3])
    signal.signal(signal.SIGTERM, _stop)
    if not die_with(parent):
        return EXIT_ORPHANED
    try:
        figures = measure(mode, config, speed, lambda moves: _emit({"moves": moves}))
    except KeyboardInterrupt:
        _emit({"stopped": True})
        return EXIT_STOPPED
    _emit({"figures": dataclasses.asdict(figures)})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
