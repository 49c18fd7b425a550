"""The scale benchmark: memory per board from two peaks, a cost a ply flagged where it grows, the child that plays."""

from __future__ import annotations

import dataclasses
import io

import pytest
from rich.console import Console

from simul.bench.goals import scale_goals
from simul.bench.memory import GIB, KB, MIB, per_unit
from simul.bench.scale import (
    MAX_MOVES,
    PROBE_MAX_MOVES,
    QUICK_PROBE_BOARDS,
    QUICK_SIZES,
    SIZES,
    MemoryProbe,
    Sample,
    ScaleFigures,
    measure_scale,
    points_of,
    probe_of,
    sample_in_child,
)
from simul.bench.tables import scale_goals_table, scale_table

BASE = 30 * MIB
"""A one-board run's peak: the interpreter, the imports, the loop."""


def sample(boards: int, us_per_ply: float = 100.0, kb_per_board: float = 10.0, max_moves: int = MAX_MOVES) -> Sample:
    """A size as a child would report it: `kb_per_board` above the baseline for each board but the first."""
    plies = boards * 2 * max_moves
    return Sample(
        boards=boards,
        max_moves=max_moves,
        plies=plies,
        wall_seconds=plies * us_per_ply * 1.1e-6,
        cpu_seconds=plies * us_per_ply * 1e-6,
        process_cpu_seconds=plies * us_per_ply * 1e-6 + 0.4,
        peak_rss_bytes=BASE + round((boards - 1) * kb_per_board * KB),
    )


def test_memory_per_unit_is_the_difference_of_two_peaks_over_the_difference_of_counts() -> None:
    assert per_unit(130 * MIB, 30 * MIB, 10_000) == pytest.approx(100 * MIB / 10_000)
    assert per_unit(31_000, 30_000, 11, baseline_units=1) == 100.0
    assert per_unit(29_000, 30_000, 11, baseline_units=1) == -100.0  # reported as measured
    with pytest.raises(ValueError, match="nothing to divide by"):
        per_unit(30_000, 30_000, 1, baseline_units=1)


def test_each_size_is_measured_against_one_board() -> None:
    baseline = sample(1)
    points = points_of([sample(50, kb_per_board=7.0), sample(5_000, kb_per_board=11.0)], baseline)
    assert [point.memory_per_board_bytes for point in points] == [pytest.approx(7 * KB), pytest.approx(11 * KB)]
    assert [point.us_per_ply for point in points] == [pytest.approx(100.0), pytest.approx(100.0)]
    assert points_of([sample(1)], baseline)[0].memory_per_board_bytes is None  # the baseline itself


def test_a_cost_a_ply_that_grows_past_the_tolerance_is_flagged_from_the_reference_size_on() -> None:
    samples = [sample(50, 300.0), sample(500, 100.0), sample(5_000, 115.0), sample(50_000, 150.0)]
    points = points_of(samples, sample(1))
    # 50 boards is under the reference size: its set-up weighs on every ply, so it is not judged.
    assert [point.growth for point in points] == [None, 0.0, pytest.approx(0.15), pytest.approx(0.5)]
    assert [point.linear for point in points] == [True, True, True, False]
    figures = ScaleFigures(MAX_MOVES, BASE, points, _probe(), quick=False)
    assert figures.reference is points[1]
    assert figures.not_linear == [points[3]]
    shown = _shown(scale_table(figures))
    assert "+50% not linear" in shown
    assert "(N - 1)" in shown  # the caption says how memory per board was reckoned
    goals = {goal.measure: goal for goal in scale_goals(figures)}
    assert goals["CPU a ply against 500 boards"].met is False
    assert goals["CPU a ply against 500 boards"].value == "grows at 50,000"


def _probe(kb_per_board: float = 11.0) -> MemoryProbe:
    return probe_of(
        sample(1_000, kb_per_board=kb_per_board, max_moves=PROBE_MAX_MOVES), sample(1, max_moves=PROBE_MAX_MOVES)
    )


def _shown(*tables: object) -> str:
    console = Console(width=240, record=True, file=io.StringIO())
    for table in tables:
        console.print(table)
    return " ".join(console.export_text().split())


@pytest.mark.parametrize(
    ("kb_at_40", "peak_at_100k", "verdicts"),
    [(11.0, 1.2 * GIB, ["met", "met"]), (14.6, 1.6 * GIB, ["missed", "missed"])],
)
def test_the_memory_goals(kb_at_40: float, peak_at_100k: float, verdicts: list[str]) -> None:
    small, big = points_of([sample(500), sample(100_000)], sample(1))
    points = (small, dataclasses.replace(big, peak_rss_bytes=int(peak_at_100k)))
    figures = ScaleFigures(MAX_MOVES, BASE, points, _probe(kb_at_40), quick=False)
    goals = scale_goals(figures)
    assert [goal.met for goal in goals[:2]] == [verdict == "met" for verdict in verdicts]
    assert goals[0].value == f"{kb_at_40:.1f} KB"
    assert "at 40 plies" in goals[0].measure  # the probe's games are 40 plies long
    rows = _shown(scale_goals_table(figures))
    for verdict in verdicts:
        assert verdict in rows


def test_the_peak_goal_is_not_judged_where_the_curve_stops_short_of_it() -> None:
    figures = ScaleFigures(MAX_MOVES, BASE, points_of([sample(500), sample(2_000)], sample(1)), _probe(), quick=True)
    peak = scale_goals(figures)[1]
    assert (peak.value, peak.met) == ("not measured", None)


def test_the_scale_runs_its_baseline_each_size_and_the_probe() -> None:
    asked: list[tuple[int, int]] = []

    def fake(boards: int, max_moves: int) -> Sample:
        asked.append((boards, max_moves))
        return sample(boards, max_moves=max_moves)

    figures = measure_scale(quick=True, sample=fake)
    assert asked == [
        (1, MAX_MOVES),
        *((size, MAX_MOVES) for size in QUICK_SIZES),
        (1, PROBE_MAX_MOVES),
        (QUICK_PROBE_BOARDS, PROBE_MAX_MOVES),
    ]
    assert figures.quick
    assert figures.probe.memory_per_board_bytes == pytest.approx(10 * KB)
    assert figures.probe.plies_per_board == 40
    assert SIZES == (50, 500, 5_000, 50_000, 100_000)


def test_a_tiny_scale_run_in_a_child_of_its_own() -> None:
    measured = sample_in_child(boards=3, max_moves=2)
    assert measured.plies == 3 * 4  # seeded: three random games, adjudicated after two full moves each
    assert 0 < measured.cpu_seconds < measured.process_cpu_seconds  # the play, and the whole child (wait4)
    assert measured.peak_rss_bytes > 10 * MIB  # an interpreter with chess and asyncio loaded
