"""The three walks: the same games, the documented timing, and `loop` as the event loop's own order."""

from __future__ import annotations

import asyncio
import datetime

import pytest

from simul.core.config import GmColor, Policy
from simul.core.events import Event, GameFinished, GrandmasterArrived, MovePlayed, OpponentThinking, Side
from simul.core.exhibition import Exhibition
from simul.loop.event_loop import PassRecord, SimulLoop
from simul.loop.handles import HandleKind
from simul.output.pgn import render_pgn
from tests.unit.helpers import Recorder, make_config, make_exhibition

DAY = datetime.date(2026, 1, 1)


async def played(policy: Policy, **settings: object) -> tuple[Exhibition, Recorder]:
    exhibition, recorder = make_exhibition(make_config(policy=policy, **settings))  # type: ignore[arg-type]
    await exhibition.run()
    return exhibition, recorder


@pytest.mark.parametrize(
    "settings",
    [
        {"boards": 6, "think": (1.0, 9.0), "max_moves": None, "seed": 21},
        {"boards": 5, "think": (0.5, 4.0), "max_moves": 12, "seed": 3, "gm_color": GmColor.ALTERNATE},
        {"boards": 4, "think": 2.0, "max_moves": 20, "seed": 9, "gm_color": GmColor.BLACK, "walk": 0.25},
    ],
)
async def test_every_policy_plays_the_same_games(settings: dict[str, object]) -> None:
    games = [render_pgn((await played(policy, **settings))[0].tables, DAY) for policy in Policy]
    assert games[0] == games[1] == games[2]


@pytest.mark.parametrize("policy", list(Policy))
@pytest.mark.parametrize(
    ("boards", "gm_move", "think", "moves"),
    [(10, 1.0, 5.0, 4), (24, 5.0, 55.0, 6), (5, 2.0, 8.0, 5)],
)
async def test_grandmaster_bound_timing_is_the_same_formula(
    policy: Policy, boards: int, gm_move: float, think: float, moves: int
) -> None:
    assert (boards - 1) * gm_move >= think  # she is the bottleneck
    exhibition, _ = await played(
        policy, boards=boards, think=think, gm_move=gm_move, max_moves=moves, gm="random", seed=4
    )
    assert all(table.plies == 2 * moves for table in exhibition.tables)
    assert exhibition.finished_at == pytest.approx(moves * boards * gm_move + think, abs=1e-9)


@pytest.mark.parametrize("policy", list(Policy))
@pytest.mark.parametrize(
    ("boards", "gm_move", "think", "moves"),
    [(4, 1.0, 10.0, 4), (2, 3.0, 55.0, 6), (1, 1.0, 2.0, 5)],
)
async def test_opponent_bound_timing_is_the_same_formula(
    policy: Policy, boards: int, gm_move: float, think: float, moves: int
) -> None:
    assert (boards - 1) * gm_move < think  # the opponents are the bottleneck
    exhibition, _ = await played(
        policy, boards=boards, think=think, gm_move=gm_move, max_moves=moves, gm="random", seed=4
    )
    assert exhibition.finished_at == pytest.approx((boards - 1) * gm_move + moves * (gm_move + think), abs=1e-9)


def ready_times_at_arrival(recorder: Recorder) -> list[float]:
    """For each of her moves after a reply, when that reply had landed."""
    landed: dict[int, float] = {}
    order: list[float] = []
    for event in recorder.events:
        if isinstance(event, MovePlayed) and event.side is Side.OPPONENT:
            landed[event.table] = event.at
        elif isinstance(event, GrandmasterArrived) and event.table in landed:
            order.append(landed.pop(event.table))
    return order


@pytest.mark.parametrize("policy", [Policy.URGENT, Policy.LOOP])
async def test_urgent_and_loop_serve_the_longest_waiting_reply_first(policy: Policy) -> None:
    _, recorder = await played(policy, boards=12, think=(1.0, 20.0), gm_move=1.0, max_moves=15, seed=5)
    order = ready_times_at_arrival(recorder)
    assert len(order) > 100
    assert order == sorted(order)  # first come, first served


async def test_round_serves_in_table_order_instead() -> None:
    _, recorder = await played(Policy.ROUND, boards=12, think=(1.0, 20.0), gm_move=1.0, max_moves=15, seed=5)
    order = ready_times_at_arrival(recorder)
    assert order != sorted(order)  # a reply behind her waits for the next lap


