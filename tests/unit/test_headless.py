"""`simul run` as a user runs it: outputs, summary, determinism, Ctrl+C."""

from __future__ import annotations

import datetime
import json
import signal
from collections.abc import Sequence
from pathlib import Path

import chess.pgn
import pytest
from rich.console import Console

from simul.cli import build_parser, main, options_from
from simul.core.events import Event, MovePlayed
from simul.core.table import Table
from simul.headless import run_headless
from simul.output.pgn import write_pgn


def run(argv: list[str]) -> int:
    return main(["run", "--clock", "virtual", *argv])


def test_run_writes_pgn_and_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pgn, report = tmp_path / "a.pgn", tmp_path / "a.json"
    code = run(["--boards", "12", "--seed", "7", "--pgn", str(pgn), "--report", str(report)])
    assert code == 0
    out = capsys.readouterr().out
    for line in ("Simulated time", "One game at a time", "Speedup", "Replies waited", "Event loop", "Results"):
        assert line in out
    assert "Wall time" not in out  # on the virtual clock the table is the same in every run
    data = json.loads(report.read_text())
    assert data["schema"] == 3
    assert data["config"]["event_loop"] == "asyncio"
    assert data["config"]["seed"] == 7
    assert data["config"]["policy"] == "round"
    assert data["summary"]["loop_lag_ms"] is None  # no lag to measure on the virtual clock
    assert data["summary"]["loop"]["passes"] > data["summary"]["moves"]
    waits = data["summary"]["wait_seconds"]
    assert 0 <= waits["mean"] <= waits["p99"] <= waits["max"]
    assert (
        data["summary"]["results"]["gm_wins"]
        + data["summary"]["results"]["draws"]
        + data["summary"]["results"]["gm_losses"]
        == 12
    )
    with pgn.open() as file:
        games = list(iter(lambda: chess.pgn.read_game(file), None))
    assert len(games) == 12
    assert all(game.errors == [] for game in games)


