"""`simul bench`: run benchmarks, print their figures against the goals, save them as JSON, draw them."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

from rich.console import Console
from rich.table import Table

from simul.bench import documents, tables
from simul.bench.core import CoreFigures, NotTheSameGames, measure_core
from simul.bench.engines import OffloadFigures, measure_engines
from simul.bench.errors import BenchError
from simul.bench.plot import draw
from simul.bench.race import RaceFigures, measure_race
from simul.bench.real import RealFigures, measure_real
from simul.bench.scale import ScaleFigures, measure_scale
from simul.bench.tui import TuiRuns, measure_tui_runs
from simul.options import EXIT_FAULT, EXIT_INTERRUPTED
from simul.output.atomic import write_atomically

F = TypeVar("F")
Progress = Callable[[str], None]
"""Told what a benchmark is about to measure."""


@dataclass(frozen=True, slots=True)
class Scenario(Generic[F]):
    """One benchmark: how to measure it, show it, and save it."""

    name: str
    announce: str
    """What it is about to do, said before it starts."""
    measure: Callable[[Progress], F]
    """Measure it; `BenchError` if it cannot."""
    show: Callable[[F], list[Table]]
    part: Callable[[F], documents.Part]
    """Its figures under its own keys of the JSON document."""
    plot_as: Literal["scale", "real"] | None = None
    """Its keyword for `plot.draw`, if it has a curve to draw."""


@dataclass(frozen=True, slots=True)
class Outputs:
    """Where the figures go besides the terminal, checked before anything runs."""

    json: Path | None = None
    plot: Path | None = None


def _times(runs: int) -> str:
    return "once" if runs == 1 else f"{runs} times"


def core_scenario(boards: int, max_moves: int, runs: int, *, quick: bool) -> Scenario[CoreFigures]:
    """The overhead ratio against python-chess alone."""

    def measure(progress: Progress) -> CoreFigures:
        try:
            return measure_core(boards, max_moves, runs)
        except NotTheSameGames as error:
            raise BenchError(str(error)) from None

    return Scenario(
        "core",
        f"Playing {boards:,} games of {max_moves} moves, {_times(runs)} each way...",
        measure,
        lambda figures: [tables.core_table(figures, quick=quick)],
        lambda figures: documents.core_part(figures, quick=quick),
    )


def scale_scenario(*, quick: bool) -> Scenario[ScaleFigures]:
    """The scaling curve, each size in a process of its own."""
    return Scenario(
        "scale",
        "Playing each size of the scaling curve in a process of its own...",
        lambda progress: measure_scale(quick=quick, progress=progress),
        lambda figures: [tables.scale_table(figures), tables.scale_goals_table(figures)],
        documents.scale_part,
        plot_as="scale",
    )


def real_scenario(*, quick: bool) -> Scenario[RealFigures]:
    """`simul run` on the real clock, wall time against the schedule."""
    size = "5,000 boards of 3 moves" if quick else "10,000 boards of 10 moves (about a minute)"
    return Scenario(
        "real",
        f"Playing {size} on the real clock, as `simul run` does...",
        lambda progress: measure_real(quick=quick),
        lambda figures: [tables.real_table(figures)],
        documents.real_part,
        plot_as="real",
    )


def race_scenario(*, quick: bool) -> Scenario[RaceFigures]:
    """Threads against asyncio, and the waiting units alone."""
    return Scenario(
        "race",
        "Playing a thread per board and asyncio, then the waiting units alone, each in a process of its own...",
        lambda progress: measure_race(quick=quick, progress=progress),
        lambda figures: [tables.race_table(figures), tables.race_goals_table(figures)],
        documents.race_part,
    )


def tui_scenario(
    boards: int, speed: float, seconds: float, presses: int, runs: int, *, quick: bool
) -> Scenario[TuiRuns]:
    """The TUI in a pseudo-terminal, `runs` times."""
    return Scenario(
        "tui",
        f"Running simul with {boards} boards at speed {speed:g} in a pseudo-terminal, {_times(runs)}...",
        lambda progress: measure_tui_runs(boards, speed, seconds, presses, runs, quick=quick),
        lambda figures: [tables.tui_table(figures)],
        documents.tui_part,
    )


def engines_scenario(boards: int, depth: int, speed: float, seconds: float) -> Scenario[list[OffloadFigures]]:
    """The loop's lag with her search in a process, a thread, or on the loop."""
    return Scenario(
        "engines",
        f"Playing {boards} boards with her search:{depth} in a process, a thread and on the loop's thread, "
        f"{seconds:g} s each...",
        lambda progress: measure_engines(boards, depth, speed, seconds),
        lambda figures: [tables.engines_table(figures, boards, depth, speed)],
        documents.engines_part,
    )


