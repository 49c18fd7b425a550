"""The private parts of CPython's asyncio that simul reads, all in one place, each one guarded.

asyncio's selector loop keeps its ready queue in `_ready` (a deque of handles
run first come, first served), its timers in `_scheduled` (a heap ordered by
due time), and runs one pass of the loop in `_run_once`. A task's step and
wake-up are scheduled as handles whose callback is bound to the task; a task
suspended in an `await` holds the future it waits for in `_fut_waiter`. None
of this is public API: it has held from CPython 3.11 to 3.13 (tested), and
where a future version drops a name, these functions return nothing rather
than raise, so the view goes blank instead of the program failing.
"""

from __future__ import annotations

import asyncio
import collections
import functools
import selectors
from collections.abc import Callable, Sequence
from typing import Any, cast

REQUIRED = ("_ready", "_scheduled", "_selector", "_run_once", "_process_events", "_clock_resolution")
"""What `SimulLoop` builds on: checked when the loop is made."""


@functools.cache
def missing_internals() -> tuple[str, ...]:
    """The loop internals simul needs that this Python's asyncio lacks (none on CPython 3.11-3.13)."""
    probe = asyncio.SelectorEventLoop()
    try:
        return tuple(name for name in REQUIRED if not hasattr(probe, name))
    finally:
        probe.close()


def ready_queue(loop: asyncio.AbstractEventLoop) -> collections.deque[asyncio.Handle]:
    """The loop's ready queue: the handles waiting to run, first come, first served."""
    queue = getattr(loop, "_ready", None)
    return queue if isinstance(queue, collections.deque) else collections.deque()


def timer_heap(loop: asyncio.AbstractEventLoop) -> list[asyncio.TimerHandle]:
    """The loop's timers, as a heap: the first is the next due (cancelled ones may linger)."""
    heap = getattr(loop, "_scheduled", None)
    return heap if isinstance(heap, list) else []


def registered_handles(loop: asyncio.AbstractEventLoop) -> list[asyncio.Handle]:
    """The callbacks registered with the loop's selector, to run when their file is ready (I/O)."""
    selector = getattr(loop, "_selector", None)
    if not isinstance(selector, selectors.BaseSelector):
        return []
    found: list[asyncio.Handle] = []
    for key in list(selector.get_map().values()):
        if isinstance(key.data, tuple):
            found.extend(handle for handle in key.data if isinstance(handle, asyncio.Handle))
    return found


def callback_of(handle: asyncio.Handle) -> Callable[..., Any] | None:
    """The function a handle will call (None once it is cancelled)."""
    return cast("Callable[..., Any] | None", getattr(handle, "_callback", None))


def args_of(handle: asyncio.Handle) -> Sequence[Any]:
    """The arguments a handle will call its function with."""
    args = getattr(handle, "_args", None)
    return args if isinstance(args, tuple) else ()


def is_cancelled(handle: asyncio.Handle) -> bool:
    """Whether the loop will skip this handle."""
    return bool(getattr(handle, "_cancelled", False))


def waiter_of(task: asyncio.Task[Any]) -> asyncio.Future[Any] | None:
    """The future a task last suspended on (None before its first step, after a bare yield, or while it runs).

    The task clears it only when its next step starts, so a done future here
    means the wake-up is queued: the task is ready.
    """
    waiter = getattr(task, "_fut_waiter", None)
    return waiter if isinstance(waiter, asyncio.Future) else None


def done_callbacks(future: asyncio.Future[Any]) -> list[Callable[..., Any]]:
    """The functions a pending future will call when it is done (a waiting task's wake-up among them)."""
    entries = getattr(future, "_callbacks", None) or ()
    return [entry[0] for entry in entries if isinstance(entry, tuple) and entry]
