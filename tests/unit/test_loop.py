"""simul's event loop: asyncio's own order, virtual time, holds, counters, watched and stepped passes."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time

import pytest

from simul.loop.event_loop import POLL_EVERY, PassRecord, SimulLoop, run, virtual_loop
from simul.loop.handles import HandleKind, describe, task_label
from simul.loop.internals import missing_internals, ready_queue
from simul.loop.pass_times import PassTimes
from simul.loop.snapshot import take_snapshot
from simul.loop.waits import WaitKind


def test_this_python_has_every_internal_the_loop_reads() -> None:
    assert missing_internals() == ()


def test_the_tests_run_on_the_virtual_loop() -> None:
    async def which() -> asyncio.AbstractEventLoop:
        return asyncio.get_running_loop()

    loop = run(which(), virtual=True)
    assert isinstance(loop, SimulLoop)
    assert loop.virtual


async def test_an_hour_of_sleep_passes_at_once_and_exactly() -> None:
    loop = asyncio.get_running_loop()
    assert isinstance(loop, SimulLoop)
    started, wall = loop.time(), time.perf_counter()
    await asyncio.sleep(3600)
    assert loop.time() - started == 3600  # exactly: the clock jumped to the timer's due time
    assert time.perf_counter() - wall < 5  # generous: no real hour was waited


async def test_timers_fire_in_due_order_and_the_ready_queue_is_first_come_first_served() -> None:
    order: list[str] = []

    async def sleeper(name: str, seconds: float) -> None:
        await asyncio.sleep(seconds)
        order.append(name)

    async with asyncio.TaskGroup() as group:
        for name, seconds in (("c", 3.0), ("a", 1.0), ("b", 2.0), ("a2", 1.0)):
            group.create_task(sleeper(name, seconds))
    # Due times first; the two due at 1.0 s came due in the same pass and ran in the order
    # their timers were set: asyncio promises no order for equal due times, the heap gave this one.
    assert order == ["a", "a2", "b", "c"]


async def test_a_jump_is_counted_and_the_selector_timeout_recorded() -> None:
    loop = asyncio.get_running_loop()
    assert isinstance(loop, SimulLoop)
    jumps = loop.jumps
    await asyncio.sleep(5)
    assert loop.jumps == jumps + 1
    assert loop.last_timeout == 0  # the pass that woke us found us ready
    await asyncio.sleep(0)
    assert loop.jumps == jumps + 1  # a zero sleep yields one pass and needs no jump


async def test_each_bare_yield_is_one_pass() -> None:
    loop = asyncio.get_running_loop()
    assert isinstance(loop, SimulLoop)
    before = loop.passes
    for _ in range(10):
        await asyncio.sleep(0)
    assert loop.passes - before == 10


async def test_a_hold_moves_the_virtual_clock_and_makes_timers_late() -> None:
    loop = asyncio.get_running_loop()
    assert isinstance(loop, SimulLoop)
    woke_at: list[float] = []

    async def timer_due_at_one() -> None:
        await asyncio.sleep(1.0)
        woke_at.append(loop.time())

    start = loop.time()
    task = asyncio.create_task(timer_due_at_one())
    await asyncio.sleep(0)  # its timer is set
    loop.hold(2.5)  # synchronous work: nothing else runs meanwhile
    assert loop.time() - start == 2.5
    await task
    assert woke_at == [start + 2.5]  # due at 1.0 s, run at 2.5 s: 1.5 s late
    assert loop.held_seconds == 2.5


def test_a_hold_on_the_real_clock_holds_the_thread() -> None:
    loop = SimulLoop()
    try:
        started = time.perf_counter()
        loop.hold(0.01)
        assert time.perf_counter() - started >= 0.01
    finally:
        loop.close()


async def test_handles_are_named_by_the_task_they_step_or_wake() -> None:
    loop = asyncio.get_running_loop()
    task = asyncio.create_task(asyncio.sleep(10), name="opponent 7")
    (step,) = [describe(handle) for handle in ready_queue(loop)]
    assert (step.label, step.kind, step.origin) == ("opponent 7", HandleKind.STEP, "asyncio")
    await asyncio.sleep(0)
    snapshot = take_snapshot(loop)
    timer = next(view for view in snapshot.timers if view.handle.label == "opponent 7")
    assert timer.handle.kind is HandleKind.WAKES
    assert timer.due_in == pytest.approx(10.0)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def test_an_unnamed_task_is_named_by_its_coroutine() -> None:
    async def copy_scoresheets() -> None:
        await asyncio.sleep(1)

    task = asyncio.create_task(copy_scoresheets())
    assert task_label(task) == "tests: test_an_unnamed_task_is_named_by_its_coroutine.<locals>.copy_scoresheets"
    await task


async def test_the_snapshot_counts_what_each_task_waits_for() -> None:
    loop = asyncio.get_running_loop()
    event, queue, lock = asyncio.Event(), asyncio.Queue[int](), asyncio.Lock()
    read_end, write_end = os.pipe()
    reader = asyncio.StreamReader()
    transport, _ = await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(read_end))
    await lock.acquire()
    released = threading.Event()

    async def group_of_one() -> None:
        async with asyncio.TaskGroup() as group:
            group.create_task(asyncio.sleep(100))

    waiting = [
        asyncio.create_task(asyncio.sleep(100)),
        asyncio.create_task(event.wait()),
        asyncio.create_task(queue.get()),
        asyncio.create_task(lock.acquire()),
        asyncio.create_task(reader.read(1)),
        asyncio.create_task(asyncio.to_thread(released.wait)),
        asyncio.create_task(group_of_one()),
    ]
    try:
        for _ in range(3):
            await asyncio.sleep(0)  # every task reaches its wait
        snapshot = take_snapshot(loop)
        waits = snapshot.waits
        assert waits.get(WaitKind.TIMER) == 2  # the sleep, and the one inside the task group
        assert waits.get(WaitKind.EVENT) == 1
        assert waits.get(WaitKind.QUEUE) == 1
        assert waits.get(WaitKind.LOCK) == 1
        assert waits.get(WaitKind.IO) == 1
        assert waits.get(WaitKind.THREAD) == 1
        assert waits.get(WaitKind.TASKS) == 1
        assert waits.get(WaitKind.READY) == 1  # this test, taking the snapshot
        assert snapshot.tasks == len(waiting) + 2  # and the task group's inner sleep
    finally:
        released.set()
        for task in waiting:
            task.cancel()
        await asyncio.gather(*waiting, return_exceptions=True)
        transport.close()
        os.close(write_end)


async def test_a_task_whose_awaited_future_is_done_counts_as_ready() -> None:
    # A task keeps its `_fut_waiter` until its wake-up runs: set, the event has only queued them.
    event = asyncio.Event()
    waiting = [asyncio.create_task(event.wait(), name=f"w{index}") for index in range(3)]
    await asyncio.sleep(0)
    assert take_snapshot(asyncio.get_running_loop()).waits.get(WaitKind.EVENT) == 3
    event.set()
    waits = take_snapshot(asyncio.get_running_loop()).waits
    assert waits.get(WaitKind.EVENT, 0) == 0
    assert waits.get(WaitKind.READY) == 4  # the three woken, and this test, running
    await asyncio.gather(*waiting)


async def test_a_task_woken_by_its_timer_or_a_cancellation_counts_as_ready() -> None:
    loop = asyncio.get_running_loop()
    assert isinstance(loop, SimulLoop)
    sleeper = asyncio.create_task(asyncio.sleep(1), name="sleeper")
    doomed = asyncio.create_task(asyncio.sleep(100), name="doomed")
    seen: list[dict[WaitKind, int]] = []

    def after_the_timer(record: PassRecord) -> None:
        # The pass that fired the sleeper's timer has queued its wake-up, not run it.
        if any(view.label == "sleeper" for view in record.timers):
            seen.append(take_snapshot(loop).waits)

    loop.observe_passes(after_the_timer)
    try:
        await sleeper
    finally:
        loop.observe_passes(None)
    assert seen[0].get(WaitKind.READY) == 1  # the sleeper; this test and the doomed one still wait
    assert seen[0].get(WaitKind.OTHER, 0) == 0
    doomed.cancel()
    waits = take_snapshot(loop).waits
    assert waits.get(WaitKind.TIMER, 0) == 0  # its timer is still in the heap, but its future is cancelled
    assert waits.get(WaitKind.READY) == 2
    with pytest.raises(asyncio.CancelledError):
        await doomed


async def test_every_pass_can_be_watched_with_what_it_ran() -> None:
    loop = asyncio.get_running_loop()
    assert isinstance(loop, SimulLoop)
    records: list[PassRecord] = []
    loop.observe_passes(records.append)
    try:
        task = asyncio.create_task(asyncio.sleep(2), name="opponent 3")
        await asyncio.sleep(5)
    finally:
        loop.observe_passes(None)
    await task
    stepped = [view.label for record in records for view in record.ready if view.kind is HandleKind.STEP]
    fired = [view.label for record in records for view in record.timers]
    assert stepped.count("opponent 3") == 2  # its first step, then its wake-up after the timer
    assert "opponent 3" in fired
    jumped = [record for record in records if record.jumped]
    assert [record.at for record in jumped] == [2.0, 5.0]
    assert all(record.number > 0 for record in records)


async def test_step_mode_runs_the_held_tasks_one_pass_at_a_time() -> None:
    loop = asyncio.get_running_loop()
    assert isinstance(loop, SimulLoop)
    steps: list[int] = []

    async def ping_pong(name: str, rounds: int) -> None:
        for index in range(rounds):
            steps.append(index)
            await asyncio.sleep(0)

    room = asyncio.create_task(ping_pong("room", 3), name="room")
    loop.hold_back(lambda handle: describe(handle).label == "room")
    try:
        for _ in range(5):
            await asyncio.sleep(0)
        assert steps == []  # held: five passes went by and it never ran
        assert [describe(handle).label for handle in loop.held] == ["room"]
        for expected in ([0], [0, 1], [0, 1, 2]):
            loop.release_one_pass()
            for _ in range(3):
                await asyncio.sleep(0)  # several passes: only the released one steps the room
            assert steps == expected
    finally:
        loop.release()
    await room
    assert not loop.holding


async def test_release_gives_back_every_held_handle() -> None:
    loop = asyncio.get_running_loop()
    assert isinstance(loop, SimulLoop)
    task = asyncio.create_task(asyncio.sleep(0), name="held")
    loop.hold_back(lambda handle: describe(handle).label == "held")
    await asyncio.sleep(0)
    assert len(loop.held) == 1
    loop.release()
    assert loop.held == type(loop.held)()
    await task


def test_pass_times_give_percentiles_within_a_few_percent() -> None:
    times = PassTimes()
    for microseconds in range(1, 1001):
        times.record(microseconds * 1e-6)
    assert times.count == 1000
    assert times.max == pytest.approx(1e-3)
    assert times.percentile(0.5) == pytest.approx(500e-6, rel=0.05)
    assert times.percentile(0.99) == pytest.approx(990e-6, rel=0.05)
    assert PassTimes().percentile(0.5) == 0.0


def test_the_same_program_gives_the_same_passes_on_the_virtual_clock() -> None:
    def trace() -> list[tuple[int, float, tuple[str, ...]]]:
        loop = virtual_loop()
        records: list[PassRecord] = []
        loop.observe_passes(records.append)

        async def main() -> None:
            async def sleeper(index: int) -> None:
                for _ in range(3):
                    await asyncio.sleep(0.1 * (index % 4))

            async with asyncio.TaskGroup() as group:
                for index in range(20):
                    group.create_task(sleeper(index), name=f"sleeper {index}")

        try:
            loop.run_until_complete(main())
        finally:
            loop.close()
        return [(record.number, record.at, tuple(view.label for view in record.ready)) for record in records]

    assert trace() == trace()


async def test_the_virtual_clock_waits_for_a_thread_instead_of_jumping_its_timeout() -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    gate = threading.Event()
    threading.Timer(0.01, gate.set).start()  # real work, 10 ms of it
    async with asyncio.timeout(300):  # a jump to this timer would cancel the wait
        await asyncio.to_thread(gate.wait)
    assert loop.time() == started  # the thread's work took no virtual time


class _CountingSelector:
    """Wraps a selector's `select` to count the system calls the loop makes."""

    def __init__(self, loop: SimulLoop) -> None:
        self.selects = 0
        floor = loop._selector  # type: ignore[attr-defined]
        self._select = floor.inner.select
        floor.inner.select = self._count

    def _count(self, timeout: float | None = None) -> list[object]:
        self.selects += 1
        return self._select(timeout)  # type: ignore[no-any-return]


