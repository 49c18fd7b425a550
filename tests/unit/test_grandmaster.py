"""The grandmaster's rules, checked on the events of whole exhibitions on virtual time."""

from __future__ import annotations

import pytest

from simul.core.events import GameFinished, GrandmasterArrived, GrandmasterWaited, MovePlayed, Side, TablesSkipped
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


async def test_tables_still_thinking_are_skipped_in_order() -> None:
    # Table 1's opponent thinks for long; with the others quick, she must skip it.
    exhibition, recorder = make_exhibition(make_config(boards=3, think=(1.0, 9.0), seed=2))
    await exhibition.run()
    skips = recorder.of(TablesSkipped)
    assert skips, "no table was ever skipped"
    for skip in skips:
        assert isinstance(skip, TablesSkipped)
        assert skip.count >= 1
        assert skip.after != skip.before or skip.count == len(exhibition.tables) - 1


async def test_with_every_opponent_thinking_she_does_no_work_until_one_is_ready() -> None:
    # Two tables, opponents think 50 s, she needs 1 s a move: she must wait every time.
    exhibition, recorder = make_exhibition(make_config(boards=2, think=50.0, gm_move=1.0, max_moves=3, seed=1))
    looks: list[float] = []  # when she looked round the room for a ready table
    look = exhibition.circuit.advance_to

    def counted_look(now: float) -> None:
        looks.append(now)
        look(now)

    exhibition.circuit.advance_to = counted_look  # type: ignore[method-assign]
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
