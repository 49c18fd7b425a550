"""`simul bench`: one JSON document of every benchmark, the plot, and bad input refused before anything runs."""

from __future__ import annotations

import io
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import pytest
from rich.console import Console
from rich.table import Table

import simul.bench.command
import simul.bench.plot
from simul.bench import documents
from simul.bench.command import Outputs, Scenario, all_scenarios, run_benchmarks
from simul.bench.core import CoreFigures
from simul.bench.errors import BenchError
from simul.bench.idle_child import Waiting
from simul.bench.plot import draw, plot_problem
from simul.bench.race import measure_race
from simul.bench.real import QUICK, RealFigures
from simul.bench.scale import MAX_MOVES, MemoryProbe, ScaleFigures, ScalePoint
from simul.bench.tui import TuiFigures, TuiRuns
from simul.cli import main
from simul.core.config import ExhibitionConfig
from simul.core.stats import LagSummary
from simul.race.modes import Mode, ModeFigures

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def core() -> CoreFigures:
    return CoreFigures(300, 40, 24_000, 90.0, 160.0, 1.78, 1, (1.78,))


def scale() -> ScaleFigures:
    def point(boards: int, us_per_ply: float, growth: float | None) -> ScalePoint:
        plies = 20 * boards
        return ScalePoint(
            boards=boards,
            wall_seconds=plies * us_per_ply * 1.1e-6,
            cpu_seconds=plies * us_per_ply * 1e-6,
            process_cpu_seconds=plies * us_per_ply * 1e-6 + 0.4,
            plies=plies,
            peak_rss_bytes=28_000_000 + 11_000 * boards,
            us_per_ply=us_per_ply,
            memory_per_board_bytes=11_000.0,
            growth=growth,
        )

    points = (point(50, 119.0, None), point(500, 118.0, 0.0), point(2_000, 150.0, 0.27))
    probe = MemoryProbe(1_000, 20, 40_000, 43_000_000, 28_000_000, 15_000.0)
    return ScaleFigures(MAX_MOVES, 28_000_000, points, probe, quick=True)


def real() -> RealFigures:
    return RealFigures(
        QUICK.boards, QUICK.max_moves, QUICK.gm_move, QUICK.think, QUICK.seed, QUICK.command,
        14.02, 14.01, 4.4, 30_000, LagSummary(0.7, 16.5, 21.1, 271), quick=True,
    )  # fmt: skip


def race() -> Any:
    def play(mode: Mode, config: ExhibitionConfig, speed: float) -> ModeFigures:
        threads = config.boards + 1 if mode is Mode.THREADS else 1
        return ModeFigures(3.9, 1.2, threads, 28_000_000 + 20_000 * config.boards, [["e2e4"]] * config.boards)

    def idle(kind: str, count: int) -> Waiting:
        cost = 16_000 if kind == "threads" else 1_200
        return Waiting(count, None, count + 1 if kind == "threads" else 1, 28_000_000 + cost * count)

    return measure_race(quick=True, play_runner=play, idle_runner=idle)


def tui() -> TuiRuns:
    return TuiRuns((TuiFigures(50, 10.0, 5.0, 21.0, 0.45, (20.0, 60.0)),), quick=True)


def scenario(
    name: str, figures: object, *, plot_as: Literal["scale", "real"] | None = None, fails: bool = False
) -> Scenario[Any]:
    """A benchmark that measures nothing: it hands over the figures given, or fails."""

    def measure(progress: simul.bench.command.Progress) -> object:
        if fails:
            raise BenchError("the app drew nothing in 60 s")
        progress("measuring")
        return figures

    parts: dict[str, Callable[[Any], documents.Part]] = {
        "core": lambda f: documents.core_part(f, quick=True),
        "scale": documents.scale_part,
        "real": documents.real_part,
        "race": documents.race_part,
        "tui": documents.tui_part,
    }
    return Scenario(name, f"Running {name}...", measure, lambda f: [Table(title=name)], parts[name], plot_as)


def every_scenario(**fails: bool) -> list[Scenario[Any]]:
    return [
        scenario("core", core(), fails=fails.get("core", False)),
        scenario("scale", scale(), plot_as="scale", fails=fails.get("scale", False)),
        scenario("real", real(), plot_as="real", fails=fails.get("real", False)),
        scenario("race", race(), fails=fails.get("race", False)),
        scenario("tui", tui(), fails=fails.get("tui", False)),
    ]


def quiet() -> Console:
    return Console(file=io.StringIO(), width=200)


