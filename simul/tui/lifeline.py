"""Ending the TUI when no one can see it any more: its terminal gone, or a stop signal Textual cannot act on.

Textual gives the terminal back and exits on `q`, and on a stop signal simul
asks it to. But with the terminal already gone (a window closed, an SSH
session dropped: the terminal hangs up before the shell passes SIGHUP on),
Textual's input thread spins on a dead file and its shutdown can wait on it
forever. The TUI has nothing to save, so these end the process outright.
"""

from __future__ import annotations

import os
import signal
import termios
import threading

EXIT_GRACE = 5.0
"""Seconds Textual has to close after a stop signal before the process ends at once."""
CHECK_EVERY = 0.5
"""Seconds between two checks that the terminal is still there."""


def end_after_grace(code: int, grace: float = EXIT_GRACE) -> None:
    """End the process with `code` in `grace` seconds, unless it has ended by then.

    A daemon timer thread: it runs even if the loop, or the main thread, is stuck.
    """
    timer = threading.Timer(grace, os._exit, args=(code,))
    timer.daemon = True
    timer.name = "simul exit grace"
    timer.start()


def watch_terminal(fd: int) -> threading.Thread | None:
    """End the process as SIGHUP would (129) once terminal `fd` has hung up; None if `fd` is no terminal.

    A hung-up terminal answers every `tcgetattr` with an input/output error.
    """
    try:
        termios.tcgetattr(fd)
    except (OSError, termios.error):
        return None  # not a terminal (a test, a pipe): nothing to watch
    stopped = threading.Event()

    def watch() -> None:
        while not stopped.wait(CHECK_EVERY):
            try:
                termios.tcgetattr(fd)
            except (OSError, termios.error):
                os._exit(128 + signal.SIGHUP)

    thread = threading.Thread(target=watch, name="simul terminal watch", daemon=True)
    thread.start()
    return thread
