"""Stopping on SIGINT, SIGTERM or SIGHUP at any instant: before the games, while they play, while saving.

One regime per phase of a command:
- Before anything is worth saving (imports, parsing, set-up), a stop signal
  raises `Interrupted` wherever Python is, and the command ends at once with
  nothing written.
- Inside `StopRequests`, a signal only asks: the first one calls the phase's
  `stop` callback (cancel the games, close the TUI), later ones are counted and
  change nothing, so a second Ctrl+C can never cut a save in half.
- After the work (`StopRequests(final=True)`), a signal is remembered for the
  exit code; after the command's last line, signals are ignored.

Either way the exit code is 128 + the signal's number, as a shell reports a
process stopped by it: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP.
"""

from __future__ import annotations

import signal
import sys

# Loaded by the command's first line, before a handler is in place: every import here is time in which
# Ctrl+C would still be a traceback, so only `signal` is loaded, and the types for the checker alone.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import asyncio
    from collections.abc import Callable, Coroutine
    from types import FrameType, TracebackType
    from typing import Any, TypeVar

    T = TypeVar("T")

MAIN_TASK = "main task"
"""The name of the task that runs a command's `main`, as asyncio.run's first task."""
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""Ctrl+C, `kill`, and the terminal closing."""


def exit_code(signum: int) -> int:
    """The exit code of a command stopped by `signum`: 128 + its number, as a shell reports it."""
    return 128 + signum


class Interrupted(KeyboardInterrupt):
    """A stop signal arrived while there was nothing to save: the command ends at once.

    A `KeyboardInterrupt`, so that asyncio lets it through as it does Ctrl+C
    (a task's step stores it in the task and re-raises it, so it propagates
    out of the loop instead of waiting to be awaited).
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """128 + the signal's number."""
        return exit_code(self.signum)


_pending: int | None = None
"""The stop signal raised as `Interrupted`, kept in case the exception was swallowed where it landed."""


def _raise_interrupted(signum: int, frame: FrameType | None) -> None:
    global _pending
    if _pending is None:
        _pending = signum
    ignore_stop_signals()  # once is enough: a second Ctrl+C must not interrupt the way out
    raise Interrupted(signum)


def _quiet_unraisable(unraisable: Any) -> None:
    # Raised where Python cannot pass it on (a `__del__`, a weakref callback the garbage collector
    # ran during an import), `Interrupted` would print a traceback and be lost. It is kept in
    # `_pending`, and the next `StopRequests` stops at once: only that report is silenced.
    if isinstance(unraisable.exc_value, Interrupted) or _ignored_stop_signal(unraisable.exc_value):
        return
    sys.__unraisablehook__(unraisable)


def _ignored_stop_signal(error: BaseException | None) -> bool:
    """Whether `error` is CPython's report of a stop signal that came while the first one was handled.

    Two signals at once (SIGHUP, then SIGINT a moment later) are both marked
    before Python runs the first one's handler, which sets every stop signal to
    SIG_IGN. CPython then finds the second one's handler "ignored" and reports
    `OSError: Signal 2 ignored due to race condition` as unraisable: ignored is
    what was asked for, so there is nothing to report.
    """
    if not isinstance(error, OSError) or not str(error).endswith(" ignored due to race condition"):
        return False
    words = str(error).split()
    return len(words) > 1 and words[0] == "Signal" and words[1] in {str(int(signum)) for signum in STOP_SIGNALS}


_late: int | None = None
"""A stop signal that came after the command's work was done, before its last line."""


def _remember_late(signum: int, frame: FrameType | None) -> None:
    # No exception: it would land wherever Python is, in the freeing of 20,000 tasks say, where a
    # weakref callback would swallow it with a traceback on stderr. The exit code tells it instead.
    global _late
    if _late is None:
        _late = signum


def late_signal() -> int | None:
    """The stop signal that came after the work was done, or one swallowed before; None if neither."""
    return _late if _late is not None else _pending


def _command_handlers_in_place() -> bool:
    return signal.getsignal(signal.SIGINT) in (_raise_interrupted, _remember_late)


def interrupted(signum: int) -> Interrupted:
    """The exception that ends the command for `signum`; the signals after it are ignored.

    Only once the command's own handlers are in place: code under test keeps its test runner's.
    """
    if _command_handlers_in_place():
        ignore_stop_signals()  # as the handler that raises does: nothing may cut the way out
    return Interrupted(signum)


def raise_on_stop_signals() -> None:
    """From a command's first line: the first stop signal raises `Interrupted` where Python is."""
    sys.unraisablehook = _quiet_unraisable
    for signum in STOP_SIGNALS:
        signal.signal(signum, _raise_interrupted)


def ignore_stop_signals() -> None:
    """From a command's last line: its work is done, its outputs written.

    Python puts its own handlers back to the default at exit, and the default
    ends the process: a late Ctrl+C would turn a finished command's exit code
    into "killed by SIGINT". Ignored signals stay ignored to the end.
    """
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)


