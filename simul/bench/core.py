"""The core benchmark: CPU per ply of a whole exhibition against the floor, python-chess playing the same games.

The floor does only what any simulator of these games must: for each table,
with its own seeded random source drawn in the core's order, list the legal
moves, choose one, push it, ask whether the game is over. Everything simul
adds (tasks, the loop, the clock, events, statistics) is the difference, given
as a ratio measured in the same process, so that the machine's speed cancels.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import chess

from simul.core.clock import PacedClock
from simul.core.config import ExhibitionConfig, ThinkTime
from simul.core.exhibition import Exhibition
from simul.core.stats import ExhibitionStats
from simul.gc_tuning import calm_garbage_collector
from simul.loop.event_loop import run

Games = list[list[chess.Move]]
"""Every table's moves, in table order."""


def core_config(boards: int, max_moves: int, seed: int = 1) -> ExhibitionConfig:
    """The benchmark's exhibition: random movers on both sides, seeded, adjudicated after `max_moves`."""
    return ExhibitionConfig(
        boards=boards, think=ThinkTime(5.0, 30.0), gm_move=0.5, max_moves=max_moves, seed=seed, gm="random"
    )


def play_floor(config: ExhibitionConfig) -> Games:
    """The same games with python-chess alone: legal moves, the seeded choice, push, the game-over check."""
    games = []
    max_plies = 2 * config.max_moves if config.max_moves is not None else None
    for number in range(1, config.boards + 1):
        rng = config.table_rng(number)
        gm_color = config.gm_color.for_table(number)
        board = chess.Board(config.fen)
        if board.turn != gm_color:
            config.think.draw(rng)  # her opponent opens: its think is drawn first, as in the core
        plies = 0
        while True:
            board.push(rng.choice(list(board.legal_moves)))
            plies += 1
            if board.is_game_over() or (max_plies is not None and plies >= max_plies):
                break
            if board.turn != gm_color:
                config.think.draw(rng)  # after her move: her opponent's think, drawn before its move
        games.append(board.move_stack)
    return games


def play_simul(config: ExhibitionConfig) -> Games:
    """The whole exhibition as `simul run --clock virtual` plays it: the core, its statistics, simul's loop."""
    exhibition = Exhibition(config, PacedClock())
    exhibition.subscribe(ExhibitionStats().record)
    run(exhibition.run(), virtual=True)
    return [table.moves for table in exhibition.tables]


@dataclass(frozen=True, slots=True)
class CoreFigures:
    """What the core benchmark measured."""

    boards: int
    max_moves: int
    plies: int
    floor_us_per_ply: float
    """The median of the runs."""
    simul_us_per_ply: float
    """The median of the runs."""
    overhead_ratio: float
    """The median of each run's simul over the floor run just before it."""
    runs: int
    ratios: tuple[float, ...]
    """Each run's ratio, for the spread."""


def _cpu_seconds(play: Callable[[ExhibitionConfig], Games], config: ExhibitionConfig) -> tuple[float, Games]:
    gc.collect()
    start = time.process_time()
    games = play(config)
    return time.process_time() - start, games


class NotTheSameGames(Exception):
    """The floor and simul played different games: the ratio would compare unlike work."""


def measure_core(boards: int, max_moves: int, runs: int) -> CoreFigures:
    """Play the floor and the exhibition `runs` times each, alternately; raise if their games differ."""
    config = core_config(boards, max_moves)
    calm_garbage_collector()  # as `simul run` does, for both
    floors, simuls = [], []
    plies = 0
    for _ in range(runs):
        floor_seconds, floor_games = _cpu_seconds(play_floor, config)
        simul_seconds, simul_games = _cpu_seconds(play_simul, config)
        if floor_games != simul_games:
            raise NotTheSameGames("the floor and simul played different games")
        plies = sum(map(len, simul_games))
        floors.append(floor_seconds)
        simuls.append(simul_seconds)
    ratios = tuple(simul / floor for simul, floor in zip(simuls, floors, strict=True))
    return CoreFigures(
        boards=boards,
        max_moves=max_moves,
        plies=plies,
        floor_us_per_ply=statistics.median(floors) / plies * 1e6,
        simul_us_per_ply=statistics.median(simuls) / plies * 1e6,
        overhead_ratio=statistics.median(ratios),
        runs=runs,
        ratios=ratios,
    )
