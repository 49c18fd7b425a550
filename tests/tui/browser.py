"""Headless Chromium driven over the DevTools protocol: open a page, read what its WebSocket brought, press keys.

textual-serve's page draws the terminal on a canvas, so the DOM holds no
text: what the app sent is read from the page's WebSocket frames instead,
as the DevTools protocol reports them.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import re
import shutil
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these three, Chromium calls Google's servers at start; a closed network refuses them by the dozen.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
]
ESCAPE = re.compile(r"\x1b(\[[0-9;?$<>=]*[ -/]*[@-~]|\][^\x07]*\x07|[()][0-9A-Za-z]|[=>])")
"""A terminal escape sequence: colours, cursor moves, modes, titles."""


def chromium_path() -> str | None:
    """Debian's `chromium`, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class Page:
    """One browser tab, spoken to over the DevTools protocol."""

    socket: aiohttp.ClientWebSocketResponse
    frames: list[bytes] = field(default_factory=list)
    """Every WebSocket frame the page received, as bytes, since the page's sockets were last forgotten."""
    _sockets: set[str] = field(default_factory=set)
    """The page's WebSockets (DevTools request ids) that brought frames."""
    _forgotten: set[str] = field(default_factory=set)
    """Sockets whose late frames are dropped: those of a page since reloaded."""
    received: asyncio.Event = field(default_factory=asyncio.Event)
    """Set each time a frame arrives."""
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _replies: dict[int, asyncio.Future[dict[str, Any]]] = field(default_factory=dict)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Call a DevTools method; its result."""
        ident = next(self._ids)
        reply: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._replies[ident] = reply
        await self.socket.send_json({"id": ident, "method": method, "params": params})
        return await reply

    async def listen(self) -> None:
        """Route replies to their calls and keep the page's WebSocket frames, until the tab closes."""
        async for message in self.socket:
            data: dict[str, Any] = json.loads(message.data)
            if "id" in data:
                reply = self._replies.pop(data["id"])
                if "error" in data:
                    reply.set_exception(RuntimeError(f"DevTools: {data['error']}"))
                else:
                    reply.set_result(data.get("result", {}))
            elif data.get("method") == "Network.webSocketFrameReceived":
                socket = data["params"]["requestId"]
                if socket in self._forgotten:
                    continue  # a frame still in flight from before a reload
                self._sockets.add(socket)
                response = data["params"]["response"]
                payload: str = response["payloadData"]
                self.frames.append(base64.b64decode(payload) if response["opcode"] == 2 else payload.encode())
                self.received.set()

    def forget_sockets(self) -> None:
        """Drop what the page's current sockets brought, and anything they still bring: before a reload."""
        self._forgotten |= self._sockets
        self.frames.clear()

    def screen_text(self) -> str:
        """Everything the app drew so far, escape sequences taken out."""
        return ESCAPE.sub("", b"".join(self.frames).decode("utf-8", "replace"))

    async def wait_for_text(self, pattern: re.Pattern[str]) -> re.Match[str]:
        """The first match of `pattern` in what the app drew, as soon as it is there."""
        while (match := pattern.search(self.screen_text())) is None:
            self.received.clear()
            await self.received.wait()
        return match

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        return (await self.call("Runtime.evaluate", expression=expression, returnByValue=True))["result"].get("value")

    async def press(self, key: str) -> None:
        """Type one character into the terminal."""
        await self.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        await self.call("Input.dispatchKeyEvent", type="keyDown", key=key, text=key)
        await self.call("Input.dispatchKeyEvent", type="keyUp", key=key)

    async def screenshot(self) -> bytes:
        """The page as a PNG."""
        return base64.b64decode((await self.call("Page.captureScreenshot", format="png"))["data"])


@contextlib.asynccontextmanager
async def browser_page(url: str, *, width: int = 1600, height: int = 1000) -> AsyncIterator[Page]:
    """A headless Chromium showing `url`; Chromium is killed on the way out."""
    chromium = chromium_path()
    if chromium is None:
        raise RuntimeError("no chromium on PATH (Debian's package chromium)")
    with tempfile.TemporaryDirectory(prefix="simul-chromium-") as profile:
        process = await asyncio.create_subprocess_exec(
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            "about:blank",
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            assert process.stderr is not None
            devtools = await _devtools_port(process.stderr)
            async with aiohttp.ClientSession() as session, asyncio.TaskGroup() as tasks:
                drain = tasks.create_task(process.stderr.read())  # Chromium's chatter must not fill the pipe
                async with session.get(f"http://127.0.0.1:{devtools}/json/list") as response:
                    targets: list[dict[str, str]] = await response.json()
                tab = next(target["webSocketDebuggerUrl"] for target in targets if target["type"] == "page")
                async with session.ws_connect(tab, max_msg_size=0) as socket:
                    page = Page(socket)
                    listener = tasks.create_task(page.listen())
                    await page.call("Network.enable")
                    await page.call("Page.enable")
                    await page.call("Page.navigate", url=url)
                    try:
                        yield page
                    finally:
                        listener.cancel()
                        drain.cancel()
        finally:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


async def _devtools_port(stderr: asyncio.StreamReader) -> int:
    """The DevTools port Chromium announces on stderr."""
    while line := (await stderr.readline()).decode():
        if match := re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line):
            return int(match.group(1))
    raise RuntimeError("chromium ended before it listened")
