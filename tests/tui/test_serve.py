"""`simul serve` as a browser sees it: headless Chromium opens the page, the boards come, nothing outlives it.

These tests run real processes on the real clock (a server, its apps,
Chromium); they wait on events (a line, a frame, a process's end), never for
a fixed time, and a phase that hangs fails in seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from simul.core.config import ExhibitionConfig
from simul.core.table import TableState
from simul.tui.served import ServedSettings, command
from tests.tui.browser import browser_page, chromium_path

if chromium_path() is None and not os.environ.get("CI"):
    # A machine with Python alone (the README's test command) has no browser; CI installs one, and there
    # this test must run: with CI set, a missing Chromium fails instead of skipping.
    pytest.skip("no chromium on PATH: Debian's package chromium", allow_module_level=True)

PHASE = 20.0
"""Seconds any one phase may take before the test fails: start-up, a page, a process's end."""
BADGE = re.compile(rf"(?<!\d)(?<!, )(\d{{1,2}}) (?:{'|'.join(state.value for state in TableState)}|ready|await)")
"""A table's number over its board, and the start of its badge (not the figures' "lost 0, 50 playing")."""


@dataclass
class Served:
    """A running `simul serve`."""

    process: asyncio.subprocess.Process
    url: str

    def apps(self) -> set[int]:
        """The process ids of the apps it runs, one per open page (an ended one not yet reaped is not counted)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return {int(child) for child in children if _running(int(child))}


@contextlib.asynccontextmanager
async def served(*options: str) -> AsyncIterator[Served]:
    """`simul serve` on a free port of 127.0.0.1; killed on the way out if it still runs."""
    process = await asyncio.create_subprocess_exec(
        *[sys.executable, "-m", "simul", "serve", "--host", "127.0.0.1", "--port", "0", *options],
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        assert process.stdout is not None
        async with asyncio.timeout(PHASE):
            line = (await process.stdout.readline()).decode()
        match = re.search(r"open (http://\S+) in a browser", line)
        assert match is not None, line
        yield Served(process, match.group(1))
    finally:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"  # the state follows the name, which may hold spaces


async def ended(pid: int) -> None:
    """Return once process `pid` has ended (a pidfd turns readable)."""
    try:
        pidfd = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    loop = asyncio.get_running_loop()
    gone = loop.create_future()

    def readable() -> None:
        if not gone.done():
            gone.set_result(None)

    loop.add_reader(pidfd, readable)
    try:
        async with asyncio.timeout(PHASE):
            await gone
    finally:
        loop.remove_reader(pidfd)
        os.close(pidfd)


def only_app(server: Served) -> int:
    """The one app process, serving the open page (which has shown what the app drew)."""
    (app,) = server.apps()
    return app


def test_a_browser_shows_fifty_boards_and_no_exhibition_outlives_its_page() -> None:
    async def scenario() -> None:
        async with served("--boards", "50", "--speed", "10", "--seed", "7") as server:
            async with browser_page(f"{server.url}/?fontsize=12") as page, asyncio.timeout(PHASE):
                await page.wait_for_text(re.compile(r"simul · 50 boards"))
                while len(tables := {int(number) for number in BADGE.findall(page.screen_text())}) < 50:
                    page.received.clear()
                    await page.received.wait()
                assert tables == set(range(1, 51))
                assert page.screen_text().count("♚") >= 50  # a board each, kings and all
                assert "-first-byte" in await page.evaluate("document.body.className")  # xterm.js drew them
                first = only_app(server)
                await page.press("q")
                await ended(first)
                page.forget_sockets()  # what the next app draws, alone: not the last frames of this one
                await page.call("Page.reload")  # as the page's Restart button does: a new exhibition, a new app
                await page.wait_for_text(re.compile(r"simul · 50 boards"))
                second = only_app(server)
                assert second != first
            await ended(second)  # the page closed with Chromium: its exhibition ends
            assert server.apps() == set()
            async with browser_page(server.url) as page, asyncio.timeout(PHASE):
                await page.wait_for_text(re.compile(r"simul · 50 boards"))
                third = only_app(server)
                server.process.kill()  # kill -9: the server cannot tell its apps anything
                await ended(third)

    asyncio.run(scenario())


def test_ctrl_c_stops_the_server_with_exit_code_130() -> None:
    async def scenario() -> None:
        async with served("--boards", "3") as server:
            server.process.send_signal(signal.SIGINT)
            async with asyncio.timeout(PHASE):
                assert await server.process.wait() == 128 + signal.SIGINT

    asyncio.run(scenario())


def test_an_app_whose_server_is_gone_does_not_start() -> None:
    settings = ServedSettings.from_json(ServedSettings(_config(), 1.0, False, None).to_json())
    gone = 2**22 + 1  # above the kernel's default pid_max: no process has it
    process = asyncio.run(_run(command(settings, gone)))
    assert process == 137


def _config() -> ExhibitionConfig:
    return ExhibitionConfig(boards=2, seed=1)


async def _run(argv: list[str]) -> int:
    process = await asyncio.create_subprocess_exec(*argv, stdout=asyncio.subprocess.DEVNULL)
    async with asyncio.timeout(PHASE):
        return await process.wait()
