"""A pseudo-terminal that runs a program as a person's terminal would, and reads back what it draws."""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Sequence
from pathlib import Path

SYNC_QUERY = b"\x1b[?2026$p"
"""An app asking whether the terminal supports synchronized output."""
SYNC_SUPPORTED = b"\x1b[?2026;2$y"
"""The answer of a terminal that does (mode 2026 known, currently reset)."""
FRAME_START = b"\x1b[?2026h"
"""Textual opens every frame it draws with this, once told the terminal supports it."""


class FrameCounter:
    """Counts the frames in a stream of terminal output, wherever the reads split it."""

    def __init__(self) -> None:
        self.frames = 0
        self._tail = b""

    def feed(self, data: bytes) -> int:
        """Take the next bytes of output; return how many frames began in them."""
        stream = self._tail + data
        found = stream.count(FRAME_START)
        # Keep enough of the end to find a marker split between two reads, but
        # never a whole marker, or it would be counted twice.
        self._tail = stream[-(len(FRAME_START) - 1) :]
        self.frames += found
        return found


class Terminal:
    """A program running in a pseudo-terminal of a given size; closing it leaves nothing running."""

    def __init__(self, argv: Sequence[str], *, columns: int, rows: int, cwd: Path | None = None) -> None:
        self._master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)}
        environment.pop("TEXTUAL", None)  # no devtools: measure the app as users run it
        self.process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environment,
            cwd=cwd,
            start_new_session=True,  # its own session: the pty is its controlling terminal
        )
        os.close(slave)
        self.counter = FrameCounter()
        self.screen_text = b""
        """Everything drawn since the last `clear_screen_text()`."""

    def read(self, timeout: float) -> bytes:
        """Whatever the program writes within `timeout` seconds (b"" if nothing)."""
        ready, _, _ = select.select([self._master], [], [], timeout)
        if not ready:
            return b""
        try:
            data = os.read(self._master, 1 << 16)
        except OSError:  # the program has closed the terminal
            return b""
        if SYNC_QUERY in data:
            os.write(self._master, SYNC_SUPPORTED)
        self.counter.feed(data)
        self.screen_text += data
        return data

    def pump(self, seconds: float) -> None:
        """Keep reading (the program blocks if nobody reads its output) for `seconds`."""
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            self.read(min(left, 0.05))

    def wait_for(self, text: bytes, timeout: float) -> float | None:
        """Read until `text` has been drawn; return how long it took, or None after `timeout`."""
        start = time.perf_counter()
        while (elapsed := time.perf_counter() - start) < timeout:
            if text in self.screen_text:
                return elapsed
            self.read(min(0.01, timeout - elapsed))
        return None

    def clear_screen_text(self) -> None:
        """Forget what was drawn so far (to wait for something drawn afresh)."""
        self.screen_text = b""

    def send(self, keys: bytes) -> None:
        """Type `keys`."""
        os.write(self._master, keys)

    def cpu_seconds(self) -> float:
        """The CPU time the program has used so far, user and system (Linux: from /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        user, system = int(fields[11]), int(fields[12])  # utime and stime, fields 14 and 15 of stat(5)
        return (user + system) / os.sysconf("SC_CLK_TCK")

    def close(self, quit_keys: bytes = b"q", timeout: float = 5.0) -> int:
        """Ask the program to quit, and make sure it has; return its exit code."""
        try:
            if self.process.poll() is None:
                self.send(quit_keys)
                end = time.perf_counter() + timeout
                while self.process.poll() is None and time.perf_counter() < end:
                    self.read(0.05)
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGKILL)
            return self.process.wait()
        finally:
            os.close(self._master)
