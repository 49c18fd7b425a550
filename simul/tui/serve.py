"""`simul serve`: the TUI in a web browser, for a projector; each page that opens it gets an exhibition of its own."""

from __future__ import annotations

import asyncio
import logging
import os
import shlex
import sys
from pathlib import Path

from aiohttp import web
from textual_serve.server import Server

from simul.core.config import ExhibitionConfig
from simul.loop.event_loop import real_loop
from simul.options import EXIT_USAGE
from simul.shutdown import StopRequests
from simul.tui.served import ServedSettings, command


class _Server(Server):
    """textual-serve's server, quiet at start-up: simul prints the address itself once it listens."""

    async def on_startup(self, app: web.Application) -> None:
        pass  # the base prints a banner and the command line, a long JSON argument here


def serve(
    config: ExhibitionConfig,
    *,
    speed: float,
    paused: bool,
    save_folder: Path | None,
    host: str,
    port: int,
) -> int:
    """Serve the TUI on `host:port` until a stop signal; return the exit code."""
    settings = ServedSettings(config, speed, paused, save_folder)
    server = _Server(
        # textual-serve runs the command through `sh -c`: `exec` makes the app the server's own child,
        # so the kernel ends it with the server (Debian's dash would otherwise fork and wait).
        "exec " + shlex.join(command(settings, os.getpid())),
        host=host,
        port=port,
        title=f"simul: {config.boards} boards",
    )
    with StopRequests(final=True) as stops:
        stopped = asyncio.Event()
        refused = stops.run(_serve(server, stopped), real_loop(), stop=stopped.set)
    if refused is not None:
        print(f"simul serve: error: cannot listen on {host}:{port}: {refused}", file=sys.stderr)
        return EXIT_USAGE
    return stops.exit_code or 0


async def _serve(server: _Server, stopped: asyncio.Event) -> str | None:
    """Serve until `stopped` is set; why the address was refused, if it was."""
    runner = web.AppRunner(await server._make_app(), handle_signals=False)
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, server.host, server.port).start()
        except OSError as error:  # the port taken, the host not this machine's
            said = os.strerror(error.errno) if error.errno else str(error)  # asyncio's own words repeat the address
            return said[:1].lower() + said[1:]
        if server.port == 0:
            # Any free port: one per address `host` names (IPv4 and IPv6 ones differ), so the page, and the
            # WebSocket address written into it, name the first socket's own address.
            address, server.port = runner.addresses[0][:2]
            server.public_url = f"http://{f'[{address}]' if ':' in address else address}:{server.port}"
        server.initialize_logging()  # textual-serve's own: an app that fails to start is said on the console
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)  # a line per request would bury the address
        print(f"simul serve: open {server.public_url} in a browser (Ctrl+C stops the server)", flush=True)
        await stopped.wait()
        return None
    finally:
        # Each page's app lives as long as its WebSocket: the cleanup closes them, tells each app to quit
        # and waits for it to end. A `kill -9` of the server ends them too (see served.py).
        await runner.cleanup()
