"""Makes the pictures of docs/teaching.md: `python docs/make_screenshots.py` (needs Debian's chromium).

The TUI is played on simul's own loop on the real clock, as a class sees it,
at a seeded exhibition; each picture is Textual's SVG screenshot drawn into a
PNG by headless Chromium (which draws Textual's SVGs faithfully). The browser
picture is `simul serve`'s page. It takes about a minute and a half.
"""

from __future__ import annotations

import asyncio
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.tui.browser, which drives Chromium

from simul.core.config import ExhibitionConfig, ThinkTime  # noqa: E402
from simul.loop.event_loop import run  # noqa: E402
from simul.tui.app import SimulApp  # noqa: E402
from simul.tui.screens.summary import SummaryScreen  # noqa: E402
from tests.tui.browser import browser_page  # noqa: E402

IMAGES = ROOT / "docs" / "images"
SEED = 2026


async def save(app: SimulApp, name: str) -> None:
    """The app's screen as docs/images/NAME.png."""
    svg = app.export_screenshot()
    match = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    assert match is not None
    width, height = (round(float(size)) for size in match.groups())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.svg"
        path.write_text(svg)
        async with browser_page(path.as_uri(), width=width, height=height) as page:
            # The page as large as the picture: a headless window's own viewport is smaller than the window.
            await page.call(
                "Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False
            )
            (IMAGES / f"{name}.png").write_bytes(await page.screenshot())
    print(f"docs/images/{name}.png")


async def room(name: str, size: tuple[int, int], boards: int, seconds: float, *keys: str) -> None:
    """The room after `seconds` of play at x10, then `keys` pressed."""
    app = SimulApp(ExhibitionConfig(boards=boards, seed=SEED), speed=10)
    async with app.run_test(size=size) as pilot:
        await asyncio.sleep(seconds)
        for key in keys:
            await pilot.press(key)
            await asyncio.sleep(0.3)
        await save(app, name)


async def pauses(name: str, *steps: str | float) -> None:
    """50 boards after 6 s of play, then each step: a key pressed, or seconds waited; one picture at the end.

    One picture a run: exporting a screenshot holds the loop for a few tenths of a second, a spike on the
    lag sparkline that a second picture of the same run would show next to the keys.
    """
    app = SimulApp(ExhibitionConfig(boards=50, seed=SEED), speed=10)
    async with app.run_test(size=(200, 50)) as pilot:
        await asyncio.sleep(6)
        for step in steps:
            if isinstance(step, str):
                await pilot.press(step)
            else:
                await asyncio.sleep(step)
        await save(app, name)


async def summary() -> None:
    """The end of the story: a short exhibition played to its end."""
    config = ExhibitionConfig(boards=12, think=ThinkTime(1.0, 4.0), gm_move=0.5, max_moves=6, seed=SEED)
    app = SimulApp(config, speed=20)
    async with app.run_test(size=(200, 50)):
        for _ in range(120):  # a minute at most: the games last about 20 s at x20
            if isinstance(app.screen, SummaryScreen):
                break
            await asyncio.sleep(0.5)
        await asyncio.sleep(1.5)  # the lesson panel, redrawn each second, tells the end too
        await save(app, "summary")


async def browser() -> None:
    """`simul serve` in headless Chromium."""
    server = await asyncio.create_subprocess_exec(
        *[sys.executable, "-m", "simul", "serve", "--host", "127.0.0.1", "--port", "0"],
        *["--boards", "50", "--speed", "10", "--seed", str(SEED)],
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert server.stdout is not None
        url = re.search(r"http://\S+", (await server.stdout.readline()).decode())
        assert url is not None
        async with browser_page(f"{url.group(0)}/?fontsize=13", width=1600, height=900) as page:
            await page.wait_for_text(re.compile("simul · 50 boards"))
            await asyncio.sleep(8)
            (IMAGES / "browser.png").write_bytes(await page.screenshot())
            print("docs/images/browser.png")
    finally:
        server.terminate()
        await server.wait()


async def main() -> None:
    IMAGES.mkdir(exist_ok=True)
    await room("room-200x50-12", (200, 50), 12, 8)
    await room("room-200x50-50", (200, 50), 50, 8)
    await room("room-120x40-50", (120, 40), 50, 8)
    await room("room-80x24", (80, 24), 50, 8)
    await room("room-80x24-lesson", (80, 24), 50, 8, "tab")
    await room("room-80x24-figures", (80, 24), 50, 8, "tab", "tab")
    await pauses("block", "b", 4.0)  # the spike, and the lesson: 0 moves elsewhere meanwhile
    await pauses("rest", "a", 0.8)  # her table resting at its await, the line flat
    await pauses("both", "b", 1.5, "a", 3.0)  # both marks, and the lesson's two counts side by side
    await summary()
    await browser()


async def script() -> None:
    # A task of this script's own: its sleeps are not the app's, and the floor panel files them apart
    # from the room's (the main task's coroutine is simul's).
    await asyncio.create_task(main(), name="docs script")


if __name__ == "__main__":
    run(script(), virtual=False)
