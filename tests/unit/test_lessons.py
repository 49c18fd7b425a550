"""The lessons' own reasoning, apart from their measurements: what they conclude from given figures."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor

import pytest

from simul.lessons import gil


def test_threads_no_faster_than_one_thread_are_explained_by_the_gil() -> None:
    for speedup in (0.7, 1.0, 1.2):
        assert gil.threads_verdict(speedup, gil=True, cores=2) == ("the GIL let one run Python at a time", None)


def test_threads_faster_than_one_thread_with_the_gil_are_not_explained_by_it() -> None:
    verdict, note = gil.threads_verdict(1.6, gil=True, cores=2)
    assert "GIL let" not in verdict
    assert verdict == "the machine's load changed during the measurement"
    assert note is not None
    assert note.startswith("With the GIL, pure-Python threads cannot beat one thread")


def test_without_the_gil_the_verdict_follows_the_cores_and_the_measurement() -> None:
    assert gil.threads_verdict(1.9, gil=False, cores=4)[0].startswith("no GIL: they ran Python in parallel")
    assert gil.threads_verdict(1.0, gil=False, cores=4)[0].startswith("no GIL, yet no faster")
    assert gil.threads_verdict(1.0, gil=False, cores=1) == ("no GIL, but one core: they could only take turns", None)
    verdict, note = gil.threads_verdict(1.5, gil=False, cores=1)
    assert verdict == "the machine's load changed during the measurement"
    assert note is not None
    assert note.startswith("On one core, pure-Python threads cannot beat one thread")


def test_each_way_is_timed_in_turn_and_its_best_time_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    order: list[str] = []
    times = {"alone": iter([3.0, 1.0, 2.0]), "threads": iter([1.5, 1.1, 1.2]), "processes": iter([0.9, 0.6, 0.7])}

    def fake_timed(factory: Callable[[], Executor] | None, fens: list[str]) -> float:
        name = "alone"
        if factory is not None:
            with factory() as executor:  # made, never given work: no thread or process starts
                name = "threads" if isinstance(executor, ThreadPoolExecutor) else "processes"
        order.append(name)
        return next(times[name])

    monkeypatch.setattr(gil, "timed", fake_timed)
    assert gil.measure([], rounds=3) == gil.Timings(alone=1.0, threads=1.1, processes=0.6)
    assert order == ["alone", "threads", "processes"] * 3


def test_the_cores_are_those_this_process_may_run_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {2, 3}, raising=False)
    assert gil.usable_cores() == 2
    monkeypatch.delattr(os, "sched_getaffinity")
    monkeypatch.delattr(os, "process_cpu_count", raising=False)
    assert gil.usable_cores() == 64
