"""Snapshots of what a person sees, on a seeded app paused at the start (update: pytest -n0 --snapshot-update)."""

from __future__ import annotations

import asyncio

import pytest
from pytest_textual_snapshot import SVGImageExtension
from syrupy.assertion import SnapshotAssertion

from simul.core.config import ExhibitionConfig, ThinkTime
from simul.loop.handles import HandleKind, HandleView
from simul.loop.snapshot import LoopSnapshot, TimerView
from simul.loop.waits import WaitKind
from simul.tui.app import LESSON_SECONDS, SimulApp
from simul.tui.screens.summary import SummaryScreen


@pytest.fixture
def screen_snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """One SVG file per snapshot, as pytest-textual-snapshot stores them."""
    return snapshot.use_extension(SVGImageExtension)


READING = LoopSnapshot(
    time=0.0,
    virtual=True,
    passes=1234,
    ready=(HandleView("grandmaster", HandleKind.STEP, "simul"),) + (HandleView("m", HandleKind.STEP, "textual"),) * 3,
    held=(),
    timers=(TimerView(0.004, HandleView("screen_update", HandleKind.WAKES, "textual")),),
    timer_count=3,
    focused_timers=(TimerView(1.5, HandleView("opponent 7", HandleKind.WAKES, "simul")),),
    waits={WaitKind.TIMER: 3, WaitKind.EVENT: 60, WaitKind.READY: 4},
    last_timeout=0.0,
    last_pass_seconds=0.0,
)
"""A fixed reading of the loop. Textual's own timers follow the wall clock even on the virtual loop, so a
real reading (its passes, its timers' countdowns) would differ from run to run; the rest of the screen is real."""


def paused_app(monkeypatch: pytest.MonkeyPatch) -> SimulApp:
    loop = asyncio.get_running_loop()
    monkeypatch.setattr(SimulApp, "read_loop", lambda app: READING)
    # Lag measured on the loop's own (virtual) clock: always 0, so the figures do not vary.
    return SimulApp(ExhibitionConfig(seed=3), paused=True, lag_clock=loop.time)


async def screenshot(app: SimulApp, size: tuple[int, int], *keys: str) -> str:
    async with app.run_test(size=size) as pilot:
        await asyncio.sleep(LESSON_SECONDS + 0.5)  # the first lesson is up
        await pilot.press(*keys)
        await pilot.pause()
        return app.export_screenshot()


async def test_start_screen(screen_snapshot: SnapshotAssertion, monkeypatch: pytest.MonkeyPatch) -> None:
    assert await screenshot(paused_app(monkeypatch), (200, 50)) == screen_snapshot


async def test_zoomed_board(screen_snapshot: SnapshotAssertion, monkeypatch: pytest.MonkeyPatch) -> None:
    assert await screenshot(paused_app(monkeypatch), (200, 50), "right", "enter") == screen_snapshot


async def test_terminal_too_small(screen_snapshot: SnapshotAssertion, monkeypatch: pytest.MonkeyPatch) -> None:
    assert await screenshot(paused_app(monkeypatch), (60, 18)) == screen_snapshot


async def test_small_terminal_follows_her(screen_snapshot: SnapshotAssertion, monkeypatch: pytest.MonkeyPatch) -> None:
    # 80x24: the room alone, boards drawn compact, the footer offering the panel (tab).
    assert await screenshot(paused_app(monkeypatch), (80, 24)) == screen_snapshot


async def test_small_terminal_panel(screen_snapshot: SnapshotAssertion, monkeypatch: pytest.MonkeyPatch) -> None:
    assert await screenshot(paused_app(monkeypatch), (80, 24), "tab") == screen_snapshot


async def test_end_summary(screen_snapshot: SnapshotAssertion, monkeypatch: pytest.MonkeyPatch) -> None:
    loop = asyncio.get_running_loop()
    monkeypatch.setattr(SimulApp, "read_loop", lambda app: READING)
    config = ExhibitionConfig(boards=12, think=ThinkTime(1.0, 4.0), gm_move=0.5, max_moves=4, seed=3)
    app = SimulApp(config, lag_clock=loop.time)
    async with app.run_test(size=(200, 50)) as pilot:
        await asyncio.sleep(60)  # every game is over well before
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.export_screenshot() == screen_snapshot
