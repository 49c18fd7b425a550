"""Lesson: `asyncio.Queue` as the arbiter's tray: opponents put their moves on it, she takes them in order."""

from __future__ import annotations

import asyncio

import chess

from simul.core.config import ExhibitionConfig, ThinkTime
from simul.core.exhibition import seat_tables
from simul.core.movers import GreedyMover, RandomMover
from simul.loop.event_loop import run

CONFIG = ExhibitionConfig(boards=3, think=ThinkTime(1.0, 3.0), seed=6)
THINKS = {1: 2.0, 2: 1.0, 3: 3.0}
"""Each opponent's think, in seconds: their moves reach the tray in the order 2, 1, 3."""


async def tray_demo() -> None:
    loop = asyncio.get_running_loop()
    start = loop.time()
    tables = seat_tables(CONFIG)
    for table in tables:
        table.board.push_san("d4")  # she has opened everywhere
    tray: asyncio.Queue[tuple[int, chess.Move]] = asyncio.Queue()

    def say(text: str) -> None:
        print(f"{loop.time() - start:4.1f} s  {text}")

    async def opponent(number: int) -> None:
        table = tables[number - 1]
        move = await RandomMover().choose_move(table.board, table.rng)
        await asyncio.sleep(THINKS[number])
        say(f"opponent {number} puts 1... {table.board.san(move)} on the tray")
        await tray.put((number, move))

    async def grandmaster() -> None:
        for _ in tables:
            if tray.empty():
                say("grandmaster: await tray.get(): the tray is empty, her task suspends")
            number, move = await tray.get()
            table = tables[number - 1]
            table.board.push(move)
            reply = GreedyMover().pick(table.board, table.rng)
            say(f"grandmaster takes table {number}'s move and answers 2. {table.board.san(reply)}")
            tray.task_done()

    async with asyncio.TaskGroup() as room:
        for number in THINKS:
            room.create_task(opponent(number))
        room.create_task(grandmaster())


def show(virtual: bool) -> None:
    run(tray_demo(), virtual=virtual)
    print("First come, first served: that is the `urgent` policy, with a queue as its ready list.")
