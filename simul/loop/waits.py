"""What a suspended task is waiting for: a timer, an event, I/O, a queue, a lock, other tasks, a thread.

A task suspended in `await` waits for one future (`_fut_waiter`). It keeps
pointing at that future until its next step begins: once the future is done,
the task's wake-up is already in the ready queue (`call_soon`), so the task is
ready, whatever it waited for. Until then, who will complete the future says
what kind of wait it is: a timer in the loop's heap (`asyncio.sleep`, simul's
clock), a callback registered with the selector (I/O), or code in some other
task (an `asyncio.Event`, a `Queue`, a `Lock`). The first two are read off the
loop; for the rest, the chain of coroutines the task is suspended in
(`cr_await`) names the primitive it awaits. python-chess's engine protocol is
named too: its answer future is completed by the bytes the selector reports on
the engine's pipe, so a task awaiting it waits on I/O.
"""

from __future__ import annotations

import asyncio
import enum
from typing import Any

from simul.loop.internals import args_of, registered_handles, timer_heap, waiter_of


class WaitKind(enum.Enum):
    """What a task waits for."""

    READY = "ready"
    """Nothing: its step or wake-up is queued (or held back by step mode), or it is running.

    It has no `_fut_waiter`, or that future is already done: a task keeps its
    `_fut_waiter` until its next step starts, so one woken by a timer, an event
    or a cancellation still points at the future that woke it.
    """
    TIMER = "timer"
    """A timer in the loop's heap: `asyncio.sleep`, simul's clock."""
    IO = "I/O"
    """A file or socket the selector watches: a pipe to an engine, a network connection."""
    EVENT = "event"
    """An `asyncio.Event` (or `Condition`) another task will set."""
    QUEUE = "queue"
    """An `asyncio.Queue` another task will put to or take from."""
    LOCK = "lock"
    """An `asyncio.Lock` or `Semaphore` another task holds."""
    TASKS = "tasks"
    """Other tasks to finish: a task group, `gather`, `wait`, or one awaited task."""
    THREAD = "thread"
    """Work in a thread or a process (`to_thread`, `run_in_executor`)."""
    OTHER = "other"
    """A future some other code will complete."""


PRIMITIVES: tuple[tuple[str, WaitKind], ...] = (
    ("StreamReader.", WaitKind.IO),
    ("Process.", WaitKind.IO),
    ("BaseEventLoop.sock_", WaitKind.IO),
    ("Event.wait", WaitKind.EVENT),
    ("Condition.wait", WaitKind.EVENT),
    ("Queue.get", WaitKind.QUEUE),
    ("Queue.put", WaitKind.QUEUE),
    ("Lock.acquire", WaitKind.LOCK),
    ("Semaphore.acquire", WaitKind.LOCK),
    ("BoundedSemaphore.acquire", WaitKind.LOCK),
    ("TaskGroup.", WaitKind.TASKS),
    ("wait", WaitKind.TASKS),
    ("wait_for", WaitKind.TASKS),
    ("to_thread", WaitKind.THREAD),
    ("Protocol.communicate", WaitKind.IO),
)
"""asyncio's own coroutines (and python-chess's engine protocol), by qualified name (exact, or a prefix
ending in "." or "_"), and their wait."""
NAMED_MODULES = ("asyncio.", "chess.engine")
"""The modules whose coroutines `awaited_names` reports."""


def awaited_names(task: asyncio.Task[Any]) -> list[str]:
    """The qualified names of asyncio's and python-chess's engine coroutines a task is suspended in, innermost first."""
    chain: list[str] = []
    awaitable: Any = task.get_coro()
    while awaitable is not None and hasattr(awaitable, "cr_await"):
        frame = getattr(awaitable, "cr_frame", None)
        module = frame.f_globals.get("__name__", "") if frame is not None else ""
        if str(module).startswith(NAMED_MODULES):
            chain.append(getattr(awaitable, "__qualname__", ""))
        awaitable = awaitable.cr_await
    return chain[::-1]


def _matches(name: str, pattern: str) -> bool:
    return name.startswith(pattern) if pattern.endswith((".", "_")) else name == pattern


class WaitFinder:
    """Classifies tasks' waits against one reading of the loop's timers and selector."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._timer_futures = _futures_in(timer_heap(loop))
        self._io_futures = _futures_in(registered_handles(loop))

    def kind(self, task: asyncio.Task[Any]) -> WaitKind:
        """What `task` waits for."""
        waiter = waiter_of(task)
        # A done future has already queued the task's wake-up: the wait is over, whatever it was.
        if waiter is None or waiter.done():
            return WaitKind.READY
        if id(waiter) in self._timer_futures:
            return WaitKind.TIMER
        if id(waiter) in self._io_futures:
            return WaitKind.IO
        for name in awaited_names(task):
            for pattern, kind in PRIMITIVES:
                if _matches(name, pattern):
                    return kind
        # Awaited directly, not through one of asyncio's coroutines.
        if isinstance(waiter, asyncio.Task) or type(waiter).__name__ == "_GatheringFuture":
            return WaitKind.TASKS
        return WaitKind.OTHER


def _futures_in(handles: list[asyncio.TimerHandle] | list[asyncio.Handle]) -> set[int]:
    return {
        id(arg)
        for handle in handles
        if not handle.cancelled()
        for arg in args_of(handle)
        if isinstance(arg, asyncio.Future)
    }
