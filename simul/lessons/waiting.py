"""Lesson: an `await` on a pending future suspends the task; the loop runs whatever is ready meanwhile."""

from __future__ import annotations

from collections import defaultdict

import chess

from simul.core.clock import PacedClock
from simul.core.config import ExhibitionConfig, ThinkTime
from simul.core.events import (
    Event,
    GameFinished,
    GrandmasterArrived,
    GrandmasterWaited,
    MovePlayed,
    OpponentThinking,
    Side,
)
from simul.core.exhibition import Exhibition
from simul.loop.event_loop import run

CONFIG = ExhibitionConfig(boards=2, think=ThinkTime(2.0, 2.0), gm_move=0.5, max_moves=2, seed=1)


def narrate(exhibition: Exhibition) -> dict[float, set[str]]:
    """Print each event as the loop's story: who is suspended until when, who wakes.

    Returns, for each instant, whose timers fell due then (to point out ties).
    """
    boards = {table.number: chess.Board() for table in exhibition.tables}
    woken: dict[float, set[str]] = defaultdict(set)

    def say(event: Event) -> None:
        match event:
            case GrandmasterArrived(table=table, at=at):
                print(f"{at:5.1f} s  grandmaster at table {table}: await clock.sleep_until({at + CONFIG.gm_move:g})")
            case MovePlayed(table=table, move=move, side=side, at=at):
                san = boards[table].san(move)
                boards[table].push(move)
                who = "grandmaster" if side is Side.GRANDMASTER else f"opponent {table}"
                woken[at].add(f"{who}'s")
                print(f"{at:5.1f} s  {who} wakes: plays {san} at table {table}")
            case OpponentThinking(table=table, at=at, seconds=seconds):
                print(f"{at:5.1f} s  opponent {table}: await clock.sleep_until({at + seconds:g}); she walks on")
            case GrandmasterWaited(at=at, until=until, table=table):
                print(f"{at:5.1f} s  grandmaster: no table ready; she awaits table {table}, ready at {until:g}")
            case GameFinished(table=table, at=at, result=result):
                print(f"{at:5.1f} s  table {table}: game over, {result}")

    exhibition.subscribe(say)
    return woken


def show(virtual: bool) -> None:
    exhibition = Exhibition(CONFIG, PacedClock())
    woken = narrate(exhibition)
    run(exhibition.run(), virtual=virtual)
    for at, timers in sorted(woken.items()):
        if len(timers) > 1:
            print(f"At {at:g} s two timers fell due at once ({' and '.join(sorted(timers))}).")
            print("asyncio promises no order between timers due together: on the real clock those")
            print("two lines may come either way round.")
