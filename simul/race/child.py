"""One way of playing, in a process of its own: `python -m simul.race.child MODE SPEED CONFIG PARENT`.

A process each, so that each way's peak memory and CPU are its own. It
writes JSON lines to standard output: `{"moves": N}` as it plays, then
`{"figures": {...}}`, or `{"stopped": true}` if told to stop (SIGTERM).
It never outlives the race that started it (PARENT, a process id).
"""

from __future__ import annotations

import ctypes
import dataclasses
import json
import os
import signal
import sys
from types import FrameType
from typing import Any

from simul.core.config import ExhibitionConfig, GmColor, Policy, ThinkTime
from simul.race.modes import Mode, measure

EXIT_STOPPED = 130
"""The exit code of a child that stopped as asked (as a shell reports Ctrl+C)."""
EXIT_ORPHANED = 137
"""The exit code of a child whose race was gone before it could play (as a shell reports SIGKILL)."""
_PR_SET_PDEATHSIG = 1
"""Linux's `prctl` option: the signal a process receives when its parent dies."""


def config_to_json(config: ExhibitionConfig) -> str:
    """The settings as JSON, to hand to a child."""
    fields = dataclasses.asdict(config)
    fields["gm_color"] = config.gm_color.value
    fields["policy"] = config.policy.value
    return json.dumps(fields)


def config_from_json(text: str) -> ExhibitionConfig:
    """The settings a parent handed over."""
    fields: dict[str, Any] = json.loads(text)
    fields["think"] = ThinkTime(**fields["think"])
    fields["gm_color"] = GmColor(fields["gm_color"])
    fields["policy"] = Policy(fields["policy"])
    return ExhibitionConfig(**fields)


def _emit(message: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _stop(signum: int, frame: FrameType | None) -> None:
    # Raised in the main thread wherever it is, a time.sleep included: every mode stops at once.
    raise KeyboardInterrupt


def die_with(parent: int) -> bool:
    """Be killed the moment `parent` dies, however it dies (`kill -9` included); False if it is gone already.

    The race starts its children in sessions of their own (so that a Ctrl+C
    reaches the race alone, which stops them itself): nothing else would end a
    child whose race was killed. Linux's parent-death signal does it without a
    watching thread, which would change the threads this child reports.
    """
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    # Checked after asking, not before: the race may have died in between.
    return os.getppid() == parent


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
