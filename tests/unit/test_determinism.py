"""On the virtual clock nothing depends on the wall clock: the same output, run after run, under load too."""

from __future__ import annotations

import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from simul.cli import main
from simul.lessons.registry import LESSONS
from tests.unit.test_docs import examples


@pytest.fixture
def cpu_burner() -> Iterator[None]:
    """A process spinning on a core beside the test, as a busy machine would."""
    burner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        yield
    finally:
        burner.kill()
        burner.wait()


def without_date(pgn: bytes) -> bytes:
    """The PGN without its Date tags: today's date is the one thing allowed to differ between runs."""
    return b"\n".join(line for line in pgn.splitlines() if not line.startswith(b"[Date "))


@pytest.mark.usefixtures("cpu_burner")
@pytest.mark.parametrize("policy", ["round", "loop"])
def test_a_virtual_run_writes_the_same_pgn_and_prints_the_same_summary(tmp_path: Path, policy: str) -> None:
    argv = ["run", "--clock", "virtual", "--seed", "7", "--boards", "20", "--max-moves", "20", "--policy", policy]
    runs = []
    for attempt in range(2):
        pgn = tmp_path / f"{attempt}.pgn"
        result = subprocess.run(
            [sys.executable, "-m", "simul", *argv, "--pgn", str(pgn)], capture_output=True, text=True, check=True
        )
        runs.append((without_date(pgn.read_bytes()), result.stdout.replace(str(pgn), "")))
    assert runs[0] == runs[1]


VIRTUAL_EXAMPLES = [
    example
    for example in examples()
    if example.exact and example.command.split()[1:2] == ["lesson"] and LESSONS[example.command.split()[2]].virtual
]


def test_every_virtual_lesson_is_checked_here() -> None:
    assert {example.command.split()[2] for example in VIRTUAL_EXAMPLES} == {
        name for name, lesson in LESSONS.items() if lesson.virtual
    }


@pytest.mark.usefixtures("cpu_burner")
def test_every_virtual_lesson_prints_the_page_twice_over_under_load(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    for example in VIRTUAL_EXAMPLES:
        for _ in range(2):
            assert main([*shlex.split(example.command)[1:], "--clock", "virtual"]) == 0
            assert capsys.readouterr().out.rstrip("\n") == example.shown, example.command
