"""The grandmaster's rules, checked on the events of whole exhibitions on virtual time."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from simul.core.config import GmColor
from simul.core.events import GameFinished, GrandmasterArrived, GrandmasterWaited, GrandmasterWalked, MovePlayed, Side
from simul.core.exhibition import Exhibition
from simul.core.grandmaster import CircuitGrandmaster
from simul.core.lag import LagMonitor
from tests.unit.helpers import Recorder, make_config, make_exhibition


def gm_timeline(recorder: Recorder) -> list[tuple[str, int, float]]:
    """('arrive'|'move', table, time) for the grandmaster, in the order they happened."""
    timeline: list[tuple[str, int, float]] = []
    for event in recorder.events:
        if isinstance(event, GrandmasterArrived):
            timeline.append(("arrive", event.table, event.at))
        elif isinstance(event, MovePlayed) and event.side is Side.GRANDMASTER:
            timeline.append(("move", event.table, event.at))
    return timeline


@pytest.mark.parametrize("think", [0.5, 5.0, 30.0, (0.0, 40.0)])
async def test_never_at_two_tables_at_once(think: float | tuple[float, float]) -> None:
    exhibition, recorder = make_exhibition(make_config(boards=6, think=think, gm_move=1.0, walk=0.25, seed=3))
    await exhibition.run()
    timeline = gm_timeline(recorder)
    assert timeline, "the grandmaster never moved"
    free_at = 0.0
    for (kind, table, at), (next_kind, next_table, next_at) in zip(timeline[::2], timeline[1::2], strict=True):
        # Each arrival is followed by her move at that same table, before anything else.
        assert (kind, next_kind, next_table) == ("arrive", "move", table)
        assert at >= free_at - 1e-9, "she arrived before she had finished walking from her last table"
        assert next_at == pytest.approx(at + 1.0)
        free_at = next_at + 0.25


@pytest.mark.parametrize("think", [0.5, 5.0, (0.0, 40.0)])
async def test_never_plays_before_the_opponent_has_moved(think: float | tuple[float, float]) -> None:
    exhibition, recorder = make_exhibition(make_config(boards=5, think=think, seed=11))
    await exhibition.run()
    last_side: dict[int, Side] = {}
    last_move_at: dict[int, float] = {}
    for event in recorder.events:
        if isinstance(event, GrandmasterArrived):
            # Either her first move (she plays white) or the opponent moved last.
            assert last_side.get(event.table, Side.OPPONENT) is Side.OPPONENT
            assert event.at >= last_move_at.get(event.table, 0.0)
        elif isinstance(event, MovePlayed):
            assert last_side.get(event.table) is not event.side, "the same side moved twice in a row"
            last_side[event.table] = event.side
            last_move_at[event.table] = event.at


@pytest.mark.parametrize("think", [3.0, 7.0, (1.0, 12.0)])
async def test_every_ready_table_is_served_within_one_lap(think: float | tuple[float, float]) -> None:
    exhibition, recorder = make_exhibition(make_config(boards=8, think=think, seed=5))
    await exhibition.run()
    arrivals = recorder.of(GrandmasterArrived)
    final_ply = {table.number: table.plies for table in exhibition.tables}
    # A move that ended the game leaves nothing to come back for.
    opponent_moves = [
        e
        for e in recorder.of(MovePlayed)
        if isinstance(e, MovePlayed) and e.side is Side.OPPONENT and e.ply < final_ply[e.table]
    ]
    assert opponent_moves
    for move in opponent_moves:
        seen: set[int] = set()
        for arrival in arrivals:
            assert isinstance(arrival, GrandmasterArrived)
            if arrival.at < move.at:
                continue
            if arrival.table == move.table:
                break
            assert arrival.table not in seen, f"she passed table {move.table} twice while it was ready"
            seen.add(arrival.table)
        else:
            raise AssertionError(f"table {move.table} was never served after its move at {move.at}")


def walks_of(recorder: Recorder) -> list[tuple[int, int, int, int]]:
    """(came_from, to, passed, lap) of each step of her walk, in order."""
    return [
        (event.came_from, event.to, event.passed, event.lap)
        for event in recorder.events
        if isinstance(event, GrandmasterWalked)
    ]


async def test_tables_still_thinking_are_walked_past_in_order() -> None:
    # 5 boards: she plays White on 1, 3, 5 (she opens there) and Black on 2, 4 (their opponents
    # open, ready at t=3); every think 3 s, her move 1 s, 2 full moves a game. Worked by hand: she
    # moves at t=0, 1, ..., 9, each reply lands 3 s after her move ends, so when she sets off
    # the next table in number is always still thinking and she walks past it:
    #   t=0..2  0->1, then 1->3 past 2 and 3->5 past 4 (2 and 4 are ready only at t=3)
    #   t=3..9  5->2 (lap 2), 2->4, 4->1 (lap 3), 1->3, 3->5, 5->2 (lap 4), 2->4, each past one table;
    #           her second moves at 2 (t=8) and 4 (t=9) end those games by adjudication: they leave
    #   t=10    4->1 past 5 (lap 5; 5 replies at t=11) for 1's final reply, then 1->3 and 3->5
    #           past no one, since 2 and 4 have left.
    config = make_config(boards=5, think=3.0, gm_move=1.0, max_moves=2, seed=1, gm="random", gm_color=GmColor.ALTERNATE)
    exhibition, recorder = make_exhibition(config)
    await exhibition.run()
    assert [table.plies for table in exhibition.tables] == [4] * 5  # every game went the distance
    assert walks_of(recorder) == [
        (0, 1, 0, 1),
        (1, 3, 1, 1),
        (3, 5, 1, 1),
        (5, 2, 1, 2),
        (2, 4, 1, 2),
        (4, 1, 1, 3),
        (1, 3, 1, 3),
        (3, 5, 1, 3),
        (5, 2, 1, 4),
        (2, 4, 1, 4),
        (4, 1, 1, 5),
        (1, 3, 0, 5),
        (3, 5, 0, 5),
    ]


async def test_each_return_to_the_only_table_is_a_new_lap() -> None:
    # One table: every walk goes round the whole room back to where she stands. Her 3 moves
    # (laps 1 to 3) and a last walk to collect the final reply (lap 4); no one to walk past.
    exhibition, recorder = make_exhibition(make_config(boards=1, think=2.0, max_moves=3, seed=1, gm="random"))
    await exhibition.run()
    assert exhibition.tables[0].plies == 6
    assert walks_of(recorder) == [(0, 1, 0, 1), (1, 1, 0, 2), (1, 1, 0, 3), (1, 1, 0, 4)]


async def test_walked_past_tables_never_exceed_laps_times_boards() -> None:
    # The regression: 10,000 boards once reported 4 laps and 6.5 million skips.
    exhibition, recorder = make_exhibition(make_config(boards=40, think=(1.0, 4.0), gm_move=0.01, max_moves=4, seed=1))
    await exhibition.run()
    walks = [event for event in recorder.events if isinstance(event, GrandmasterWalked)]
    laps, skips = walks[-1].lap, sum(walk.passed for walk in walks)
    assert skips <= laps * 40
    assert laps > 4  # at the end she walks round to the tables whose final reply ended the game


async def test_with_every_opponent_thinking_she_does_no_work_until_one_is_ready() -> None:
    # Two tables, opponents think 50 s, she needs 1 s a move: she must wait every time.
    exhibition, recorder = make_exhibition(make_config(boards=2, think=50.0, gm_move=1.0, max_moves=3, seed=1))
    looks: list[float] = []  # when she looked round the room for a ready table
    assert isinstance(exhibition.grandmaster, CircuitGrandmaster)
    circuit = exhibition.grandmaster.circuit
    look = circuit.advance_to

    def counted_look(now: float) -> None:
        looks.append(now)
        look(now)

    circuit.advance_to = counted_look  # type: ignore[method-assign]
    await exhibition.run()

    waits = [event for event in recorder.of(GrandmasterWaited) if isinstance(event, GrandmasterWaited)]
    assert len(waits) >= 4, "she should have had to wait after almost every move"
    for wait in waits:
        # One look when the wait starts, one when the table is ready: no polling between.
        assert looks.count(wait.at) >= 1
        assert [t for t in looks if wait.at < t < wait.until] == []
        assert wait.until in looks
        ended_then = any(
            isinstance(e, GameFinished) and (e.table, e.at) == (wait.table, wait.until) for e in recorder.events
        )
        if not ended_then:
            # She goes straight to the table she waited for, the moment it is ready.
            index = recorder.events.index(wait)
            arrival = next(e for e in recorder.events[index:] if isinstance(e, GrandmasterArrived))
            assert (arrival.table, arrival.at) == (wait.table, wait.until)


class AlwaysLateClock:
    """A clock far behind its schedule: every deadline has passed, so sleeping never suspends."""

    def now(self) -> float:
        return 1e9

    async def sleep_until(self, deadline: float) -> None:
        return

    def hold_until(self, deadline: float) -> None:
        return

    def loop_seconds_until(self, deadline: float) -> float:
        return 0.0


async def test_a_grandmaster_behind_schedule_still_lets_every_other_task_run_between_her_moves() -> None:
    config = make_config(boards=30, think=5.0, max_moves=3, seed=2)
    exhibition = Exhibition(config, AlwaysLateClock(), lag_monitor=LagMonitor(interval=1000.0))
    watcher_steps = 0
    seen_at_her_moves: list[int] = []

    def note(event: object) -> None:
        if isinstance(event, MovePlayed) and event.side is Side.GRANDMASTER:
            seen_at_her_moves.append(watcher_steps)

    async def watcher() -> None:
        nonlocal watcher_steps
        while True:
            watcher_steps += 1
            await asyncio.sleep(0)

    exhibition.subscribe(note)
    watching = asyncio.create_task(watcher())
    await exhibition.run()
    watching.cancel()
    assert len(seen_at_her_moves) >= 30
    # Between any two of her moves the watcher ran at least once: she never hogged the thread.
    assert all(later > earlier for earlier, later in itertools.pairwise(seen_at_her_moves))
