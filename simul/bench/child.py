"""A measurement in a process of its own: what it printed, how long it ran, and the CPU it used.

A process each, so that a peak of memory is that measurement's alone (a
high-water mark cannot be reset within a process). The child's CPU comes from
`os.wait4`, which gives that one child's usage, not the sum over every child
reaped so far as `RUSAGE_CHILDREN` would.

Its peak memory is not taken from `wait4`'s `ru_maxrss`: Linux carries that
high-water mark across `exec`, and the child starts as a copy of this process,
so a child of 9 MB started by a parent of 400 MB reports 400 MB (measured).
Each child reads its own peak (`VmHWM`, see `simul.race.modes.peak_rss_bytes`)
and prints it.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Any

from simul.bench.errors import BenchError
from simul.orphans import die_with


@dataclass(frozen=True, slots=True)
class ChildRun:
    """One child process, run to its end."""

    stdout: str
    wall_seconds: float
    """From starting it to reaping it: the interpreter's start-up included."""
    cpu_seconds: float
    """User and system time of this child alone, every thread, start-up included."""

    def answer(self) -> dict[str, Any]:
        """The last line it printed, read as a JSON object; `BenchError` if there is none."""
        lines = self.stdout.strip().splitlines()
        try:
            answer = json.loads(lines[-1]) if lines else None
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            raise BenchError(f"a measuring process printed no figures (its last line: {lines[-1:]!r})")
        return answer


def module_argv(module: str, *args: object) -> list[str]:
    """The command that runs `python -m module args...` with this interpreter."""
    return [sys.executable, "-m", module, *map(str, args)]


def run_child(argv: list[str], what: str) -> ChildRun:
    """Run `argv` to its end and reap it; `BenchError` naming `what` if it fails.

    The child is killed if this process dies (the kernel's parent-death signal)
    or is interrupted meanwhile: no measurement outlives the bench.
    """
    parent = os.getpid()
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            argv,
            stdout=subprocess.PIPE,
            stderr=errors,
            stdin=subprocess.DEVNULL,
            preexec_fn=functools.partial(die_with, parent),  # the bench runs no threads that could deadlock it
        )
        assert process.stdout is not None
        with process.stdout:
            try:
                stdout = process.stdout.read().decode(errors="replace")
                _, status, usage = os.wait4(process.pid, 0)
            except BaseException:
                process.kill()
                process.wait()
                raise
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        if process.returncode != 0:
            errors.seek(0)
            said = errors.read().decode(errors="replace").strip().splitlines()
            reason = said[-1] if said else f"exit code {process.returncode}"
            raise BenchError(f"{what} failed: {reason}")
    return ChildRun(stdout, wall, usage.ru_utime + usage.ru_stime)
