"""The docs cannot rot: every command on their pages prints what they show; every quoted line is in the source."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

from simul.cli import main
from simul.core.offload import Offload
from simul.lessons import gil
from simul.lessons.registry import LESSONS

ROOT = Path(__file__).resolve().parents[2]
PAGES = (ROOT / "docs" / "lessons.md", ROOT / "docs" / "rules.md")
"""The pages whose commands and quotes are checked."""
FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
SOURCE = re.compile(r"`(simul/[\w/]+\.py)`")


@dataclass(frozen=True)
class Example:
    """A command on the page, and what the page says it prints."""

    command: str
    shown: str
    exact: bool
    """Fixed output, checked line for line; else a sample, checked for its shape."""


def examples() -> list[Example]:
    found = []
    for fence in (fence for page in PAGES for fence in FENCE.finditer(page.read_text())):
        info = fence["info"].split()
        if info[:1] != ["console"]:
            continue
        first, _, rest = fence["body"].partition("\n")
        assert first.startswith("$ simul "), first
        found.append(Example(first.removeprefix("$ "), rest.rstrip("\n"), exact=info[1:] != ["sample"]))
    return found


def quotes() -> list[tuple[str, str]]:
    """Each quoted piece of code, and the source file named just before it."""
    found = []
    for text in (page.read_text() for page in PAGES):
        found.extend(_quotes_in(text))
    return found


def _quotes_in(text: str) -> list[tuple[str, str]]:
    found = []
    for fence in FENCE.finditer(text):
        if fence["info"].strip() != "python":
            continue
        named = SOURCE.findall(text[: fence.start()])
        assert named, "a quote of code with no file named before it"
        found.append((named[-1], fence["body"].rstrip("\n")))
    return found


def shape(text: str) -> str:
    """The words of an output, its numbers and tables left out: what a sample must keep."""
    prose = [line for line in text.splitlines() if not line.lstrip().startswith(tuple("┏┃┡│└╭╰"))]
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", " ".join(prose))).strip()


def test_every_lesson_has_its_command_on_the_page() -> None:
    commands = {example.command for example in examples()}
    assert {f"simul lesson {name}" for name in LESSONS} <= commands


@pytest.mark.parametrize("example", examples(), ids=lambda example: example.command)
def test_each_command_prints_what_the_page_shows(
    example: Example, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = shlex.split(example.command)[1:]
    virtual = example.exact and argv[0] == "lesson" and LESSONS[argv[1]].virtual
    # The gil lesson's words follow its measurement: given figures like the page's, what it
    # concludes is checked without timing anything, whatever else the machine is doing.
    monkeypatch.setattr(gil, "measure", lambda fens: gil.Timings(alone=0.62, threads=0.65, processes=0.35))
    monkeypatch.setattr(
        gil,
        "measure_offload",
        lambda fens: {
            Offload.PROCESS: gil.LoopFigures(0.39, 75, 0.0002, 0.0035, 0.0035),
            Offload.THREAD: gil.LoopFigures(0.38, 52, 0.0053, 0.0085, 0.0085),
            Offload.NONE: gil.LoopFigures(0.37, 1, 0.3703, 0.3703, 0.3703),
        },
    )
    monkeypatch.setenv("COLUMNS", "80")  # the width the page was written at
    code = main([*argv, "--clock", "virtual"] if virtual else argv)
    assert code == 0
    printed = capsys.readouterr().out.rstrip("\n")
    if example.exact:
        assert printed == example.shown
    else:
        assert shape(printed) == shape(example.shown)


@pytest.mark.parametrize(("path", "code"), quotes(), ids=lambda value: str(value)[:40])
def test_each_quote_of_code_is_in_the_source(path: str, code: str) -> None:
    assert code in (ROOT / path).read_text(), f"{path} no longer holds:\n{code}"
