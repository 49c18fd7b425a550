"""The command line: every bad input is one clear line on stderr and exit code 2."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from simul.cli import main


def fails_cleanly(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """Run `simul argv`; check it exits 2 with one line on stderr; return that line."""
    try:
        code: int | str | None = main(argv)
    except SystemExit as exit_request:  # argparse exits by itself
        code = exit_request.code
    assert code == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""
    return lines[0]


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--boards", "0"], "boards must be between 1 and 100,000, not 0"),
        (["--boards", "-3"], "boards must be between 1 and 100,000, not -3"),
        (["--boards", "1000000000"], "boards must be between 1 and 100,000"),
        (["--boards", "many"], "'many' is not a whole number"),
        (["--boards", "2.5"], "'2.5' is not a whole number"),
        (["--think", "nan"], "think time must be a finite number of seconds, not nan"),
        (["--think", "inf"], "think time must be a finite number of seconds, not inf"),
        (["--think", "1e309"], "think time must be a finite number of seconds, not inf"),
        (["--think", "-1"], "think time cannot be negative"),
        (["--think", "soon"], "is not a number of seconds or a range like 2..8"),
        (["--think", "8..2"], "think range 8..2 has min > max"),
        (["--think", "2..nan"], "think time must be a finite number of seconds"),
        (["--think", "1..2..3"], "is not a number of seconds or a range"),
        (["--gm-move", "nan"], "gm-move must be a finite number of seconds, not nan"),
        (["--gm-move", "-0.5"], "gm-move cannot be negative"),
        (["--gm-move", "quick"], "'quick' is not a number of seconds"),
        (["--gm-move", "1e7"], "gm-move of 1e+07 s is too long"),
        (["--walk=-inf"], "walk must be a finite number of seconds"),
        (["--speed", "0"], "speed must be a number above 0"),
        (["--speed", "-2"], "speed must be a number above 0"),
        (["--speed", "nan"], "speed must be a number above 0"),
        (["--speed", "inf"], "speed must be a number above 0"),
        (["--speed", "fast"], "'fast' is not a number"),
        (["--max-moves", "0"], "must be at least 1, not 0"),
        (["--seed", "x"], "'x' is not a whole number"),
        (["--clock", "sundial"], "invalid choice: 'sundial'"),
        (["--gm", "magnus"], "invalid choice: 'magnus'"),
        (["--gm-color", "green"], "invalid choice: 'green'"),
        (["--fen", "not a fen"], "FEN 'not a fen' is not valid"),
        (["--fen", "8/8/8/8/8/8/8/8 w - - 0 1"], "is not a legal position"),
        # White to move while Black's king is already in check: no legal game reaches it.
        (["--fen", "4k3/8/8/8/8/8/8/K3R3 w - - 0 1"], "is not a legal position"),
        (["--fen", "7k/5KQ1/8/8/8/8/8/8 b - - 0 1"], "is a finished game"),
        (
            ["--pgn", "/no/such/folder/games.pgn"],
            "--pgn /no/such/folder/games.pgn: folder '/no/such/folder' does not exist",
        ),
        (["--report", "/no/such/folder/r.json"], "folder '/no/such/folder' does not exist"),
        (["--autosave", "30"], "--autosave saves the --pgn file: give --pgn too"),
        (["--autosave", "0", "--pgn", "x.pgn"], "must be more than 0 seconds"),
        (["--unknown"], "unrecognized arguments: --unknown"),
    ],
)
def test_bad_input_is_one_clear_line(capsys: pytest.CaptureFixture[str], argv: list[str], says: str) -> None:
    line = fails_cleanly(capsys, ["run", *argv])
    assert line.startswith(("simul run: error: ", "simul: error: "))
    assert says in line


def test_pgn_and_report_at_the_same_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    same = str(tmp_path / "out.txt")
    line = fails_cleanly(capsys, ["run", "--pgn", same, "--report", same])
    assert "--pgn and --report are the same file" in line


def test_an_output_that_is_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    line = fails_cleanly(capsys, ["run", "--pgn", str(tmp_path)])
    assert "is a folder, not a file" in line


def test_unknown_command(capsys: pytest.CaptureFixture[str]) -> None:
    line = fails_cleanly(capsys, ["play"])
    assert "invalid choice: 'play'" in line


def test_version_and_help_as_a_module() -> None:
    version = subprocess.run([sys.executable, "-m", "simul", "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("simul ")
    helped = subprocess.run(
        [sys.executable, "-m", "simul", "run", "--help"], capture_output=True, text=True, check=True
    )
    for option in ("--boards", "--think", "--gm-move", "--walk", "--max-moves", "--seed", "--speed", "--clock"):
        assert option in helped.stdout
    for option in ("--gm", "--opponent", "--gm-color", "--fen", "--pgn", "--report"):
        assert option in helped.stdout


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        ([], "the following arguments are required: TARGET"),
        (["gpu"], "invalid choice: 'gpu'"),
        (["tui", "--seconds", "0"], "must be more than 0 seconds"),
        (["tui", "--presses", "0"], "must be at least 1, not 0"),
        (["tui", "--boards", "0"], "boards must be between 1 and 100,000"),
        (["tui", "--json", "/no/such/folder/b.json"], "folder '/no/such/folder' does not exist"),
    ],
)
def test_bench_bad_input_is_one_clear_line(capsys: pytest.CaptureFixture[str], argv: list[str], says: str) -> None:
    line = fails_cleanly(capsys, ["bench", *argv])
    assert line.startswith(("simul bench: error: ", "simul bench tui: error: "))
    assert says in line


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--boards", "1001"], "a race has at most 1,000 boards"),
        (["--boards", "0"], "boards must be between 1 and 100,000"),
        (["--think", "5..1"], "think range 5..1 has min > max"),
        (["--gm-move", "nan"], "gm-move must be a finite number of seconds"),
        (["--max-moves", "0"], "must be at least 1, not 0"),
        (["--speed", "0"], "speed must be a number above 0"),
        (["--preset", "blitz"], "invalid choice: 'blitz'"),
        (["--json", "/no/such/folder/r.json"], "folder '/no/such/folder' does not exist"),
    ],
)
def test_race_bad_input_is_one_clear_line(capsys: pytest.CaptureFixture[str], argv: list[str], says: str) -> None:
    line = fails_cleanly(capsys, ["race", *argv])
    assert line.startswith("simul race: error: ")
    assert says in line


class ClosedPipe:
    """A standard output whose reader has gone away, as after `simul lesson await | head -1`."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self) -> int:
        raise io.UnsupportedOperation("fileno")


def test_a_closed_standard_output_ends_quietly(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["lesson"]) == 141
    assert capsys.readouterr().err == ""
