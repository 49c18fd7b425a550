"""`SimulLoop`: asyncio's own selector event loop, with a virtual clock, counters, and passes you can watch.

It is CPython's `SelectorEventLoop`, unchanged in what it runs and in what
order: each pass (`_run_once`) asks the selector for I/O, without waiting if
something is ready or a timer is due, else at most until the next timer (24 h
at most), or for as long as it takes if there is no timer at all; queues the
callbacks of the files that are ready and of the due
timers; then runs the handles in the ready queue at that point (those queued
before, then the ones just added), first come, first served; whatever those
callbacks schedule waits for the next pass. This subclass adds only what simul
shows of it:

- **virtual time**: when nothing is ready, instead of sleeping until the next
  timer the clock jumps to it (the selector is still polled, without waiting;
  with no file registered but the self-pipe, only once in `POLL_EVERY`
  passes), so hours of timers pass in milliseconds; and `hold(seconds)` moves
  the clock on while a callback holds the thread, as synchronous work would
  take time. While a thread works for the loop (`to_thread`,
  `run_in_executor`), or a process does (an engine's search, marked by
  `outside_work`), the loop first waits for that work for real, at most until
  its next timer, and jumps only if the work is still going: work shorter than
  that gap takes no virtual time;
- **counters**: passes, jumps, the last selector timeout, how long the last
  pass spent running callbacks (and a histogram of them all);
- **passes you can watch**: an observer told what ran in each pass, and a way
  to hold some handles back from the ready queue and let them run one pass at
  a time (the TUI's step mode).

It hooks in at the selector (a wrapper that sees every pass between the poll
and the callbacks) and around `_run_once`, so the loop's own code does the rest.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import contextlib
import selectors
import time
from collections.abc import Callable, Coroutine, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from simul.loop.handles import HandleView, describe
from simul.loop.internals import is_cancelled, missing_internals, ready_queue, timer_heap
from simul.loop.pass_times import PassTimes
from simul.shutdown import StopRequests, interrupted

T = TypeVar("T")

POLL_EVERY = 64
"""On the virtual clock with no I/O registered, the selector is still asked once in this many passes."""

HandlePredicate = Callable[[asyncio.Handle], bool]
"""Decides, for a handle in the ready queue, whether step mode holds it back."""


@dataclass(frozen=True, slots=True)
class PassRecord:
    """What one pass of the loop ran, named when it began."""

    number: int
    """The pass's number, counting from 1."""
    at: float
    """The loop's clock when its callbacks began."""
    timeout: float | None
    """What the selector was asked to wait: 0 when something was ready, None for "until I/O"."""
    jumped: bool
    """Whether the virtual clock jumped to the next timer first."""
    ready: tuple[HandleView, ...]
    """The handles that were in the ready queue: task steps, mostly."""
    io: tuple[HandleView, ...]
    """Callbacks whose file or socket the selector reported ready."""
    timers: tuple[HandleView, ...]
    """Timers that came due."""
    stepped: bool
    """Whether step mode let this pass run what it had held back."""


PassObserver = Callable[[PassRecord], None]


class _FloorSelector(selectors.BaseSelector):
    """The loop's selector, wrapped so that the loop sees each pass between the poll and the callbacks."""

    def __init__(self, inner: selectors.BaseSelector) -> None:
        self.inner = inner
        self.loop: SimulLoop | None = None
        self.registered = 0
        """Files registered: the loop's own self-pipe, and any real I/O (an engine's pipes, say)."""

    def register(self, fileobj: Any, events: int, data: Any = None) -> selectors.SelectorKey:
        key = self.inner.register(fileobj, events, data)
        self.registered += 1
        return key

    def unregister(self, fileobj: Any) -> selectors.SelectorKey:
        key = self.inner.unregister(fileobj)
        self.registered -= 1
        return key

    def modify(self, fileobj: Any, events: int, data: Any = None) -> selectors.SelectorKey:
        return self.inner.modify(fileobj, events, data)

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        loop = self.loop
        if loop is None:
            return self.inner.select(timeout)
        return loop._poll(self, timeout)

    def close(self) -> None:
        self.inner.close()

    def get_key(self, fileobj: Any) -> selectors.SelectorKey:
        return self.inner.get_key(fileobj)

    def get_map(self) -> Mapping[Any, selectors.SelectorKey]:
        return self.inner.get_map()


