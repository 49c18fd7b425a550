"""The lessons, by name, in the order they are taught."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from simul.lessons import blocking, cancel, coroutine, gather, gil, running, task, waiting

Show = Callable[[bool], None]
"""Runs a lesson's demonstration: on a virtual loop if told so, printing as it goes."""


@dataclass(frozen=True, slots=True)
class LessonDemo:
    """One lesson's live demonstration."""

    name: str
    title: str
    show: Show
    virtual: bool
    """Whether it can run on the virtual clock (same output, no waiting)."""


LESSONS = {
    lesson.name: lesson
    for lesson in (
        LessonDemo(
            "coroutine", "async def returns a coroutine: nothing runs until the loop runs it", coroutine.show, True
        ),
        LessonDemo("await", "await: the grandmaster yields to the loop while a move is pending", waiting.show, True),
        LessonDemo("run", "asyncio.run: starting the loop, running the room, closing it", running.show, True),
        LessonDemo("gather", "asyncio.gather: two tables at once take the longer time, not the sum", gather.show, True),
        LessonDemo("task", "asyncio.create_task: a background autosave, owned and awaited", task.show, True),
        LessonDemo(
            "blocking", "the blocking rule: time.sleep vs await asyncio.sleep vs to_thread", blocking.show, False
        ),
        LessonDemo(
            "cancel", "TaskGroup and cancellation: a resignation cancels a thinking opponent", cancel.show, True
        ),
        LessonDemo("gil", "the GIL: threads take turns at Python code; processes do not", gil.show, False),
    )
}
