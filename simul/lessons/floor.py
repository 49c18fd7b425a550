"""Lesson: under the floor, `asyncio.sleep` is a future and a timer; simul's clock and circuit are a loop in small."""

from __future__ import annotations

import asyncio

from simul.core.clock import PacedClock
from simul.core.config import ExhibitionConfig, ThinkTime
from simul.core.exhibition import Exhibition
from simul.core.grandmaster import CircuitGrandmaster
from simul.loop.event_loop import PassRecord, SimulLoop, run
from simul.loop.handles import describe
from simul.loop.internals import callback_of, timer_heap, waiter_of

CONFIG = ExhibitionConfig(boards=4, think=ThinkTime(1.0, 6.0), gm_move=1.0, max_moves=3, seed=3)
LOOK_AT = 2.5
"""When to look at the room and the floor side by side (simulated seconds)."""


async def a_sleep_taken_apart() -> None:
    loop = asyncio.get_running_loop()
    assert isinstance(loop, SimulLoop)
    start = loop.time()
    task = asyncio.create_task(asyncio.sleep(3), name="opponent 1")
    await asyncio.sleep(0)  # its first step: it reaches its await
    waiter = waiter_of(task)
    (timer,) = [timer for timer in timer_heap(loop) if describe(timer).label == "opponent 1"]
    callback = callback_of(timer)
    print("task = create_task(asyncio.sleep(3)): after its first step it is suspended on")
    print(f"  a future: {type(waiter).__name__}, pending; when done it will call the task's wake-up")
    due, name = timer.when() - start, getattr(callback, "__name__", "?")
    print(f"  and the loop's timer heap holds a TimerHandle due at {due:.1f} s,")
    print(f"  calling {name}(future): all a timer does is complete that future")
    records: list[PassRecord] = []
    loop.observe_passes(records.append)
    await task
    loop.observe_passes(None)
    for record in records:
        fired = [f"timer for {view.label}" for view in record.timers]
        ran = [view.label for view in record.ready if view.label == "opponent 1"]
        if fired or ran:
            what = "; ".join([*fired, *(f"{label} runs: its await returns" for label in ran)])
            jumped = " (the virtual clock jumped there)" if record.jumped else ""
            print(f"  pass at {record.at - start:.1f} s{jumped}: {what}")


async def room_and_floor() -> None:
    loop = asyncio.get_running_loop()
    start = loop.time()
    exhibition = Exhibition(CONFIG, PacedClock())
    assert isinstance(exhibition.grandmaster, CircuitGrandmaster)
    circuit = exhibition.grandmaster.circuit
    async with asyncio.TaskGroup() as group:
        group.create_task(exhibition.run())
        await asyncio.sleep(LOOK_AT)
        print(f"At {LOOK_AT:g} s, {CONFIG.boards} tables; the room (her circuit) and the floor (the loop):")
        expected = ", ".join(f"table {number} at {at:.2f}" for at, number in circuit.expected())
        print(f"  circuit, tables expected:  {expected}")
        timers = sorted(timer_heap(loop), key=asyncio.TimerHandle.when)
        live = [timer for timer in timers if not timer.cancelled() and describe(timer).label != "lag monitor"]
        names = ", ".join(f"{describe(timer).label} at {timer.when() - start:.2f}" for timer in live)
        print(f"  loop, timers in its heap:  {names}")
        print(f"  circuit, tables ready:     {circuit.ready() or 'none'}")


def show(virtual: bool) -> None:
    run(a_sleep_taken_apart(), virtual=virtual)
    print("simul's clock.sleep_until(deadline) is built of the same two pieces: a future, and")
    print("a call_later that completes it. Her circuit is a loop in small, on top of the real one:")
    run(room_and_floor(), virtual=virtual)
    print("A heap of times and a list of what is ready: the loop's own design, one level up.")
