"""Lesson: `await` hands the thread back to the loop; the loop runs whoever is ready."""

from __future__ import annotations

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


def narrate(exhibition: Exhibition) -> None:
    """Print each event as the loop's story: who runs, who awaits."""
    boards = {table.number: chess.Board() for table in exhibition.tables}

    def say(event: Event) -> None:
        match event:
            case GrandmasterArrived(table=table, at=at):
                print(f"{at:5.1f} s  grandmaster at table {table}: await clock.sleep_until({at + CONFIG.gm_move:g})")
            case MovePlayed(table=table, move=move, side=side, at=at):
                san = boards[table].san(move)
                boards[table].push(move)
                who = "grandmaster" if side is Side.GRANDMASTER else f"opponent {table} wakes"
                print(f"{at:5.1f} s  {who}: plays {san} at table {table}")
            case OpponentThinking(table=table, at=at, seconds=seconds):
                print(f"{at:5.1f} s  opponent {table}: await clock.sleep_until({at + seconds:g}); she walks on")
            case GrandmasterWaited(at=at, until=until, table=table):
                print(f"{at:5.1f} s  grandmaster: nothing ready; awaits table {table} (the loop idles to {until:g})")
            case GameFinished(table=table, at=at, result=result):
                print(f"{at:5.1f} s  table {table}: game over, {result}")

    exhibition.subscribe(say)


def show(virtual: bool) -> None:
    exhibition = Exhibition(CONFIG, PacedClock())
    narrate(exhibition)
    run(exhibition.run(), virtual=virtual)
