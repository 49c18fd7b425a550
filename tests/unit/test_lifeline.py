"""The TUI's lifeline: a process whose terminal hangs up ends, as SIGHUP would end it."""

from __future__ import annotations

import os
import subprocess
import sys

from simul.tui.lifeline import watch_terminal

WATCHING = """
import sys, threading
from simul.tui.lifeline import watch_terminal
assert watch_terminal(0) is not None
print("watching", flush=True)
threading.Event().wait()  # what a stuck TUI does: nothing, forever
"""


def test_a_process_whose_terminal_hangs_up_ends_with_129() -> None:
    master, slave = os.openpty()
    with subprocess.Popen(
        [sys.executable, "-c", WATCHING], stdin=slave, stdout=subprocess.PIPE, start_new_session=True
    ) as process:
        os.close(slave)
        assert process.stdout is not None
        assert process.stdout.readline() == b"watching\n"
        os.close(master)  # the terminal window closes
        assert process.wait(timeout=20) == 129


def test_no_terminal_nothing_to_watch() -> None:
    read, write = os.pipe()
    try:
        assert watch_terminal(read) is None
    finally:
        os.close(read)
        os.close(write)
