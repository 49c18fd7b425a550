"""Running a lesson's coroutine on the real clock or the virtual one."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

from simul.core.clock import virtual_event_loop

T = TypeVar("T")


def run(main: Coroutine[Any, Any, T], virtual: bool) -> T:
    """`asyncio.run(main)`, on a virtual loop if asked: the same output, without the waiting."""
    with asyncio.Runner(loop_factory=virtual_event_loop if virtual else None) as runner:
        return runner.run(main)
