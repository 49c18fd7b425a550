"""The race benchmark: a thread per board against asyncio's tasks, at 1,000 and 10,000 boards.

Two measures at each size, each in a process of its own:
- the play: the same seeded exhibition played by the race's `threads` and
  `asyncio` ways (`simul.race.child`), its wall time, CPU, OS threads, peak
  memory, and memory per board (the peak less that of the same way at one
  board, over the boards beyond it: the chess boards and their players);
- the waiting alone, no chess (`simul.bench.idle_child`): that many threads
  blocked on an event, or tasks awaiting one, against none, which gives what
  one waiting unit itself costs.
Threads are started until the OS refuses one: the count where it did is reported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from simul.bench.child import module_argv, run_child
from simul.bench.errors import BenchError
from simul.bench.idle_child import Waiting
from simul.bench.memory import per_unit
from simul.core.config import ExhibitionConfig, ThinkTime
from simul.race.modes import Mode, ModeFigures
from simul.race.runner import child_command

SIZES = (1_000, 10_000)
QUICK_SIZES = (1_000,)
CONFIG = ExhibitionConfig(boards=1, think=ThinkTime(2.0, 4.0), gm_move=0.001, max_moves=5, seed=1, gm="random")
"""Every game lasts at least 2 s at `SPEED`, longer than starting 10,000 threads takes: all wait at once."""
SPEED = 5.0
BASELINE_SPEED = 1_000.0
"""The one-board baseline's speed: its memory does not depend on it, and nobody need wait for it."""
MODES = (Mode.THREADS, Mode.ASYNCIO)
UNIT_RATIO_GOAL = 5.0
"""A task waiting must cost at least this many times less memory than a thread waiting."""


@dataclass(frozen=True, slots=True)
class Play:
    """One way of playing at one size."""

    mode: str
    boards: int
    error: str | None
    """Why it could not finish (the OS refused a thread, say); the figures are then None."""
    wall_seconds: float | None
    cpu_seconds: float | None
    os_threads: int | None
    peak_rss_bytes: int | None
    memory_per_board_bytes: float | None
    """Over the same way at one board."""


@dataclass(frozen=True, slots=True)
class Idle:
    """Waiting units alone, of one kind, at one size."""

    kind: str
    """`threads` or `tasks`."""
    requested: int
    started: int
    refused: str | None
    """Why the OS would not start one more thread, if it would not."""
    os_threads: int
    peak_rss_bytes: int
    per_unit_bytes: float | None
    """Over the same program waiting on nothing (None if not one started)."""


@dataclass(frozen=True, slots=True)
class RaceSize:
    """Both ways, and both kinds of waiting units, at one number of boards."""

    boards: int
    plays: tuple[Play, ...]
    idle: tuple[Idle, ...]
    same_games: bool | None
    """Whether both ways played the very same games (None unless both finished)."""

    def idle_of(self, kind: str) -> Idle:
        return next(idle for idle in self.idle if idle.kind == kind)

    @property
    def unit_ratio(self) -> float | None:
        """A thread's cost over a task's, waiting (None without both, or if a task cost nothing measurable)."""
        thread, task = self.idle_of("threads").per_unit_bytes, self.idle_of("tasks").per_unit_bytes
        return thread / task if thread is not None and task is not None and task > 0 else None

    @property
    def unit_goal_met(self) -> bool:
        ratio = self.unit_ratio
        return ratio is not None and ratio >= UNIT_RATIO_GOAL

    @property
    def threads_refused_at(self) -> int | None:
        """How many threads the OS had started when it refused one more (None: it never did)."""
        threads = self.idle_of("threads")
        return threads.started if threads.refused is not None else None


@dataclass(frozen=True, slots=True)
class RaceFigures:
    """Every size."""

    sizes: tuple[RaceSize, ...]
    speed: float
    think: str
    gm_move: float
    max_moves: int
    seed: int
    quick: bool


