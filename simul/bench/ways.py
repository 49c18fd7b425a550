"""The core benchmark's games, played each way: by simul, and without it (one after another, interleaved, bare asyncio).

The floor is python-chess alone, each game played to its end before the next.
Between it and the whole exhibition lie two costs that are not simul's own,
and the core benchmark measures each:

- **interleaved**: python-chess alone, playing the same plies in the
  exhibition's own order (a ply at one table, then one at another). Playing
  thousands of games at once costs more than playing them one after another,
  before any asyncio (most likely the processor's caches: a board played ply
  after ply stays in them, 2,000 boards taken in turn do not).
- **bare asyncio**: the same games as tasks on simul's loop, in the shape the
  tutorial draws and nothing more: a task per table whose every move lands
  when a timer says so, her task awaiting her move time and handing each move
  over through an `asyncio.Event`. None of simul's events, statistics,
  circuit or clock.

Every way plays the same moves (each table's random source drawn in the
core's order: her move, the opponent's think, its move), checked by the
benchmark, so that the CPU a ply compares like with like.
"""

from __future__ import annotations

import asyncio
import heapq
import random
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

import chess

from simul.core.clock import PacedClock
from simul.core.config import ExhibitionConfig, ThinkTime
from simul.core.events import Event, MovePlayed
from simul.core.exhibition import Exhibition
from simul.core.stats import ExhibitionStats
from simul.loop.event_loop import SimulLoop, run

Games = list[list[chess.Move]]
"""Every table's moves, in table order."""


@dataclass(slots=True)
class Game:
    """One table's game, played with python-chess alone."""

    board: chess.Board
    rng: random.Random
    gm_color: chess.Color
    max_plies: int | None
    plies: int = 0
    think: float = 0.0
    """The opponent's think time last drawn."""

    def play_ply(self) -> bool:
        """One ply, as any simulator must: legal moves, the seeded choice, push, the game-over check.

        Returns whether the game goes on.
        """
        board = self.board
        board.push(self.rng.choice(list(board.legal_moves)))
        self.plies += 1
        return not (board.is_game_over() or (self.max_plies is not None and self.plies >= self.max_plies))

    def draw_think(self, think: ThinkTime) -> None:
        """Before each of the opponent's moves: its think time, drawn from the table's random source."""
        self.think = think.draw(self.rng)

    @property
    def opponent_to_move(self) -> bool:
        """Whether the opponent moves next (and so draws a think time first)."""
        return self.board.turn != self.gm_color


def seat_games(config: ExhibitionConfig) -> list[Game]:
    """Every table's game, set up; an opponent who opens has drawn its first think, as in the core."""
    max_plies = 2 * config.max_moves if config.max_moves is not None else None
    games = []
    for number in range(1, config.boards + 1):
        game = Game(chess.Board(config.fen), config.table_rng(number), config.gm_color.for_table(number), max_plies)
        if game.opponent_to_move:
            game.draw_think(config.think)
        games.append(game)
    return games


def moves_of(games: Iterable[Game]) -> Games:
    """Every game's moves."""
    return [game.board.move_stack for game in games]


def play_one_after_another(config: ExhibitionConfig) -> Games:
    """The floor: each game played to its end before the next."""
    games = seat_games(config)
    for game in games:
        while game.play_ply():
            if game.opponent_to_move:
                game.draw_think(config.think)  # after her move: the opponent's think, drawn before its move
    return moves_of(games)


def core_config(boards: int, max_moves: int, seed: int = 1) -> ExhibitionConfig:
    """The benchmark's exhibition: random movers on both sides, seeded, adjudicated after `max_moves`."""
    return ExhibitionConfig(
        boards=boards, think=ThinkTime(5.0, 30.0), gm_move=0.5, max_moves=max_moves, seed=seed, gm="random"
    )


def play_exhibition(config: ExhibitionConfig, loop: SimulLoop | None = None) -> Exhibition:
    """The whole exhibition as `simul run --clock virtual` plays it: the core, its statistics, simul's loop."""
    exhibition = Exhibition(config, PacedClock())
    exhibition.subscribe(ExhibitionStats().record)
    run(exhibition.run(), loop=loop if loop is not None else SimulLoop(virtual=True))
    return exhibition


