"""What the TUI keeps of the room: her walk, with the thinking tables she passed."""

from __future__ import annotations

import chess

from simul.core.config import ExhibitionConfig
from simul.core.events import GrandmasterArrived, GrandmasterWalked
from simul.core.table import TableState
from simul.tui.room import RoomView, Step
from simul.tui.widgets.walk import walk_text


def room_of(states: str) -> RoomView:
    """A room whose tables are in these states: t thinking, r ready, f finished."""
    codes = {"t": TableState.THINKING, "r": TableState.READY, "f": TableState.FINISHED}
    room = RoomView()
    room.set_up(ExhibitionConfig(boards=len(states)), [chess.WHITE] * len(states))
    for table, code in zip(room.tables, states, strict=True):
        table.state = codes[code]
    return room


def arrive(room: RoomView, table: int, after: int, passed: int) -> None:
    room.apply(GrandmasterWalked(at=0.0, came_from=after, to=table, passed=passed, lap=1))
    room.apply(GrandmasterArrived(table=table, at=0.0, table_waited=0.0, walked=0.0))


def test_her_walk_names_the_thinking_tables_she_passed() -> None:
    room = room_of("rttfrt")
    arrive(room, 1, after=0, passed=0)
    arrive(room, 5, after=1, passed=2)  # past 2 and 3 (thinking); 4 is finished, not passed
    assert list(room.walk) == [Step(1), Step(5, (2, 3), 2)]
    assert walk_text(room.walk).plain == "Her walk ▸ 1 ▸ (2 3) 5 "


def test_her_walk_wraps_round_the_room_and_counts_what_it_does_not_name() -> None:
    room = room_of("rtttttr")
    arrive(room, 7, after=0, passed=5)
    arrive(room, 1, after=7, passed=0)
    arrive(room, 7, after=1, passed=5)
    assert room.walk[-1] == Step(7, (2, 3, 4), 5)
    assert walk_text(room.walk).plain.endswith("▸ (2 3 4 +2) 7 ")
    assert room.steps == 3


def test_the_walk_keeps_only_her_last_stops() -> None:
    room = room_of("r" * 20)
    for table in range(1, 21):
        arrive(room, table, after=table - 1, passed=0)
    assert [step.table for step in room.walk] == [15, 16, 17, 18, 19, 20]


def test_a_walk_to_a_finished_game_adds_to_the_next_stop() -> None:
    room = room_of("rttfrt")
    arrive(room, 1, after=0, passed=0)
    # She walks past 2 to table 3, finds its game over (no arrival), then past 4 to 5.
    room.apply(GrandmasterWalked(at=0.0, came_from=1, to=3, passed=1, lap=1))
    room.tables[2].state = TableState.FINISHED
    arrive(room, 5, after=3, passed=0)
    assert list(room.walk) == [Step(1), Step(5, (2,), 1)]