def guarded(command: Callable[[], int]) -> int:
    """Run a whole command with its stop signals taken care of, from its first line to its last; its exit code.

    `command` is called with signals raising `Interrupted` (its own
    `StopRequests` turn them into requests while there is work to save); once
    it returns, a signal only changes the exit code, then none is heard at all.
    """
    raise_on_stop_signals()  # first, so a Ctrl+C during the command's imports is no traceback
    try:
        code = command()
        ignore_stop_signals()  # inside the `try`: a signal before this line is still an `Interrupted`
        late = late_signal()  # after the work was done: the outputs are whole, but the user asked to stop
        return exit_code(late) if code == 0 and late is not None else code
    except Interrupted as interrupted:  # its handler ignores the signals that follow
        return interrupted.exit_code


class StopRequests:
    """While open, a stop signal is a request to stop, not an exception.

    Opened outside the main thread (where Python cannot take signals) it
    changes nothing, so code under test can use it anywhere.
    """

    def __init__(self, *, final: bool = False) -> None:
        self._final = final
        """The command's last phase: after it, a signal is remembered for the exit code, never raised."""
        self.signum: int | None = None
        """The first stop signal received, if any."""
        self.received = 0
        """How many stop signals arrived, the first included."""
        self._stop: Callable[[], None] | None = None
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> StopRequests:
        import threading

        if threading.current_thread() is threading.main_thread():
            for signum in STOP_SIGNALS:
                self._previous[signum] = signal.signal(signum, self._receive)
            if _pending is not None and self._previous.get(signal.SIGINT) in (_raise_interrupted, signal.SIG_IGN):
                self.signum = _pending  # raised during start-up and swallowed there: stop before anything starts
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        for signum, handler in self._previous.items():
            late = self._final and handler is _raise_interrupted
            signal.signal(signum, _remember_late if late else handler)
        self._previous.clear()

    @property
    def stopped(self) -> bool:
        """Whether a stop signal has arrived."""
        return self.signum is not None

    @property
    def exit_code(self) -> int | None:
        """128 + the first signal's number; None if none arrived."""
        return exit_code(self.signum) if self.signum is not None else None

    @property
    def cause(self) -> str | None:
        """What stopped it, as a person would say it ("Ctrl+C", "SIGTERM", "SIGHUP"); None if nothing did."""
        if self.signum is None:
            return None
        return "Ctrl+C" if self.signum == signal.SIGINT else signal.Signals(self.signum).name

    def calling(self, stop: Callable[[], None]) -> _Calling:
        """While inside, the first stop signal calls `stop` (at once, if one came already).

        `stop` runs in a signal handler, between two bytecodes of whatever the
        main thread was doing: it must only schedule the stop (for instance with
        `loop.call_soon_threadsafe`), never do it.
        """
        return _Calling(self, stop)

    def _receive(self, signum: int, frame: FrameType | None) -> None:
        self.received += 1
        if self.signum is not None:
            return  # already stopping: a second Ctrl+C must not cut the save
        self.signum = signum
        if self._stop is not None:
            self._stop()

    def run(
        self,
        main: Coroutine[Any, Any, T],
        loop: asyncio.AbstractEventLoop,
        stop: Callable[[], object] | None = None,
        at_once: Callable[[], object] | None = None,
    ) -> T | None:
        """Run `main` on `loop`, then close the loop; a stop signal ends it, and this returns None.

        `main` runs in an `asyncio.Runner`, as with `asyncio.run`, so the clean-up
        is asyncio's own. The stop signals are simul's: SIGINT, SIGTERM and
        SIGHUP alike reach this object's handler, like `asyncio.Runner`'s Ctrl+C
        handling (which stands aside once simul's handler is installed: it only
        engages over Python's default SIGINT handler). By default the first
        signal cancels `main` (whose task groups cancel the tasks they own, each
        at its `await`), so no board is left halfway through a move; later ones
        change nothing.
        `stop`, if given, is called on the loop instead (a TUI closes itself).
        `at_once`, if given, is called in the signal handler itself, before the
        loop hears of it: for what must happen even if the loop is stuck.
        """
        import asyncio
        import contextlib

        if self.stopped:
            main.close()
            loop.close()
            return None

        async def stoppable() -> T:
            task = asyncio.current_task()
            assert task is not None
            task.set_name(MAIN_TASK)  # as the floor panel and step mode name it, not by this wrapper
            action = stop if stop is not None else task.cancel

            def schedule_stop() -> None:
                if at_once is not None:
                    at_once()
                with contextlib.suppress(RuntimeError):  # the loop closed as the signal came: nothing to stop
                    loop.call_soon_threadsafe(action)

            with self.calling(schedule_stop):
                return await main

        with asyncio.Runner(loop_factory=lambda: loop) as runner:
            try:
                return runner.run(stoppable())
            except asyncio.CancelledError:
                if not self.stopped:
                    raise
                return None


class _Calling:
    """The context of `StopRequests.calling`."""

    def __init__(self, requests: StopRequests, stop: Callable[[], None]) -> None:
        self._requests = requests
        self._stop = stop

    def __enter__(self) -> None:
        self._requests._stop = self._stop
        if self._requests.stopped:
            self._stop()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._requests._stop = None