def test_all_writes_one_document_with_the_issues_keys(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    assert run_benchmarks("all", every_scenario(), Outputs(json=path), quick=True, console=quiet()) == 0
    whole = json.loads(path.read_text())
    assert whole["benchmark"] == "all"
    assert whole["quick"] is True
    assert whole["core"]["overhead_ratio"] == 1.78
    assert [point["boards"] for point in whole["scale"]] == [50, 500, 2_000]
    for point in whole["scale"]:
        assert {"boards", "wall_seconds", "cpu_seconds", "plies", "peak_rss_bytes"} <= set(point)
    assert whole["scale"][2]["linear"] is False
    assert whole["scale_summary"]["memory_at_40_plies"]["memory_per_board_bytes"] == 15_000.0
    assert {"boards", "wall_seconds", "schedule_seconds", "lag_ms"} <= set(whole["real"])
    assert set(whole["real"]["lag_ms"]) == {"p50", "p99", "max", "samples"}
    (size,) = whole["race"]["sizes"]
    assert size["waiting"]["threads"]["per_unit_bytes"] == 16_000
    assert size["plays"]["threads"]["os_threads"] == 1_001
    assert size["unit_ratio"] == pytest.approx(16_000 / 1_200)
    assert whole["tui"]["frames_per_second"] == {"median": 21.0, "low": 21.0, "high": 21.0}
    assert whole["machine"]["cpus"] >= 1
    assert "errors" not in whole
    # Each part says whether it met its goals, in the very words of its table.
    assert whole["core"]["goals"][0] == {
        "measure": "overhead ratio, simul / floor",
        "value": "1.78",
        "target": "<= 1.3 (aim 1.15) at 2,000 boards",
        "met": None,  # 300 boards: the goal is set for 2,000
    }


def test_a_scenario_that_cannot_measure_is_said_and_recorded_and_the_rest_run_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "b.json"
    code = run_benchmarks("all", every_scenario(tui=True), Outputs(json=path), quick=False, console=quiet())
    assert code == 1
    assert capsys.readouterr().err == "simul bench: error: tui: the app drew nothing in 60 s\n"
    whole = json.loads(path.read_text())
    assert whole["errors"] == {"tui": "the app drew nothing in 60 s"}
    assert "tui" not in whole
    assert whole["core"]["overhead_ratio"] == 1.78


def test_a_stop_saves_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def stopped(progress: simul.bench.command.Progress) -> object:
        raise KeyboardInterrupt

    interrupted = Scenario("core", "...", stopped, lambda f: [], lambda f: {})
    path = tmp_path / "b.json"
    assert run_benchmarks("core", [interrupted], Outputs(json=path), quick=False, console=quiet()) == 130
    assert not path.exists()
    assert capsys.readouterr().err == "simul bench: stopped: nothing saved.\n"


def test_quick_says_so_on_screen_and_in_each_part(tmp_path: Path) -> None:
    console = Console(file=io.StringIO(), width=200, record=True)
    path = tmp_path / "b.json"
    run_benchmarks("scale", [scenario("scale", scale())], Outputs(json=path), quick=True, console=console)
    assert "Quick: smaller scenarios" in console.export_text()
    whole = json.loads(path.read_text())
    assert whole["quick"] is True
    assert whole["scale_summary"]["quick"] is True


def test_every_scenario_but_engines_in_all() -> None:
    assert [scenario.name for scenario in all_scenarios(quick=True)] == ["core", "scale", "real", "race", "tui"]


def test_not_a_number_is_refused_in_a_document() -> None:
    with pytest.raises(ValueError, match="not JSON compliant"):
        documents.render({"core": {"overhead_ratio": math.nan}})


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_the_plot_draws_the_curves_and_the_real_run(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"curves{suffix}"
    draw(path, scale=scale(), real=real())
    content = path.read_bytes()
    if suffix == ".png":
        assert content.startswith(PNG_SIGNATURE)
        width, height = int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
        assert width > 2 * height  # three panels side by side
    else:
        assert content.startswith(b"<?xml")
        assert b"<svg" in content
        text = content.decode()
        for label in ("Cost a ply", "Memory per board", "wall +0.07% against the schedule", "goal at 40 plies"):
            assert label in text  # drawn as paths, each text is also kept in a comment beside them
    assert [entry.name for entry in tmp_path.iterdir()] == [path.name]  # written whole, no temporary left


def test_all_draws_one_plot_from_the_scale_and_real_runs(tmp_path: Path) -> None:
    path = tmp_path / "b.png"
    assert run_benchmarks("all", every_scenario(), Outputs(plot=path), quick=True, console=quiet()) == 0
    assert path.read_bytes().startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("name", ["curves.jpg", "curves", "curves.png.txt"])
def test_a_plot_is_png_or_svg_by_its_suffix(name: str) -> None:
    assert plot_problem(Path(name)) == f"--plot {name}: name a .png or .svg file (its suffix sets the format)"
    assert plot_problem(Path("Curves.SVG")) is None


BAD: list[tuple[list[str], str]] = [
    (["bench", "tui", "--runs", "-1"], "must be at least 1, not -1"),
    (["bench", "tui", "--runs", "0"], "must be at least 1, not 0"),
    (["bench", "core", "--boards", "-3"], "boards must be between 1 and 100,000, not -3"),
    (["bench", "core", "--runs", "-2"], "must be at least 1, not -2"),
    (["bench", "scale", "--json", "/no/such/folder/s.json"], "folder '/no/such/folder' does not exist"),
    (["bench", "scale", "--plot", "/no/such/folder/s.png"], "folder '/no/such/folder' does not exist"),
    (["bench", "real", "--plot", "/proc/real.svg"], "--plot /proc/real.svg: cannot write in '/proc'"),
    (["bench", "all", "--json", "/sys/b.json"], "cannot write in '/sys'"),
    (["bench", "all", "--plot", "b.jpg"], "--plot b.jpg: name a .png or .svg file"),
    (["bench", "all", "--plot", "b\nx.png.gif"], "--plot 'b\\nx.png.gif': name a .png or .svg file"),
    (["bench", "scale", "--plot", "here"], "--plot here: name a .png or .svg file"),
    (["bench", "all", "--json", "b.svg", "--plot", "b.svg"], "--json and --plot are the same file"),
    (["bench", "race", "--plot", "r.png"], "unrecognized arguments: --plot r.png"),
    (["bench", "tui", "--plot", "t.png"], "unrecognized arguments: --plot t.png"),
    (["bench", "engines", "--quick"], "unrecognized arguments: --quick"),
    (["bench", "all", "--quik"], "unrecognized arguments: --quik"),
]


@pytest.fixture
def nothing_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Any benchmark started fails the test: bad input must be refused first. Runs in an empty folder."""

    def refuse(*args: object, **kwargs: object) -> int:
        raise AssertionError("a benchmark ran")

    monkeypatch.setattr(simul.bench.command, "run_benchmarks", refuse)
    monkeypatch.chdir(tmp_path)


@pytest.mark.usefixtures("nothing_runs")
@pytest.mark.parametrize(("argv", "says"), BAD, ids=[" ".join(argv) for argv, _ in BAD])
def test_bad_input_is_one_line_and_exit_2_before_anything_runs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], says: str
) -> None:
    try:
        code: int | str | None = main(argv)
    except SystemExit as exit_request:  # argparse exits by itself
        code = exit_request.code
    captured = capsys.readouterr()
    assert code == 2, captured
    (line,) = captured.err.splitlines()
    assert line.startswith("simul"), line  # argparse's own errors name the top command
    assert says in line
    assert captured.out == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("nothing_runs")
def test_a_plot_without_matplotlib_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(simul.bench.plot, "matplotlib_installed", lambda: False)
    assert main(["bench", "scale", "--quick", "--plot", "s.png"]) == 2
    assert capsys.readouterr().err == (
        'simul bench: error: --plot needs matplotlib, which is not installed: pip install "simul[plot]"\n'
    )


def test_quick_settings_yield_to_those_given(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[object, ...]] = []

    def tui_scenario(*settings: object, quick: bool) -> Scenario[Any]:
        asked.append((*settings, quick))
        return scenario("tui", tui())

    def core_scenario(*settings: object, quick: bool) -> Scenario[Any]:
        asked.append((*settings, quick))
        return scenario("core", core())

    ran: list[list[str]] = []

    def record(benchmark: str, scenarios: list[Scenario[Any]], outputs: Outputs, *, quick: bool) -> int:
        ran.append([benchmark, *(scenario.name for scenario in scenarios)])
        return 0

    monkeypatch.setattr(simul.bench.command, "tui_scenario", tui_scenario)
    monkeypatch.setattr(simul.bench.command, "core_scenario", core_scenario)
    monkeypatch.setattr(simul.bench.command, "run_benchmarks", record)
    assert main(["bench", "tui", "--quick", "--runs", "2"]) == 0
    assert main(["bench", "tui", "--boards", "200"]) == 0
    assert main(["bench", "core", "--quick"]) == 0
    assert main(["bench", "core", "--quick", "--boards", "1000"]) == 0
    assert asked == [
        (50, 10.0, 5.0, 4, 2, True),  # quick's seconds and presses, the runs given
        (200, 10.0, 10.0, 10, 3, False),
        (300, 40, 1, True),
        (1000, 40, 1, True),
    ]
    assert ran == [["tui", "tui"], ["tui", "tui"], ["core", "core"], ["core", "core"]]
