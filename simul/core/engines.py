"""UCI engines (Stockfish) in processes of their own, lent to the tables one search at a time.

An engine thinks in another process; the task that asked for its move waits
on the engine's pipe, which the event loop's selector watches: the I/O wait of
the tutorial, for real. The pool starts engines as they are needed, up to its
size; a table that finds them all busy waits for one (an `asyncio.Semaphore`).
A search that fails (the engine died, hung, or answered nonsense) costs that
engine its place: it is killed, a fresh one takes over, and the search is
asked again; only when that keeps failing does the table fail, alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

import chess
import chess.engine

from simul.core.errors import ConfigError
from simul.loop.event_loop import SimulLoop

STOCKFISH = "stockfish"
"""The engine simul plays with, and the command it looks for on PATH."""
DEBIAN_STOCKFISH = "/usr/games/stockfish"
"""Where Debian's package puts it: a folder that is not on every PATH."""
MIN_THINK = 0.01
"""The shortest search asked of an engine, in seconds: a think whose time is up still gets a move."""
GRACE = 2.0
"""How long past its think time an engine may take to answer before it counts as hung, in seconds."""
START_TIMEOUT = 10.0
"""How long an engine may take to start and say `uciok`, in seconds."""
QUIT_TIMEOUT = 1.0
"""How long an engine is given to quit at the end before it is killed, in seconds."""
ATTEMPTS = 3
"""Engines tried for one move before the table gives up: a crash or a hang is retried on a fresh one."""
NICENESS = 10
"""Engines run at a lower priority than simul: the room (and the screen) come first on a busy machine."""
ENGINES_PER_CORE = 4
MAX_DEFAULT_ENGINES = 32


_Spawned = tuple[asyncio.SubprocessTransport, chess.engine.UciProtocol]
"""A started engine process: the transport to its pipes, and the protocol that speaks UCI over them."""


class EngineFailed(Exception):
    """An engine could not give a move, however many times it was asked."""


def find_engine(path: str | None) -> str:
    """The engine to run: `path` (a file, or a command on PATH), else Stockfish on PATH or where Debian puts it."""
    if path is None:
        found = shutil.which(STOCKFISH) or shutil.which(DEBIAN_STOCKFISH)
        if found is None:
            raise ConfigError(
                "Stockfish is not installed: install Debian's package `stockfish` "
                "(sudo apt-get install stockfish), or give --engine-path"
            )
        return found
    if not path:
        raise ConfigError("--engine-path is empty: give the engine's file, or leave it out to use Stockfish")
    found = shutil.which(path)
    if found is None:
        raise ConfigError(f"--engine-path {path!r} is not an executable file")
    return found


def default_pool_size(boards: int) -> int:
    """Engines for `boards` opponents: four to a core (an engine searches for its whole think), at most 32."""
    return min(boards, ENGINES_PER_CORE * (os.cpu_count() or 1), MAX_DEFAULT_ENGINES)


@dataclass(frozen=True, slots=True)
class EngineView:
    """One engine process, as the pool stands."""

    number: int
    """Engine 1, 2, ... in the order the pool set out to start them (a replacement gets a new number)."""
    pid: int
    """Its process id."""
    task: str | None
    """The name of the task it is searching for (`opponent 12`), or None while idle."""
    searches: int
    """Searches it has answered."""


class _Engine:
    """One engine process and the protocol that talks to it over its pipes."""

    def __init__(self, number: int, transport: asyncio.SubprocessTransport, protocol: chess.engine.UciProtocol) -> None:
        self.number = number
        self.transport = transport
        self.protocol = protocol
        self.pid = transport.get_pid()
        self.task: str | None = None
        self.searches = 0

    def view(self) -> EngineView:
        return EngineView(self.number, self.pid, self.task, self.searches)

    def kill(self) -> None:
        """End the process at once: `close` kills a child that is still running."""
        self.transport.close()


