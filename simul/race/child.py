"""One way of playing, in a process of its own: `python -m simul.race.child MODE SPEED CONFIG`.

A process each, so that each way's peak memory and CPU are its own. It
writes JSON lines to standard output: `{"moves": N}` as it plays, then
`{"figures": {...}}`, or `{"stopped": true}` if told to stop (SIGTERM).
"""

from __future__ import annotations

import dataclasses
import json
import signal
import sys
from types import FrameType
from typing import Any

from simul.core.config import ExhibitionConfig, GmColor, Policy, ThinkTime
from simul.race.modes import Mode, measure

EXIT_STOPPED = 130
"""The exit code of a child that stopped as asked (as a shell reports Ctrl+C)."""


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


def main(argv: list[str]) -> int:
    """Play, report, and return the exit code."""
    mode, speed, config = Mode(argv[0]), float(argv[1]), config_from_json(argv[2])
    signal.signal(signal.SIGTERM, _stop)
    try:
        figures = measure(mode, config, speed, lambda moves: _emit({"moves": moves}))
    except KeyboardInterrupt:
        _emit({"stopped": True})
        return EXIT_STOPPED
    _emit({"figures": dataclasses.asdict(figures)})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