PlayRunner = Callable[[Mode, ExhibitionConfig, float], ModeFigures]
"""Plays `config` the mode's way at a speed, in a process of its own; `BenchError` if it cannot."""
IdleRunner = Callable[[str, int], Waiting]
"""Starts that many waiting units of a kind (`threads`, `tasks`), in a process of its own."""


def play_in_child(mode: Mode, config: ExhibitionConfig, speed: float) -> ModeFigures:
    """The race's own child plays it (`simul.race.child`)."""
    run = run_child(child_command(mode, speed, config), f"the {mode.value} way at {config.boards:,} boards")
    return ModeFigures(**run.answer()["figures"])


def idle_in_child(kind: str, count: int) -> Waiting:
    """`simul.bench.idle_child` waits."""
    run = run_child(module_argv("simul.bench.idle_child", kind, count), f"{count:,} waiting {kind}")
    return Waiting(**run.answer())


def play(mode: Mode, boards: int, baseline: ModeFigures, runner: PlayRunner) -> tuple[Play, ModeFigures | None]:
    """Play `boards` boards `mode`'s way: its figures, or the reason it could not finish."""
    config = dataclasses.replace(CONFIG, boards=boards)
    try:
        figures = runner(mode, config, SPEED)
    except BenchError as error:
        return Play(mode.value, boards, str(error), None, None, None, None, None), None
    per_board = per_unit(figures.peak_rss_bytes, baseline.peak_rss_bytes, boards, 1)
    return (
        Play(
            mode.value,
            boards,
            None,
            figures.wall_seconds,
            figures.cpu_seconds,
            figures.threads,
            figures.peak_rss_bytes,
            per_board,
        ),
        figures,
    )


def idle(kind: str, count: int, baseline: Waiting, runner: IdleRunner) -> Idle:
    """`count` waiting units of `kind` against none."""
    waiting = runner(kind, count)
    return Idle(
        kind=kind,
        requested=count,
        started=waiting.started,
        refused=waiting.refused,
        os_threads=waiting.os_threads,
        peak_rss_bytes=waiting.peak_rss_bytes,
        per_unit_bytes=per_unit(waiting.peak_rss_bytes, baseline.peak_rss_bytes, waiting.started)
        if waiting.started
        else None,
    )


Progress = Callable[[str], None]
"""Told what is about to be measured."""


def measure_race(
    *,
    quick: bool = False,
    play_runner: PlayRunner = play_in_child,
    idle_runner: IdleRunner = idle_in_child,
    progress: Progress | None = None,
) -> RaceFigures:
    """Each size's plays and waiting units, after each's baseline; `BenchError` if a baseline cannot be had."""

    def say(text: str) -> None:
        if progress is not None:
            progress(text)

    say("the baselines: one board each way, and no waiting units")
    one_board = dataclasses.replace(CONFIG, boards=1)
    play_baselines = {mode: play_runner(mode, one_board, BASELINE_SPEED) for mode in MODES}
    idle_baselines = {kind: idle_runner(kind, 0) for kind in ("threads", "tasks")}
    sizes = []
    for boards in QUICK_SIZES if quick else SIZES:
        plays, games = [], []
        for mode in MODES:
            say(f"{boards:,} boards, the {mode.value} way")
            row, figures = play(mode, boards, play_baselines[mode], play_runner)
            plays.append(row)
            games.append(figures.games if figures is not None else None)
        units = []
        for kind in ("threads", "tasks"):
            say(f"{boards:,} waiting {kind}, no chess")
            units.append(idle(kind, boards, idle_baselines[kind], idle_runner))
        same = games[0] == games[1] if None not in games else None
        sizes.append(RaceSize(boards, tuple(plays), tuple(units), same))
    return RaceFigures(
        sizes=tuple(sizes),
        speed=SPEED,
        think=str(CONFIG.think),
        gm_move=CONFIG.gm_move,
        max_moves=CONFIG.max_moves or 0,
        seed=CONFIG.seed or 0,
        quick=quick,
    )
