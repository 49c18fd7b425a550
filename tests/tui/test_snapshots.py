"""Snapshots of what a person sees, on a seeded app paused at the start (update: pytest --snapshot-update)."""

from __future__ import annotations

import asyncio

import pytest
from pytest_textual_snapshot import SVGImageExtension
from syrupy.assertion import SnapshotAssertion

from simul.core.config import ExhibitionConfig
from simul.tui.app import LESSON_SECONDS, SimulApp


@pytest.fixture
def screen_snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """One SVG file per snapshot, as pytest-textual-snapshot stores them."""
    return snapshot.use_extension(SVGImageExtension)


def paused_app() -> SimulApp:
    loop = asyncio.get_running_loop()
    # Lag measured on the loop's own (virtual) clock: always 0, so the figures do not vary.
    return SimulApp(ExhibitionConfig(seed=3), paused=True, lag_clock=loop.time)


async def screenshot(app: SimulApp, size: tuple[int, int], *keys: str) -> str:
    async with app.run_test(size=size) as pilot:
        await asyncio.sleep(LESSON_SECONDS + 0.5)  # the first lesson is up
        await pilot.press(*keys)
        await pilot.pause()
        return app.export_screenshot()


async def test_start_screen(screen_snapshot: SnapshotAssertion) -> None:
    assert await screenshot(paused_app(), (200, 50)) == screen_snapshot


async def test_zoomed_board(screen_snapshot: SnapshotAssertion) -> None:
    assert await screenshot(paused_app(), (200, 50), "right", "enter") == screen_snapshot


async def test_terminal_too_small(screen_snapshot: SnapshotAssertion) -> None:
    assert await screenshot(paused_app(), (60, 18)) == screen_snapshot