def test_the_same_seed_writes_byte_identical_pgn(tmp_path: Path) -> None:
    first, second = tmp_path / "1.pgn", tmp_path / "2.pgn"
    assert run(["--boards", "10", "--seed", "7", "--pgn", str(first)]) == 0
    assert run(["--boards", "10", "--seed", "7", "--pgn", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_classic_example_takes_about_an_hour_instead_of_twelve(tmp_path: Path) -> None:
    report = tmp_path / "classic.json"
    argv = ["--boards", "24", "--gm-move", "5", "--think", "55", "--max-moves", "30", "--seed", "2"]
    # With this seed random play keeps every game to its 30 moves, as in the tutorial's arithmetic.
    assert run([*argv, "--gm", "random", "--report", str(report)]) == 0
    summary = json.loads(report.read_text())["summary"]
    assert summary["simulated_seconds"] == pytest.approx(30 * 24 * 5 + 55)  # 1 h 00 min 55 s
    assert summary["sequential_seconds"] == pytest.approx(12 * 3600)
    assert summary["speedup"] == pytest.approx(11.8, abs=0.1)


@pytest.mark.parametrize(
    ("signum", "code", "cause"),
    [(signal.SIGINT, 130, "Ctrl+C"), (signal.SIGTERM, 143, "SIGTERM"), (signal.SIGHUP, 129, "SIGHUP")],
)
def test_a_stop_signal_saves_the_games_so_far_and_exits_128_plus_it(
    tmp_path: Path, signum: signal.Signals, code: int, cause: str
) -> None:
    pgn, report = tmp_path / "stopped.pgn", tmp_path / "stopped.json"
    args = build_parser().parse_args(
        ["run", "--clock", "virtual", "--boards", "6", "--seed", "2", "--pgn", str(pgn), "--report", str(report)]
    )
    options = options_from(args)
    moves = 0

    def press_ctrl_c_after_40_moves(event: Event) -> None:
        nonlocal moves
        if isinstance(event, MovePlayed):
            moves += 1
            if moves == 40:
                signal.raise_signal(signum)

    with (tmp_path / "out.txt").open("w") as out:
        assert run_headless(options, Console(file=out), subscribers=[press_ctrl_c_after_40_moves]) == code
    assert f"Stopped by {cause}: unfinished games are saved" in (tmp_path / "out.txt").read_text()
    with pgn.open() as file:
        games = list(iter(lambda: chess.pgn.read_game(file), None))
    assert len(games) == 6
    assert {g.headers["Result"] for g in games} == {"*"}
    assert {g.headers["Termination"] for g in games} == {"unterminated"}
    assert 40 <= sum(len(list(g.mainline_moves())) for g in games) <= 41
    assert json.loads(report.read_text())["summary"]["results"]["unfinished"] == 6


def test_a_second_signal_during_the_save_does_not_cut_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pgn = tmp_path / "games.pgn"
    options = options_from(build_parser().parse_args(["run", "--clock", "virtual", "--boards", "5", "--pgn", str(pgn)]))

    def stop_after_the_first_move(event: Event) -> None:
        if isinstance(event, MovePlayed) and event.ply == 1 and event.table == 1:
            signal.raise_signal(signal.SIGINT)

    def write_pgn_pressed_twice(path: Path, tables: Sequence[Table], date: datetime.date) -> None:
        signal.raise_signal(signal.SIGTERM)  # the impatient second press, as the save begins
        write_pgn(path, tables, date)

    monkeypatch.setattr("simul.headless.write_pgn", write_pgn_pressed_twice)
    with (tmp_path / "out.txt").open("w") as out:
        code = run_headless(options, Console(file=out), subscribers=[stop_after_the_first_move])
    assert code == 130  # the first signal's
    with pgn.open() as file:
        games = list(iter(lambda: chess.pgn.read_game(file), None))
    assert len(games) == 5
    assert all(not game.errors for game in games)


def test_autosave_is_a_background_task_that_saves_while_playing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pgn = tmp_path / "games.pgn"
    sizes: list[int] = []

    def write_and_measure(path: Path, tables: Sequence[Table], date: datetime.date) -> None:
        write_pgn(path, tables, date)
        sizes.append(pgn.stat().st_size)

    monkeypatch.setattr("simul.output.autosave.write_pgn", write_and_measure)
    code = run(["--boards", "6", "--seed", "3", "--max-moves", "12", "--pgn", str(pgn), "--autosave", "60"])
    assert code == 0
    out = capsys.readouterr().out
    assert f"Autosaved {len(sizes)} times while playing, every 60 s." in out
    assert len(sizes) >= 3
    assert sizes == sorted(sizes), "each save holds more moves than the one before"
    assert pgn.stat().st_size >= sizes[-1]  # the final save has every move


def test_uvloop_runs_the_same_program_on_the_real_clock(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pgn, report = tmp_path / "u.pgn", tmp_path / "u.json"
    # At this speed the whole schedule (4 moves, 1..4 s thinks) takes well under a tenth of a second.
    argv = ["run", "--clock", "real", "--speed", "100000", "--loop", "uvloop", "--boards", "3", "--max-moves", "2"]
    code = main([*argv, "--seed", "5", "--pgn", str(pgn), "--report", str(report)])
    assert code == 0
    assert "uvloop (its passes are not counted)" in capsys.readouterr().out
    data = json.loads(report.read_text())
    assert data["config"]["event_loop"] == "uvloop"
    assert data["summary"]["loop"] is None  # simul does not look inside uvloop
    assert data["summary"]["moves"] == 12
    with pgn.open() as games:
        for _ in range(3):
            game = chess.pgn.read_game(games)
            assert game is not None
            assert not game.errors
            assert len(list(game.mainline_moves())) == 4


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--clock", "virtual", "--loop", "uvloop"], "--loop uvloop runs on the real clock"),
        (["--clock", "real", "--loop", "tokio"], "invalid choice: 'tokio'"),
    ],
)
def test_a_loop_that_cannot_run_is_one_line_and_exit_2(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code = main(["run", "--boards", "2", *argv])
    except SystemExit as exit:  # argparse's own check of the choices
        code = exit.code  # type: ignore[assignment]
    assert code == 2
    err = capsys.readouterr().err
    assert said in err
    assert "Traceback" not in err


def test_uvloop_missing_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    found = importlib.util.find_spec

    def find_spec(name: str, *rest: str | None) -> object:
        return None if name == "uvloop" else found(name, *rest)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    assert main(["run", "--clock", "real", "--loop", "uvloop", "--boards", "2"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["simul run: error: uvloop is not installed: pip install 'simul[uvloop]', or leave out --loop"]
