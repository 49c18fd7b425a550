"""Running the TUI until it closes: in a terminal (`simul`) or behind a web page (`simul serve`)."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from simul.core.config import ExhibitionConfig
from simul.loop.event_loop import real_loop
from simul.options import EXIT_INTERRUPTED
from simul.shutdown import StopRequests
from simul.tui.app import SimulApp
from simul.tui.lifeline import end_after_grace, watch_terminal


def run_tui(config: ExhibitionConfig, *, speed: float, paused: bool, save_folder: Path | None) -> int:
    """Play `config` in the TUI until it closes; return the exit code."""
    app = SimulApp(config, speed=speed, paused=paused, save_folder=save_folder)
    watch_terminal(sys.__stdin__.fileno() if sys.__stdin__ is not None else 0)
    # A stop signal (SIGTERM; SIGHUP, the terminal closed): the app exits as `q` does and gives the
    # terminal back; should Textual not manage within a grace, the process ends anyway.
    with StopRequests(final=True) as stops:
        stops.run(
            app.run_async(),
            real_loop(),
            stop=app.exit,
            at_once=lambda: end_after_grace(stops.exit_code or EXIT_INTERRUPTED),
        )
    # The app is closed and the terminal given back. What it leaves (thousands of boards' objects) needs
    # no last collection at exit: at 2,000 boards that collection kept the shell waiting half a second.
    gc.freeze()
    if app.failure is not None:
        print(f"simul: error: {app.failure}", file=sys.stderr)
    return stops.exit_code or app.return_code or 0