class EnginePool:
    """At most `size` engines running `command`, each lent to one search at a time.

    `open` starts the first engine (so a command that is no engine fails at
    once); the others start as searches need them. A search cancelled midway
    kills its engine. `aclose` asks every idle engine to quit at once, and
    kills those that have not within `quit_timeout`: no engine outlives the
    pool.
    """

    def __init__(
        self,
        command: str | list[str],
        size: int,
        *,
        grace: float = GRACE,
        start_timeout: float = START_TIMEOUT,
        quit_timeout: float = QUIT_TIMEOUT,
    ) -> None:
        if size < 1:
            raise ValueError(f"a pool needs at least one engine, not {size}")
        self.command = command
        """The engine's program (and its arguments)."""
        self.size = size
        """The most engines running at once."""
        self.grace = grace
        self.start_timeout = start_timeout
        self.quit_timeout = quit_timeout
        self._name = os.path.basename(command if isinstance(command, str) else command[-1])
        self.started = 0
        """Engines started so far, replacements included."""
        self.replaced = 0
        """Engines killed after a fault (a crash, a hang, a bad answer)."""
        self._free = asyncio.Semaphore(size)
        self._idle: list[_Engine] = []
        self._all: dict[int, _Engine] = {}
        self._killed: list[_Engine] = []
        self._numbers = itertools.count(1)
        self._spawning: set[asyncio.Task[_Spawned]] = set()
        self._closed = False

    @property
    def engines(self) -> tuple[EngineView, ...]:
        """Every running engine, in the order they started."""
        return tuple(engine.view() for engine in self._all.values())

    async def open(self) -> None:
        """Start the first engine; raise `EngineFailed` with the reason if it does not start."""
        if not self._all:
            self._idle.append(await self._start())

    async def play(
        self, board: chess.Board, limit: chess.engine.Limit, options: chess.engine.ConfigMapping
    ) -> chess.Move:
        """The move an engine finds in `board` within `limit`; `EngineFailed` after `ATTEMPTS` faults."""
        if self._closed:
            raise EngineFailed("the engines have been shut down")
        faults: list[str] = []
        async with self._free:  # every engine busy: wait here for one
            while len(faults) < ATTEMPTS:
                try:
                    engine = self._idle.pop() if self._idle else await self._start()
                except EngineFailed as error:
                    faults.append(str(error))
                    continue
                try:
                    move = await self._search(engine, board, limit, options)
                except _Fault as fault:
                    faults.append(f"engine {engine.number} (pid {engine.pid}) {fault}")
                    self._discard(engine)
                    continue
                except BaseException:
                    # Cancelled mid-search (a resignation, the end). Stockfish would stop when told, but
                    # an engine that hangs would not: it is never lent again, whatever it is.
                    self._retire(engine)
                    raise
                engine.task = None
                self._idle.append(engine)
                return move
        raise EngineFailed("; then ".join(faults))

    async def aclose(self) -> None:
        """Ask every engine to quit at once; kill those still running after `quit_timeout`; wait until all are gone."""
        self._closed = True
        # Engines still starting finish first (an abandoned one is killed as it does): then all are known.
        await asyncio.gather(*self._spawning, return_exceptions=True)
        engines, self._idle = list(self._all.values()), []
        self._all.clear()
        await asyncio.gather(*(self._quit(engine) for engine in engines))
        # The faulty ones were killed already: wait for the kernel to report them gone, so none is left a zombie.
        killed, self._killed = self._killed, []
        await asyncio.gather(*(self._exited(engine) for engine in killed))

    async def _search(
        self, engine: _Engine, board: chess.Board, limit: chess.engine.Limit, options: chess.engine.ConfigMapping
    ) -> chess.Move:
        task = asyncio.current_task()
        engine.task = task.get_name() if task is not None else None
        # A fresh game each search (`ucinewgame`: the hash cleared): the move depends on the position
        # alone, not on which tables this engine served before, so fixed nodes give the same games.
        try:
            with _outside_work():
                async with asyncio.timeout((limit.time or 0.0) + self.grace if limit.nodes is None else None):
                    result = await engine.protocol.play(board, limit, game=object(), options=options)
        except TimeoutError:
            raise _Fault(f"gave no move within {(limit.time or 0.0) + self.grace:g} s") from None
        except chess.engine.EngineTerminatedError as error:
            raise _Fault(f"died: {error}") from None
        except chess.engine.EngineError as error:
            raise _Fault(f"answered nonsense: {error}") from None
        if result.move is None or result.move not in board.legal_moves:
            raise _Fault(f"offered no legal move ({result.move})")
        engine.searches += 1
        return result.move

    async def _start(self) -> _Engine:
        spawning = asyncio.get_running_loop().create_task(self._spawn(), name="engine starting")
        self._spawning.add(spawning)
        spawning.add_done_callback(self._spawning.discard)
        try:
            # Shielded: on CPython 3.11 and 3.12 a task cancelled while asyncio connects a new process's
            # pipes can wait forever for that process (python/cpython#125502). The pool's own task lets
            # the start finish; an engine nobody waits for any more is then killed, and `aclose` waits.
            transport, protocol = await asyncio.shield(spawning)
        except asyncio.CancelledError:
            spawning.add_done_callback(self._kill_abandoned)
            raise
        engine = _Engine(next(self._numbers), transport, protocol)
        try:
            with _outside_work():
                async with asyncio.timeout(self.start_timeout):
                    await protocol.initialize()  # `uci`, then its options until `uciok`
        except BaseException as error:
            self._killed.append(engine)  # `aclose` waits for it to be gone
            engine.kill()
            if isinstance(error, TimeoutError):
                raise EngineFailed(
                    f"{self._name} did not start as a UCI engine within {self.start_timeout:g} s"
                ) from None
            if isinstance(error, chess.engine.EngineError | chess.engine.EngineTerminatedError):
                raise EngineFailed(f"{self._name} did not start as a UCI engine: {error}") from None
            raise
        self.started += 1
        with contextlib.suppress(OSError):  # it may already have died: the search will tell
            os.setpriority(os.PRIO_PROCESS, engine.pid, NICENESS)
        if self._closed:  # shut down while it started
            self._killed.append(engine)
            engine.kill()
            raise EngineFailed("the engines have been shut down")
        self._all[engine.number] = engine
        return engine

    async def _spawn(self) -> _Spawned:
        try:
            with _outside_work():
                # A process group of its own: a Ctrl+C at the terminal reaches simul alone, which then
                # ends its engines itself. Standard error is dropped: it would scribble over the TUI.
                return await chess.engine.UciProtocol.popen(self.command, setpgrp=True, stderr=subprocess.DEVNULL)
        except OSError as error:
            raise EngineFailed(f"{self._name} did not start: {error}") from None

    def _kill_abandoned(self, spawning: asyncio.Task[_Spawned]) -> None:
        if not spawning.cancelled() and spawning.exception() is None:
            transport, protocol = spawning.result()
            engine = _Engine(next(self._numbers), transport, protocol)
            self._killed.append(engine)
            engine.kill()

    def _discard(self, engine: _Engine) -> None:
        """Kill a faulty engine: the next search starts a fresh one in its place."""
        self.replaced += 1
        self._retire(engine)

    def _retire(self, engine: _Engine) -> None:
        engine.task = None
        self._all.pop(engine.number, None)
        self._killed.append(engine)
        engine.kill()

    async def _quit(self, engine: _Engine) -> None:
        try:
            with _outside_work():
                async with asyncio.timeout(self.quit_timeout):
                    await engine.protocol.quit()
        except (TimeoutError, chess.engine.EngineError, chess.engine.EngineTerminatedError):
            pass
        finally:
            engine.kill()
        await self._exited(engine)

    async def _exited(self, engine: _Engine) -> None:
        """Return once `engine`'s process has been reaped (at most `quit_timeout` after a kill)."""
        with _outside_work(), contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self.quit_timeout):
                await asyncio.shield(engine.protocol.returncode)


class _Fault(Exception):
    """What went wrong with one engine during one search."""


@contextlib.contextmanager
def _outside_work() -> Iterator[None]:
    """On simul's virtual loop, keep the clock from jumping while an engine works: its time is real."""
    loop = asyncio.get_running_loop()
    if isinstance(loop, SimulLoop):
        with loop.outside_work():
            yield
    else:
        yield
