"""One TUI behind a web page: `python -m simul.tui.served SETTINGS PARENT`, which `simul serve` starts per page.

textual-serve runs this command for each browser that opens the page, with
Textual's web driver: the app's screen goes to the page over a WebSocket and
the page's keys come back. It never outlives the server (PARENT, a process id).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simul.core.config import ExhibitionConfig, config_from_json, config_to_json
from simul.orphans import die_with
from simul.shutdown import guarded

EXIT_ORPHANED = 137
"""The exit code when the server was gone before the app could start (as a shell reports SIGKILL)."""


@dataclass(frozen=True)
class ServedSettings:
    """What the TUI on a page plays: the settings `simul serve` was given."""

    config: ExhibitionConfig
    speed: float
    paused: bool
    save_folder: Path | None

    def to_json(self) -> str:
        """The settings as one JSON argument."""
        return json.dumps(
            {
                "config": config_to_json(self.config),
                "speed": self.speed,
                "paused": self.paused,
                "save_folder": None if self.save_folder is None else str(self.save_folder),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> ServedSettings:
        """The settings the server handed over."""
        fields: dict[str, Any] = json.loads(text)
        folder = fields["save_folder"]
        return cls(
            config_from_json(fields["config"]),
            float(fields["speed"]),
            bool(fields["paused"]),
            None if folder is None else Path(folder),
        )


def command(settings: ServedSettings, parent: int) -> list[str]:
    """The command line that plays `settings` behind a page of server `parent`."""
    return [sys.executable, "-m", "simul.tui.served", settings.to_json(), str(parent)]


def _play(argv: list[str]) -> int:
    settings, parent = ServedSettings.from_json(argv[0]), int(argv[1])
    if not die_with(parent):
        return EXIT_ORPHANED
    from simul.tui.launch import run_tui  # after the check: an orphan does not pay for loading Textual

    return run_tui(settings.config, speed=settings.speed, paused=settings.paused, save_folder=settings.save_folder)


if __name__ == "__main__":
    sys.exit(guarded(lambda: _play(sys.argv[1:])))
