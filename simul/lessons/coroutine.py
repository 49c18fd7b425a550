"""Lesson: calling an `async def` runs nothing; it makes a coroutine, which runs once something drives it."""

from __future__ import annotations

import inspect

import chess

from simul.core.clock import PacedClock
from simul.core.config import ExhibitionConfig, ThinkTime
from simul.core.exhibition import Exhibition
from simul.core.movers import RandomMover
from simul.core.opponent import play_opponent
from simul.loop.event_loop import run

CONFIG = ExhibitionConfig(boards=1, think=ThinkTime(2.0, 2.0), gm_move=0.5, max_moves=2, seed=1)


def show(virtual: bool) -> None:
    exhibition = Exhibition(CONFIG, PacedClock())
    table = exhibition.tables[0]
    pending = play_opponent(table, RandomMover(), exhibition.clock, exhibition.bus)
    print("opponent = play_opponent(table, mover, clock, bus)")
    print(f"  opponent is a {type(pending).__name__}, state {inspect.getcoroutinestate(pending)}")
    print(f"  moves played at table 1: {len(table.moves)}: calling it ran nothing")
    pending.close()  # never awaited: closed here so Python does not warn about it

    print("run(exhibition.run()), as asyncio.run does it (an asyncio.Runner, on simul's loop):")
    print("  the loop runs the room's coroutines, as tasks")
    run(exhibition.run(), virtual=virtual)
    moves = table.moves
    print(f"  moves played at table 1: {len(moves)}: {chess.Board(table.start_fen).variation_san(moves)}")
    print(f"  {len(moves)} moves in {exhibition.finished_at:g} s of the exhibition's clock")
