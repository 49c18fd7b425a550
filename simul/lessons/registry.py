"""The lessons, by name, in the order they are taught."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from simul.lessons import (
    assistants,
    blocking,
    cancel,
    coroutine,
    debug,
    failure,
    floor,
    gather,
    gil,
    policies,
    running,
    suspend,
    task,
    timeout,
    tray,
    waiting,
)

Show = Callable[[bool], None]
"""Runs a lesson's demonstration: on a virtual loop if told so, printing as it goes."""


@dataclass(frozen=True, slots=True)
class LessonDemo:
    """One lesson's live demonstration."""

    name: str
    title: str
    show: Show
    virtual: bool
    """Whether it can run on the virtual clock (the same output, without the waiting)."""


LESSONS = {
    lesson.name: lesson
    for lesson in (
        LessonDemo(
            "coroutine", "async def returns a coroutine: nothing runs until something drives it", coroutine.show, True
        ),
        LessonDemo("await", "await: a pending await suspends the task; the loop runs the others", waiting.show, True),
        LessonDemo("suspend", "await does not always suspend, and what that means for fairness", suspend.show, True),
        LessonDemo("run", "asyncio.run: start the loop, run main(), clean up, close the loop", running.show, True),
        LessonDemo("gather", "asyncio.gather: two thinks at once take the longer time, not the sum", gather.show, True),
        LessonDemo(
            "failure", "one table raises: gather leaves the rest running, a TaskGroup cancels", failure.show, True
        ),
        LessonDemo("task", "asyncio.create_task: queued, not run; kept, then awaited", task.show, True),
        LessonDemo(
            "blocking", "the blocking rule: time.sleep vs await asyncio.sleep vs to_thread", blocking.show, False
        ),
        LessonDemo("debug", "debug mode: asyncio names the callback that held the thread", debug.show, False),
        LessonDemo("cancel", "cancellation: a resignation cancels a thinking opponent's task", cancel.show, True),
        LessonDemo("timeout", "the flag falls: asyncio.timeout as a chess clock", timeout.show, True),
        LessonDemo("assistants", "asyncio.Semaphore: k assistants carry the moves", assistants.show, True),
        LessonDemo("tray", "asyncio.Queue: the arbiter's tray, first come, first served", tray.show, True),
        LessonDemo(
            "floor", "under the floor: a sleep is a future and a timer; her circuit, a small loop", floor.show, True
        ),
        LessonDemo("loop", "the round policy against the loop's own order, on one seed", policies.show, True),
        LessonDemo("gil", "the GIL: threads take turns at Python code; processes do not", gil.show, False),
    )
}