@dataclass(frozen=True, slots=True)
class CoreSettings:
    """`simul bench core`'s scenario."""

    boards: int = 2_000
    max_moves: int = 40
    runs: int = 3


@dataclass(frozen=True, slots=True)
class TuiSettings:
    """`simul bench tui`'s scenario."""

    boards: int = 50
    speed: float = 10.0
    seconds: float = 10.0
    """How long frames and CPU are counted, each run."""
    presses: int = 10
    runs: int = 3


QUICK_CORE = CoreSettings(boards=300, runs=1)
QUICK_TUI = TuiSettings(seconds=5.0, presses=4, runs=1)


def all_scenarios(*, quick: bool) -> list[Scenario[Any]]:
    """`simul bench all`: every benchmark but `engines`, quick or in full."""
    core = QUICK_CORE if quick else CoreSettings()
    tui = QUICK_TUI if quick else TuiSettings()
    return [
        core_scenario(core.boards, core.max_moves, core.runs, quick=quick),
        scale_scenario(quick=quick),
        real_scenario(quick=quick),
        race_scenario(quick=quick),
        tui_scenario(tui.boards, tui.speed, tui.seconds, tui.presses, tui.runs, quick=quick),
    ]


def run_benchmarks(
    benchmark: str,
    scenarios: Sequence[Scenario[Any]],
    outputs: Outputs,
    *,
    quick: bool,
    console: Console | None = None,
) -> int:
    """Measure each scenario in turn, show it, then save them all in one document; return the exit code.

    A scenario that cannot measure is said on stderr and recorded under
    `errors`; the others still run, and the command exits 1.
    """
    console = console if console is not None else Console()
    measured_on = documents.machine()  # before the benchmarks load the machine themselves (the race's threads)
    if quick:
        console.print("Quick: smaller scenarios, one run each; the goals are set for the full ones.", style="yellow")
    parts: list[documents.Part] = []
    plots: dict[str, Any] = {}
    errors: dict[str, str] = {}
    try:
        for scenario in scenarios:
            console.print(scenario.announce, style="dim")
            try:
                figures = scenario.measure(lambda text: console.print(f"  {text}", style="dim"))
            except BenchError as error:
                errors[scenario.name] = str(error)
                print(f"simul bench: error: {scenario.name}: {error}", file=sys.stderr)
                continue
            for table in scenario.show(figures):
                console.print(table)
            parts.append(scenario.part(figures))
            if scenario.plot_as is not None:
                plots[scenario.plot_as] = figures
    except KeyboardInterrupt:
        print("simul bench: stopped: nothing saved.", file=sys.stderr)
        return EXIT_INTERRUPTED
    if outputs.json is not None:
        document = documents.document(benchmark, parts, quick=quick, errors=errors, measured_on=measured_on)
        write_atomically(outputs.json, documents.render(document))
        console.print(f"Figures written to {outputs.json}")
    if outputs.plot is not None:
        if plots:
            draw(outputs.plot, **plots)
            console.print(f"Plot drawn to {outputs.plot}")
        else:
            print("simul bench: nothing to plot: no curve was measured", file=sys.stderr)
    return EXIT_FAULT if errors else 0
