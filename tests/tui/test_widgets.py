"""The side panel's small pieces, as pure functions: the settings line, the lag marks, her time."""

from __future__ import annotations

import dataclasses

from simul.core.stats import ExhibitionStats
from simul.tui.widgets.lag_marks import Mark, mark_row
from simul.tui.widgets.settings_line import fold_phrases
from simul.tui.widgets.stats_panel import her_time

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
    assert her_time(idle) == "idle 61%: every opponent thinking, 34 times"
    assert her_time(dataclasses.replace(idle, gm_waits=1)) == "idle 61%: every opponent thinking, once"
    assert her_time(dataclasses.replace(summary, simulated_seconds=0.0)) == "-"