def games_of(exhibition: Exhibition) -> Games:
    """Every table's moves, unpacked into `chess.Move` objects: for comparing, outside any measure."""
    return [table.moves for table in exhibition.tables]


def play_simul(config: ExhibitionConfig) -> Games:
    """The exhibition's games (`play_exhibition`, then `games_of`)."""
    return games_of(play_exhibition(config))


def exhibition_order(config: ExhibitionConfig) -> array[int]:
    """The table of every ply of the exhibition, in the order it was played (a run of its own, not measured)."""
    order = array("I")

    def record(event: Event) -> None:
        if isinstance(event, MovePlayed):
            order.append(event.table)

    exhibition = Exhibition(config)
    exhibition.subscribe(record)
    run(exhibition.run(), loop=SimulLoop(virtual=True))
    return order


def play_interleaved(config: ExhibitionConfig, order: Iterable[int]) -> Games:
    """The same plies with python-chess alone, in `order` (the exhibition's): a ply here, then one there."""
    games = seat_games(config)
    for number in order:
        game = games[number - 1]
        if game.play_ply() and game.opponent_to_move:
            game.draw_think(config.think)
    return moves_of(games)


@dataclass(slots=True)
class _BareTable:
    game: Game
    ready_at: float = 0.0
    over: bool = False
    her_turn: asyncio.Event = field(default_factory=asyncio.Event)
    its_turn: asyncio.Event = field(default_factory=asyncio.Event)


def _wake(sleeper: asyncio.Future[None]) -> None:
    if not sleeper.done():
        sleeper.set_result(None)


async def _sleep_until(loop: asyncio.AbstractEventLoop, deadline: float) -> None:
    if deadline > loop.time():
        sleeper = loop.create_future()
        loop.call_at(deadline, _wake, sleeper)
        await sleeper


async def _opponent(table: _BareTable, loop: asyncio.AbstractEventLoop) -> None:
    while True:
        await table.its_turn.wait()
        table.its_turn.clear()
        if table.over:
            return
        await _sleep_until(loop, table.ready_at)  # its think: a timer
        table.over = not table.game.play_ply()
        table.her_turn.set()
        if table.over:
            return


async def _grandmaster(tables: list[_BareTable], config: ExhibitionConfig, loop: asyncio.AbstractEventLoop) -> None:
    # She serves the table ready soonest (not simul's walk: the games are the same either way).
    expected = [(table.ready_at, number) for number, table in enumerate(tables)]
    heapq.heapify(expected)
    free_at = 0.0
    while expected:
        ready_at, number = heapq.heappop(expected)
        table = tables[number]
        free_at = max(free_at, ready_at)
        await table.her_turn.wait()
        table.her_turn.clear()
        if table.over:
            continue
        done = free_at + config.gm_move
        await _sleep_until(loop, done)  # her move time: a timer
        free_at = done + config.walk
        if table.game.play_ply():
            table.game.draw_think(config.think)
            table.ready_at = done + table.game.think
            heapq.heappush(expected, (table.ready_at, number))
        else:
            table.over = True
        table.its_turn.set()


async def _bare_exhibition(config: ExhibitionConfig) -> list[Game]:
    loop = asyncio.get_running_loop()
    tables = [_BareTable(game) for game in seat_games(config)]
    for table in tables:
        if table.game.opponent_to_move:
            table.ready_at = table.game.think  # drawn as the games were seated
            table.its_turn.set()
        else:
            table.her_turn.set()
    async with asyncio.TaskGroup() as room:
        for table in tables:
            room.create_task(_opponent(table, loop))
        room.create_task(_grandmaster(tables, config, loop))
    return [table.game for table in tables]


def play_bare_asyncio(config: ExhibitionConfig, loop: SimulLoop | None = None) -> Games:
    """The same games as bare asyncio tasks on simul's virtual loop: timers and hand-overs, nothing else."""
    return moves_of(run(_bare_exhibition(config), loop=loop if loop is not None else SimulLoop(virtual=True)))
