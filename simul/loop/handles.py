"""Naming what sits in the loop: a handle by the task it steps or wakes, a task by its name and origin."""

from __future__ import annotations

import asyncio
import enum
import re
from dataclasses import dataclass
from typing import Any

from simul.loop.internals import args_of, callback_of, done_callbacks

DEFAULT_TASK_NAME = re.compile(r"Task-\d+")
"""The name asyncio gives a task created without one."""


class HandleKind(enum.Enum):
    """What running a handle will do."""

    STEP = "step"
    """Run a task's coroutine to its next suspension (its first step, or its wake-up after an await)."""
    WAKES = "wakes"
    """Complete a future that a task awaits (a fired timer's callback, say): that queues the task's wake-up."""
    CALLBACK = "callback"
    """A plain callback, tied to no task (a selector's wake-up, a `call_soon` function)."""


@dataclass(frozen=True, slots=True)
class HandleView:
    """One handle, named for a person."""

    label: str
    """The task it steps or wakes ("opponent 12"), or the function it calls."""
    kind: HandleKind
    origin: str
    """Whose code it runs: "simul", "textual", "asyncio", ... (the top package)."""


def origin_of(task: asyncio.Task[Any]) -> str:
    """The top package of a task's coroutine: who created it."""
    coro = task.get_coro()
    frame = getattr(coro, "cr_frame", None)
    module = frame.f_globals.get("__name__", "") if frame is not None else getattr(coro, "__module__", "")
    return str(module or "").partition(".")[0]


def task_label(task: asyncio.Task[Any]) -> str:
    """A task's name; for an unnamed one, its coroutine's, with whose code it is ("textual: ...")."""
    name = task.get_name()
    if not DEFAULT_TASK_NAME.fullmatch(name):
        return name
    name = getattr(task.get_coro(), "__qualname__", name)
    origin = origin_of(task)
    return name if origin in ("simul", "") else f"{origin}: {name}"


def waiting_task(future: asyncio.Future[Any]) -> asyncio.Task[Any] | None:
    """The task that wakes when `future` is done, if one awaits it."""
    for callback in done_callbacks(future):
        owner = getattr(callback, "__self__", None)
        if isinstance(owner, asyncio.Task):
            return owner
    return None


def task_stepped_by(handle: asyncio.Handle) -> asyncio.Task[Any] | None:
    """The task a handle runs a step of (its first step, or its wake-up after an await), if any."""
    owner = getattr(callback_of(handle), "__self__", None)
    return owner if isinstance(owner, asyncio.Task) else None


def task_woken_by(handle: asyncio.Handle) -> asyncio.Task[Any] | None:
    """The task a handle steps, or wakes by completing a future it awaits."""
    owner = getattr(callback_of(handle), "__self__", None)
    if isinstance(owner, asyncio.Task):
        return owner
    for arg in args_of(handle):
        if isinstance(arg, asyncio.Future) and not isinstance(arg, asyncio.Task):
            task = waiting_task(arg)
            if task is not None:
                return task
    return None


def describe(handle: asyncio.Handle) -> HandleView:
    """Name a handle by the task it steps or wakes, else by the function it calls."""
    callback = callback_of(handle)
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, asyncio.Task):
        return HandleView(task_label(owner), HandleKind.STEP, origin_of(owner))
    task = task_woken_by(handle)
    if task is not None:
        return HandleView(task_label(task), HandleKind.WAKES, origin_of(task))
    name = getattr(callback, "__qualname__", None) or repr(callback)
    module = getattr(callback, "__module__", None) or ""
    return HandleView(name, HandleKind.CALLBACK, module.partition(".")[0])