class SimulLoop(asyncio.SelectorEventLoop):
    """asyncio's selector loop, with virtual time, counters, and passes that can be watched and stepped."""

    def __init__(self, *, virtual: bool = False, start: float = 0.0) -> None:
        missing = missing_internals()
        if missing:
            raise RuntimeError(f"simul's event loop needs CPython's asyncio internals: {', '.join(missing)}")
        selector = _FloorSelector(selectors.DefaultSelector())
        super().__init__(selector)
        self.virtual = virtual
        """Whether the clock jumps over waits (True) or follows the system's monotonic clock."""
        self._now = start
        self.passes = 0
        """Passes of the loop so far: each polls the selector once, then runs what is ready."""
        self.jumps = 0
        """Times the virtual clock jumped to the next timer because nothing was ready."""
        self.held_seconds = 0.0
        """Loop time that callbacks held the thread through `hold`."""
        self.last_timeout: float | None = 0.0
        """What the last pass asked the selector to wait: 0 if something was ready, None for "until I/O"."""
        self.last_pass_seconds = 0.0
        """Real seconds the last finished pass spent running callbacks."""
        self.pass_times = PassTimes()
        """Every pass's callback time."""
        self.held: collections.deque[asyncio.Handle] = collections.deque()
        """Handles step mode holds back from the ready queue, in the order they became ready."""
        self._holds: HandlePredicate | None = None
        self._release_next = False
        self._stepped = False
        self._observer: PassObserver | None = None
        self._planned: PassRecord | None = None
        self._callbacks_started = time.perf_counter()
        self._outside_work = 0
        selector.loop = self

    def time(self) -> float:
        """The loop's clock: virtual seconds since `start`, or the system's monotonic clock."""
        return self._now if self.virtual else time.monotonic()

    def hold(self, seconds: float) -> None:
        """Hold the thread for `seconds` of the loop's clock, as synchronous work in a callback does.

        On the virtual clock the clock moves on by `seconds` (simulated work:
        timers that come due meanwhile run late, as they would); on the real
        clock the thread sleeps. Either way nothing else runs meanwhile.
        """
        if seconds <= 0:
            return
        self.held_seconds += seconds
        if self.virtual:
            self._now += seconds
        else:
            time.sleep(seconds)

    def run_in_executor(  # type: ignore[override]  # typeshed's signature needs TypeVarTuple
        self, executor: concurrent.futures.Executor | None, func: Callable[..., T], *args: Any
    ) -> asyncio.Future[T]:
        """asyncio's `run_in_executor`, counted: while a thread works for the loop, its clock does not jump."""
        future = super().run_in_executor(executor, func, *args)
        self._outside_work += 1
        future.add_done_callback(self._thread_done)
        return future

    async def shutdown_default_executor(self, *args: Any) -> None:
        """asyncio's own, with its joining thread counted as work (3.13's timeout is a loop timer: no jump over it)."""
        with self.outside_work():
            await super().shutdown_default_executor(*args)

    @contextlib.contextmanager
    def outside_work(self) -> Iterator[None]:
        """Mark work done for the loop outside its thread (another process, say): the virtual clock waits for it."""
        self._outside_work += 1
        try:
            yield
        finally:
            self._outside_work -= 1

    def _thread_done(self, future: asyncio.Future[Any]) -> None:
        self._outside_work -= 1

    # Watching and stepping.

    def observe_passes(self, observer: PassObserver | None) -> None:
        """Tell `observer` what each pass ran, after it ran (None stops). It costs a little each pass."""
        self._observer = observer

    def hold_back(self, holds: HandlePredicate) -> None:
        """From the next pass on, keep the ready handles `holds` picks out of the passes, in `held`."""
        self._holds = holds

    def release_one_pass(self) -> None:
        """Let the next pass run every held handle, first, in the order each became ready."""
        self._release_next = True

    def release(self) -> None:
        """Stop holding back: every held handle returns to the front of the ready queue."""
        ready_queue(self).extendleft(reversed(self.held))
        self.held.clear()
        self._holds = None
        self._release_next = self._stepped = False

    @property
    def holding(self) -> bool:
        """Whether step mode is holding handles back."""
        return self._holds is not None

    # The two hooks into CPython's loop.

    def _run_once(self) -> None:
        self.passes += 1
        super()._run_once()  # type: ignore[misc]
        seconds = time.perf_counter() - self._callbacks_started
        self.last_pass_seconds = seconds
        self.pass_times.record(seconds)
        planned, self._planned = self._planned, None
        if planned is not None and self._observer is not None:
            try:
                self._observer(planned)
            except Exception as error:  # outside any callback: it must not stop the loop itself
                self.call_exception_handler({"message": "a pass observer failed", "exception": error})

    def _poll(self, selector: _FloorSelector, timeout: float | None) -> list[tuple[selectors.SelectorKey, int]]:
        """The pass's poll of the selector: where the clock jumps, and where step mode holds handles back."""
        self.last_timeout = timeout
        jumped = False
        if self.virtual and timeout is not None:
            events = self._poll_without_waiting(selector, timeout)
            if timeout and not events and not self._ready:  # type: ignore[attr-defined]
                # Nothing is ready, so the loop would sleep until its next timer: jump there instead.
                # (A thread's `call_soon_threadsafe` may have queued a callback since the timeout was
                # reckoned: its wake-up byte would have stopped the wait, so it stops the jump.)
                heap = self._scheduled  # type: ignore[attr-defined]
                if heap:
                    due = heap[0].when()
                    if due > self._now:
                        self._now, jumped = due, True
                        self.jumps += 1
        else:
            events = selector.inner.select(timeout)
        if self._holds is not None:
            self._hold_or_release()
        if self._observer is not None:
            self._planned = self._plan(events, jumped)
        self._callbacks_started = time.perf_counter()
        return events

    def _poll_without_waiting(
        self, selector: _FloorSelector, timeout: float
    ) -> list[tuple[selectors.SelectorKey, int]]:
        """The virtual clock's poll: it never sleeps, and it asks the kernel only when there may be I/O.

        With nothing registered but the loop's own self-pipe and nothing worked
        on outside the thread, no I/O can be ready: the system call is skipped,
        except every `POLL_EVERY` passes, to drain the self-pipe: a callback sent
        with `call_soon_threadsafe` is queued already, only its wake-up byte
        waits (and `_poll` does not jump while the ready queue holds one). A
        handler from `loop.add_signal_handler` comes through the pipe: it runs
        up to `POLL_EVERY` + 1 passes late, each of which may jump the virtual
        clock. simul's own stop signals use `signal.signal`.
        While a thread or a process works for us, wait for it for real, at most
        until the next timer, instead of jumping over its time.
        """
        if self._outside_work:
            return selector.inner.select(timeout)
        if selector.registered > 1 or self.passes % POLL_EVERY == 0:
            return selector.inner.select(0)
        return []

    def _hold_or_release(self) -> None:
        ready, holds = ready_queue(self), self._holds
        assert holds is not None
        self._stepped = self._release_next
        if self._release_next:
            self._release_next = False
            ready.extendleft(reversed(self.held))
            self.held.clear()
            return
        # A held handle the predicate no longer picks (its task is being cancelled, say) goes back first.
        held, released = self.held, []
        for _ in range(len(held)):
            handle = held.popleft()
            if holds(handle):
                held.append(handle)
            else:
                released.append(handle)
        ready.extendleft(reversed(released))
        for _ in range(len(ready)):
            handle = ready.popleft()
            (self.held if holds(handle) else ready).append(handle)

    def _plan(self, events: list[tuple[selectors.SelectorKey, int]], jumped: bool) -> PassRecord:
        """What this pass is about to run, in order: named now, while a timer's future is still pending."""
        io = [
            handle
            for key, mask in events
            if isinstance(key.data, tuple)
            for handle, flag in zip(key.data, (selectors.EVENT_READ, selectors.EVENT_WRITE), strict=False)
            if mask & flag and isinstance(handle, asyncio.Handle) and not is_cancelled(handle)
        ]
        end = self.time() + getattr(self, "_clock_resolution", 0.0)
        due = sorted((timer for timer in timer_heap(self) if timer.when() < end and not timer.cancelled()), key=_when)
        ready = [handle for handle in ready_queue(self) if not is_cancelled(handle)]
        return PassRecord(
            number=self.passes,
            at=self.time(),
            timeout=self.last_timeout,
            jumped=jumped,
            ready=tuple(map(describe, ready)),
            io=tuple(map(describe, io)),
            timers=tuple(map(describe, due)),
            stepped=self._stepped,
        )