async def test_the_virtual_clock_asks_the_kernel_once_in_many_passes_when_no_io_is_registered() -> None:
    loop = asyncio.get_running_loop()
    assert isinstance(loop, SimulLoop)
    counter = _CountingSelector(loop)
    passes = loop.passes
    for _ in range(10 * POLL_EVERY):
        await asyncio.sleep(0)
    assert loop.passes - passes >= 10 * POLL_EVERY
    assert 9 <= counter.selects <= 11  # once every POLL_EVERY passes: the self-pipe is still drained


async def test_the_virtual_clock_still_polls_every_pass_while_a_file_is_registered() -> None:
    loop = asyncio.get_running_loop()
    assert isinstance(loop, SimulLoop)
    reader, writer = os.pipe()
    try:
        got: asyncio.Future[bytes] = loop.create_future()
        loop.add_reader(reader, lambda: got.set_result(os.read(reader, 10)) if not got.done() else None)
        counter = _CountingSelector(loop)
        for _ in range(100):
            await asyncio.sleep(0)
        assert counter.selects >= 100
        os.write(writer, b"move")
        assert await asyncio.wait_for(got, 10) == b"move"
    finally:
        loop.remove_reader(reader)
        os.close(reader)
        os.close(writer)


async def test_a_callback_from_a_thread_runs_though_the_kernel_was_not_asked() -> None:
    loop = asyncio.get_running_loop()
    ran = asyncio.Event()
    thread = threading.Thread(target=loop.call_soon_threadsafe, args=(ran.set,))
    thread.start()
    thread.join()
    await asyncio.sleep(0)  # the next pass runs it: it was queued, not left in the self-pipe
    await asyncio.sleep(0)
    assert ran.is_set()


async def test_a_signal_handler_added_to_the_loop_runs_within_one_poll_of_the_kernel() -> None:
    loop = asyncio.get_running_loop()
    got = asyncio.Event()
    loop.add_signal_handler(signal.SIGUSR1, got.set)
    try:
        signal.raise_signal(signal.SIGUSR1)  # its number waits in the self-pipe until the loop reads it
        for _ in range(POLL_EVERY + 2):
            if got.is_set():
                break
            await asyncio.sleep(0)
        assert got.is_set()
    finally:
        loop.remove_signal_handler(signal.SIGUSR1)


async def test_a_callback_queued_after_the_timeout_was_reckoned_stops_the_jump() -> None:
    loop = asyncio.get_running_loop()
    assert isinstance(loop, SimulLoop)
    timer = loop.call_later(3600, lambda: None)
    try:
        # As a thread's call_soon_threadsafe would, after this pass reckoned its timeout (an hour):
        loop.call_soon(lambda: None)
        before = loop.time()
        loop._poll(loop._selector, 3600.0)  # type: ignore[attr-defined]
        assert loop.time() == before  # stock asyncio's select would have returned at once: no jump either
    finally:
        timer.cancel()
