"""Lesson: asyncio's debug mode names the callback that held the thread too long (PYTHONASYNCIODEBUG=1)."""

from __future__ import annotations

import logging
import re

from simul.core.clock import PacedClock
from simul.core.config import ExhibitionConfig, ThinkTime
from simul.core.exhibition import Exhibition
from simul.loop.event_loop import SimulLoop, run

CONFIG = ExhibitionConfig(boards=2, think=ThinkTime(1.0, 1.0), gm_move=0.5, max_moves=2, seed=1)
SPEED = 20.0
BLOCK = 0.3
"""Real seconds of her `time.sleep`: past asyncio's 0.1 s `slow_callback_duration`."""
TASK_NAME = re.compile(r"<Task \w+ name='([^']+)'")


class Warnings(logging.Handler):
    """Keeps what asyncio's own logger says."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(record)


def show(virtual: bool) -> None:
    exhibition = Exhibition(CONFIG, PacedClock(SPEED))
    exhibition.grandmaster.block_next_move(BLOCK)  # the TUI's `b`: time.sleep in async def
    caught = Warnings()
    asyncio_logger = logging.getLogger("asyncio")
    asyncio_logger.addHandler(caught)
    loop = SimulLoop()
    loop.set_debug(True)  # what PYTHONASYNCIODEBUG=1 (or python -X dev) turns on for every loop
    try:
        run(exhibition.run(), loop=loop)  # in an asyncio.Runner, as asyncio.run does; the loop is closed after
    finally:
        asyncio_logger.removeHandler(caught)
    print(f"A short exhibition in debug mode; at her first move she calls time.sleep({BLOCK:g}).")
    print(f"asyncio warns of every callback that holds the thread for {loop.slow_callback_duration:g} s or longer:")
    for record in caught.seen:
        message = record.getMessage()
        name = TASK_NAME.search(message)
        took = message.rsplit(" took ", 1)[-1]
        print(f"  asyncio: Executing <Task name={name[1]!r} ...> took {took}" if name else f"  asyncio: {message}")
    print("It names her task: the blocking call is in the grandmaster's step. The same works for any")
    print("asyncio program: PYTHONASYNCIODEBUG=1 python app.py, or python -X dev app.py.")