def _when(timer: asyncio.TimerHandle) -> float:
    return timer.when()


def virtual_loop() -> SimulLoop:
    """A new loop on the virtual clock, starting at 0: a loop factory for `asyncio.Runner`."""
    return SimulLoop(virtual=True)


def real_loop() -> SimulLoop:
    """A new loop on the system's clock: a loop factory for `asyncio.Runner`."""
    return SimulLoop(virtual=False)


def run(
    main: Coroutine[Any, Any, T], *, virtual: bool = False, loop: SimulLoop | None = None, signals: bool = True
) -> T:
    """`asyncio.run(main)` on a new `SimulLoop` (virtual if asked), or on `loop`.

    Like `asyncio.Runner`'s Ctrl+C handling (which stands aside once simul's
    handler is installed), a stop signal (SIGINT, SIGTERM or SIGHUP) cancels
    `main` so that every task unwinds at its `await`; then it raises
    `Interrupted`, which the command turns into its exit code. With `signals`
    False, the caller's own signal handlers stay in place.
    """
    loop = loop if loop is not None else SimulLoop(virtual=virtual)
    if not signals:
        with asyncio.Runner(loop_factory=lambda: loop) as runner:
            return runner.run(main)
    with StopRequests() as stops:
        result = stops.run(main, loop)
    if stops.signum is not None:
        raise interrupted(stops.signum)
    return result  # type: ignore[return-value]  # not stopped: `main` returned it
