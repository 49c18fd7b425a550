"""The side panel's small pieces, as pure functions: the settings line, the lag marks, her time."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import io

from rich.console import Console

import simul.tui.widgets.lesson as lesson_module
from simul.core.stats import ExhibitionStats
from simul.tui.widgets.lag_marks import Mark, mark_row
from simul.tui.widgets.settings_line import fold_phrases
from simul.tui.widgets.stats_panel import her_time, stats_table

PHRASES = ("simul", "50 boards", "think 5..30 s", "her move 0.5 s", "seed 284543", "policy round")


def test_the_settings_fold_between_phrases_never_inside_one() -> None:
    assert fold_phrases(PHRASES, 48) == [
        "simul · 50 boards · think 5..30 s",
        "her move 0.5 s · seed 284543 · policy round",
    ]
    assert fold_phrases(PHRASES, 200) == [" · ".join(PHRASES)]
    assert fold_phrases(("a phrase longer than the line", "x"), 10) == ["a phrase longer than the line", "x"]


def test_a_mark_sits_under_the_sample_it_was_pressed_at() -> None:
    # 120 samples across 40 cells: 3 samples a cell, the newest on the right.
    row = mark_row([Mark(sample=30, key="b"), Mark(sample=90, key="a")], taken=120, shown=120, width=40)
    assert row.plain == " " * 10 + "▲b" + " " * 18 + "▲a" + " " * 8
    assert {span.style for span in row.spans if span.start == 10} == {"bold #ff5f5f"}


def test_marks_scroll_left_with_the_samples_and_drop_off() -> None:
    marks = [Mark(sample=10, key="b"), Mark(sample=200, key="a")]
    row = mark_row(marks, taken=220, shown=120, width=40)  # samples 100..219 shown: b has scrolled off
    assert row.plain.count("▲") == 1
    assert row.plain.index("▲a") == (200 - 100) * 40 // 120
    assert mark_row(marks, taken=15, shown=120, width=40).plain.index("▲b") == (10 - (15 - 120)) * 40 // 120


def test_a_mark_on_the_newest_sample_stays_in_the_row() -> None:
    row = mark_row([Mark(sample=119, key="b")], taken=120, shown=120, width=40)
    assert row.plain.endswith("▲b")
    assert len(row.plain) == 40


def test_her_time_says_the_opponents_did_the_waiting() -> None:
    summary = dataclasses.replace(ExhibitionStats().summary(), simulated_seconds=120.0, gm_busy_fraction=1.0)
    assert her_time(summary) == "never idle: a reply was always in"
    idle = dataclasses.replace(summary, gm_busy_fraction=0.39, gm_waits=34)
    assert her_time(idle) == "idle 61%: 34 times, all thinking"
    assert her_time(dataclasses.replace(idle, gm_waits=1)) == "idle 61%: once, all thinking"
    assert her_time(dataclasses.replace(summary, simulated_seconds=0.0)) == "-"


def test_no_figure_folds_onto_a_second_line_at_the_side_panels_width() -> None:
    summary = dataclasses.replace(
        ExhibitionStats().summary(),
        simulated_seconds=7265.0,
        sequential_seconds=86000.0,
        speedup=11.8,
        moves=4_321,
        laps=123,
        skips=4_567,
        gm_busy_fraction=0.39,
        gm_waits=234,
    )
    console = Console(width=48, record=True, file=io.StringIO())
    console.print(stats_table(summary, speed=1000.0, paused=False))
    lines = console.export_text().splitlines()
    labels = ["Elapsed", "Moves", "Grandmaster", "Results", "One at a time", "Speedup"]
    assert len(lines) == len(labels)  # one line a figure: none folded
    for line, label in zip(lines, labels, strict=True):
        assert line.startswith(label), line
    assert "idle 61%: 234 times, all thinking" in lines[2]  # said whole at this width


def test_two_keys_pressed_within_one_cell_are_both_shown() -> None:
    # a pressed during b's freeze: both reach the app at the same lag sample.
    row = mark_row([Mark(sample=60, key="b"), Mark(sample=60, key="a")], taken=120, shown=120, width=40)
    assert row.plain.count("▲") == 2
    assert "▲b▲a" in row.plain


def _branches(node: ast.expr, tree: ast.Module, *, variable: bool = False) -> list[ast.expr]:
    """`node`'s possible values: both arms of `a if c else b`, or (a `variable`) of its one assignment."""
    if variable and isinstance(node, ast.Name):
        (value,) = [
            assign.value
            for assign in ast.walk(tree)
            if isinstance(assign, ast.Assign)
            and [target.id for target in assign.targets if isinstance(target, ast.Name)] == [node.id]
        ]
        return _branches(value, tree)
    if isinstance(node, ast.IfExp):
        return [node.body, node.orelse]
    return [node]


def test_every_lesson_marks_a_line_of_the_code_it_shows() -> None:
    # A marker that is not in its function's source would highlight the function's first line, silently.
    tree = ast.parse(inspect.getsource(lesson_module))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and ast.unparse(node.func) == "Lesson"]
    pairs: list[tuple[ast.expr, ast.expr]] = []
    for call in calls:
        functions, markers = _branches(call.args[1], tree), _branches(call.args[2], tree, variable=True)
        if len(functions) == 1:  # one function, one of two lines in it
            functions *= len(markers)
        pairs += zip(functions, markers, strict=True)
    assert len(calls) >= 15
    assert len(pairs) >= len(calls) + 2  # two lessons choose between two lines: each is checked
    for function, marker in pairs:
        shown = eval(compile(ast.Expression(function), "<lesson>", "eval"), vars(lesson_module))
        assert isinstance(marker, ast.Constant)
        assert isinstance(marker.value, str)
        assert marker.value in inspect.getsource(shown), (ast.unparse(function), marker.value)