async def test_under_the_loop_policy_her_table_is_the_running_task() -> None:
    running: list[tuple[int, str]] = []

    def check(event: Event) -> None:
        if isinstance(event, GrandmasterArrived):
            task = asyncio.current_task()
            running.append((event.table, task.get_name() if task is not None else ""))

    exhibition, _ = make_exhibition(make_config(boards=6, think=(1.0, 8.0), seed=2, policy=Policy.LOOP))
    exhibition.subscribe(check)
    await exhibition.run()
    assert running
    assert all(name == f"table {table}" for table, name in running)


async def test_under_the_loop_policy_her_walk_is_the_ready_queue_in_order() -> None:
    """Each pass runs the ready queue first come, first served: she serves its first table, one a pass."""
    loop = asyncio.get_running_loop()
    assert isinstance(loop, SimulLoop)
    exhibition, recorder = make_exhibition(
        make_config(boards=8, think=(0.5, 6.0), gm_move=1.0, max_moves=10, seed=7, policy=Policy.LOOP)
    )
    passes: list[tuple[PassRecord, list[Event]]] = []
    events_so_far = 0

    def after_pass(record: PassRecord) -> None:
        nonlocal events_so_far
        passes.append((record, recorder.events[events_so_far:]))
        events_so_far = len(recorder.events)

    loop.observe_passes(after_pass)
    try:
        await exhibition.run()
    finally:
        loop.observe_passes(None)
    served = 0
    for record, events in passes:
        stepped = [view.label for view in record.ready if view.kind is HandleKind.STEP and view.label[:6] == "table "]
        arrived = [f"table {event.table}" for event in events if isinstance(event, GrandmasterArrived)]
        ended = {f"table {event.table}" for event in events if isinstance(event, GameFinished)}
        assert len(arrived) <= 1, "two of her moves in one pass"
        if arrived:
            # The first table task in the queue whose game goes on is the one she serves.
            assert arrived == [next(label for label in stepped if label not in ended or label in arrived)]
        served += len(arrived)
    assert served == sum(1 for event in recorder.events if isinstance(event, GrandmasterArrived))


async def test_a_resignation_under_the_loop_policy_cancels_the_tables_task() -> None:
    exhibition, recorder = make_exhibition(
        make_config(boards=3, think=10.0, gm_move=1.0, max_moves=4, seed=8, policy=Policy.LOOP)
    )
    async with asyncio.TaskGroup() as group:
        group.create_task(exhibition.run())
        await asyncio.sleep(2.5)
        task = exhibition._table_tasks[1]
        assert exhibition.resign(1)
        await asyncio.sleep(0)
        assert task.cancelled()
    ending = exhibition.tables[0].ending
    assert ending is not None
    assert ending.reason == "the grandmaster resigned"
    assert all(table.ending is not None and table.ending.result != "*" for table in exhibition.tables)
    assert sum(1 for event in recorder.events if isinstance(event, OpponentThinking) and event.table == 1) == 1


@pytest.mark.parametrize("policy", list(Policy))
@pytest.mark.parametrize(
    ("boards", "gm_move", "walk", "think", "moves"),
    [(4, 1.0, 0.5, 1.0, 3), (6, 1.0, 0.5, 4.0, 5), (3, 1.0, 0.5, 10.0, 4), (5, 2.0, 1.0, 30.0, 3)],
)
async def test_the_documented_timing_with_a_walk(
    policy: Policy, boards: int, gm_move: float, walk: float, think: float, moves: int
) -> None:
    # docs/rules.md: she is the bottleneck when (N-1)g + Nw >= t.
    if (boards - 1) * gm_move + boards * walk >= think:
        expected = moves * boards * gm_move + (moves * boards - 1) * walk + think
    else:
        expected = (boards - 1) * (gm_move + walk) + moves * (gm_move + think)
    settings = {"boards": boards, "think": think, "gm_move": gm_move, "walk": walk, "max_moves": moves}
    exhibition, _ = await played(policy, **settings, gm="random", seed=4)
    assert all(table.plies == 2 * moves for table in exhibition.tables)
    assert exhibition.finished_at == pytest.approx(expected, abs=1e-9)
