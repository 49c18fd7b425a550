"""The command line as a module, and a reader who goes away (bad inputs: test_bad_input.py)."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from simul.cli import main
from simul.lessons.registry import LESSONS


def test_version_and_help_as_a_module() -> None:
    version = subprocess.run([sys.executable, "-m", "simul", "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("simul ")
    # Answered before the parser is built: the parser must say the very same.
    parsed = subprocess.run(
        [sys.executable, "-c", "from simul.cli import main; main(['--version'])"], capture_output=True, text=True
    )
    assert parsed.stdout == version.stdout
    helped = subprocess.run(
        [sys.executable, "-m", "simul", "run", "--help"], capture_output=True, text=True, check=True
    )
    for option in ("--boards", "--think", "--gm-move", "--walk", "--max-moves", "--seed", "--speed", "--clock"):
        assert option in helped.stdout
    for option in ("--gm", "--opponent", "--gm-color", "--fen", "--pgn", "--report"):
        assert option in helped.stdout


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


def test_the_lesson_help_names_every_lesson_that_refuses_the_virtual_clock(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["lesson", "--help"])
    helped = " ".join(capsys.readouterr().out.split())  # argparse wraps it at the terminal's width
    refused = helped.split("--clock {real,virtual}", 1)[1].split("(not for ", 1)[1].split(")", 1)[0]
    real_only = [name for name, lesson in LESSONS.items() if not lesson.virtual]
    assert "debug" in real_only
    assert refused == f"{', '.join(real_only[:-1])} and {real_only[-1]}: they measure real time"
