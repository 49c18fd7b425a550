"""A short form of the stress run (tests/stress/signals.py): real processes, stopped by real signals."""

from __future__ import annotations

import os
import signal

import pytest

from tests.stress.signals import SCENARIOS, plan_trials, run_trial
from tests.unit.test_engine_play import STOCKFISH


@pytest.mark.parametrize(
    ("scenario", "signum", "instant", "second_after"),
    [
        ("run", signal.SIGTERM, 0.15, None),  # while Python loads simul: nothing to save yet
        ("run", signal.SIGHUP, 1.0, 0.01),  # playing, then pressed again as the save begins
        ("race", signal.SIGINT, 1.2, None),  # the race and its four children
        ("engines", signal.SIGTERM, 1.5, None),  # playing against Stockfish: every engine must end too
    ],
)
def test_a_stop_signal_leaves_whole_outputs_and_nothing_running(
    scenario: str, signum: signal.Signals, instant: float, second_after: float | None
) -> None:
    if scenario == "engines" and STOCKFISH is None and not os.environ.get("CI"):
        pytest.skip("no Stockfish: Debian's package stockfish")
    trial = run_trial(SCENARIOS[scenario], signum, instant, second_after, seed=7)
    assert trial.passed, trial.problems
    assert trial.exit_code == 128 + signum
    assert trial.outputs in ("none", "whole")


def test_the_plan_covers_every_signal_and_command_with_start_up_and_play() -> None:
    plan = plan_trials(50, seed=11)
    assert {(scenario.name, signum) for scenario, signum, _, _ in plan} == {
        (name, signum) for name in SCENARIOS for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    }
    in_start_up = sum(instant < scenario.playing for scenario, _, instant, _ in plan)
    assert 15 <= in_start_up <= 35
    assert plan == plan_trials(50, seed=11)  # seeded: the same instants every time
