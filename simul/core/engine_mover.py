"""A side played by a UCI engine: Stockfish at full strength, or at a skill level from 0 to 20."""

from __future__ import annotations

import random

import chess
import chess.engine

from simul.core.engines import MIN_THINK, EnginePool
from simul.core.movers import Mover

MAX_LEVEL = 20
"""Stockfish's `Skill Level` runs from 0 (weakest) to 20 (full strength)."""


class EngineMover(Mover):
    """Asks an engine of `pool` for each move: it searches for the side's think time, or `nodes` nodes.

    The task that asks waits on the engine's pipe meanwhile (I/O, watched by
    the loop's selector), so the loop runs every other table as it would
    during a timer.
    """

    name = "stockfish"

    def __init__(self, pool: EnginePool, *, level: int | None = None, nodes: int | None = None) -> None:
        self.pool = pool
        """The engines this side's moves are asked of."""
        self.level = level
        """Stockfish's `Skill Level` (below 20 it picks among weaker moves at random), or None for full strength."""
        self.nodes = nodes
        """Search this many nodes, not for the think time: the same move for the same position on one machine."""
        self._options: chess.engine.ConfigMapping = {"Skill Level": level} if level is not None else {}

    def limit(self, within: float) -> chess.engine.Limit:
        """What a search of `within` seconds asks of the engine."""
        if self.nodes is not None:
            return chess.engine.Limit(nodes=self.nodes)
        return chess.engine.Limit(time=max(MIN_THINK, within))

    async def choose_move(self, board: chess.Board, rng: random.Random, within: float = 0.0) -> chess.Move:
        return await self.pool.play(board, self.limit(within), self._options)

    async def open(self) -> None:
        await self.pool.open()

    async def aclose(self) -> None:
        await self.pool.aclose()
