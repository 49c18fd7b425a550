"""Stop signals: a request while there is something to save, an exception while there is not."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Iterator

import pytest

import simul.__main__
import simul.shutdown
from simul.loop.event_loop import run, virtual_loop
from simul.shutdown import STOP_SIGNALS, Interrupted, StopRequests, late_signal, raise_on_stop_signals

EXIT_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGHUP: 129}


@pytest.fixture
def saved_handlers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Whatever a test installs, the test process gets its own handlers (and hooks, and no signal) back."""
    handlers = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)
    monkeypatch.setattr(simul.shutdown, "_pending", None)
    monkeypatch.setattr(simul.shutdown, "_late", None)
    yield
    for signum, handler in handlers.items():
        signal.signal(signum, handler)


@pytest.mark.parametrize("signum", STOP_SIGNALS, ids=lambda signum: signum.name)
def test_a_stop_signal_cancels_the_main_task_then_raises_interrupted(signum: signal.Signals) -> None:
    unwound: list[str] = []

    async def main() -> None:
        try:
            signal.raise_signal(signum)
            await asyncio.sleep(3600)
            unwound.append("slept")
        except asyncio.CancelledError:
            unwound.append("cancelled at its await")
            raise

    with pytest.raises(Interrupted) as raised:
        run(main(), virtual=True)
    assert unwound == ["cancelled at its await"]
    assert raised.value.exit_code == EXIT_CODES[signum]


def test_only_the_first_signal_stops_later_ones_are_counted() -> None:
    stops: list[str] = []
    with StopRequests() as requests, requests.calling(lambda: stops.append("stop")):
        signal.raise_signal(signal.SIGTERM)
        signal.raise_signal(signal.SIGINT)
        signal.raise_signal(signal.SIGHUP)
    assert stops == ["stop"]
    assert (requests.signum, requests.received, requests.exit_code) == (signal.SIGTERM, 3, 143)
    assert requests.cause == "SIGTERM"


def test_a_signal_before_the_stop_is_known_calls_it_on_arrival() -> None:
    stops: list[str] = []
    with StopRequests() as requests:
        signal.raise_signal(signal.SIGINT)
        assert stops == []
        with requests.calling(lambda: stops.append("stop")):
            assert stops == ["stop"]
    assert requests.cause == "Ctrl+C"


def test_stopped_before_the_loop_started_runs_nothing() -> None:
    started: list[bool] = []

    async def main() -> None:
        started.append(True)

    loop = virtual_loop()
    with StopRequests() as requests:
        signal.raise_signal(signal.SIGHUP)
        assert requests.run(main(), loop) is None
    assert started == []
    assert loop.is_closed()


def test_the_handlers_before_are_back_afterwards() -> None:
    before = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    with StopRequests():
        assert all(signal.getsignal(signum) != before[signum] for signum in STOP_SIGNALS)
    assert {signum: signal.getsignal(signum) for signum in STOP_SIGNALS} == before


def test_the_command_ends_with_128_plus_the_signal_at_start_up(
    monkeypatch: pytest.MonkeyPatch, saved_handlers: None
) -> None:
    def interrupted_while_loading() -> int:
        signal.raise_signal(signal.SIGHUP)  # the handler `main` installed first raises here
        raise AssertionError("not reached")

    monkeypatch.setattr("simul.cli.main", interrupted_while_loading)
    assert simul.__main__.main() == 129


def test_a_signal_after_the_work_is_remembered_for_the_exit_code_never_raised(saved_handlers: None) -> None:
    # Raised there, it would land in whatever Python does next: freeing 20,000 tasks, say, where a
    # weakref callback swallows it with a traceback on stderr, and the command exits 0.
    raise_on_stop_signals()
    with StopRequests(final=True):
        pass  # the outputs are written
    signal.raise_signal(signal.SIGTERM)
    assert late_signal() == signal.SIGTERM


def test_a_lesson_stopped_ignores_the_signals_that_follow(saved_handlers: None) -> None:
    # Python's exit puts the default handlers back, and a second Ctrl+C there would kill the process.
    raise_on_stop_signals()

    async def main() -> None:
        signal.raise_signal(signal.SIGHUP)
        await asyncio.sleep(1)

    with pytest.raises(Interrupted) as raised:
        run(main(), virtual=True)
    assert raised.value.exit_code == 129
    assert all(signal.getsignal(signum) == signal.SIG_IGN for signum in STOP_SIGNALS)


class RaisesAsItGoes:
    """An object whose `__del__` a signal interrupts: Python cannot pass that exception on, and drops it."""

    def __del__(self) -> None:
        signal.raise_signal(signal.SIGTERM)


def test_an_interrupt_swallowed_during_start_up_still_stops_the_command(
    saved_handlers: None, capsys: pytest.CaptureFixture[str]
) -> None:
    # As the garbage collector may run a `__del__` in the middle of an import: the exception is lost there.
    raise_on_stop_signals()
    RaisesAsItGoes()
    assert "Interrupted" not in capsys.readouterr().err  # no "Exception ignored" traceback
    with StopRequests(final=True) as stops:
        assert stops.signum == signal.SIGTERM  # it stops before anything starts
    assert late_signal() == signal.SIGTERM  # and the command's exit code says so


@pytest.mark.usefixtures("saved_handlers")
def test_two_stop_signals_at_once_raise_once_and_print_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    raise_on_stop_signals()
    both = {signal.SIGHUP, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, both)
    signal.raise_signal(signal.SIGHUP)
    signal.raise_signal(signal.SIGINT)
    with pytest.raises(Interrupted) as stopped:
        # Unblocked together, both are marked before Python runs the first handler, which ignores
        # the rest: CPython then reports the second as "ignored due to race condition".
        signal.pthread_sigmask(signal.SIG_UNBLOCK, both)
    signal.pthread_sigmask(signal.SIG_BLOCK, set())  # checks the pending signals again: the second one's turn
    assert stopped.value.signum == signal.SIGHUP
    assert capfd.readouterr().err == ""
